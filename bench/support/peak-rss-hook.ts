/**
 * Preloaded into a Weir process by the benchmarks (`node --import <this> bin/weir.js …`):
 * when the process exits, writes its peak resident set size (the kernel's high-water
 * mark, `getrusage` max RSS, the same figure as VmHWM) and the CPU time it used, all
 * threads together, to the file named by `WEIR_BENCH_PEAK_RSS_FILE`. Slot threads live
 * in the same process, so both cover them. CPU time is the steadier figure when other
 * work shares the machine: contention stretches wall time far more than CPU time.
 * Worker threads inherit the preload; only the main thread writes.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env['WEIR_BENCH_PEAK_RSS_FILE'];
if (isMainThread && file !== undefined && file !== '') {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    // maxRSS is in KiB, CPU times in µs.
    writeFileSync(file, JSON.stringify({ peakRssKb: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime }));
  });
}
