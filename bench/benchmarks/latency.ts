/**
 * latency: end-to-end latency at a steady 10 k records/s with `execution.buffer-timeout`
 * at 5 ms, on a JobManager and two TaskManager processes (one slot each): each record
 * carries the wall-clock time the source made it, and the sink, after a keyBy that sends
 * half of the records to the other process, records its age on arrival. Target: p99
 * < 20 ms.
 *
 *   node dist/bench/benchmarks/latency.js [--rate R] [--seconds S] [--warmup W]
 *
 * The first W seconds (JIT, connection set-up) are left out. `ratio` is
 * 20 ms / p99 (≥ 1 meets the target); records_per_s is the rate the records were
 * measured at.
 */
import { TestCluster, peakRssMb } from '../../test/support/cluster.js';
import { numberOption } from '../support/options.js';
import { printResult, progress, sig, withScratchDir } from '../support/report.js';
import { readFileSync } from 'node:fs';

const BENCH = 'latency';
const TARGET_P99_MS = 20;
const rate = numberOption('rate', 10_000);
const seconds = numberOption('seconds', 20);
const warmup = numberOption('warmup', 3);

interface Histogram {
  readonly count: number;
  readonly maxMs: number;
  readonly bucketMs: number;
  readonly histogram: readonly number[];
}

/** The latency below which `fraction` of the records arrived, from the merged histograms. */
function percentile(histograms: readonly Histogram[], fraction: number): number {
  const total = histograms.reduce((sum, h) => sum + h.count, 0);
  const bucketMs = histograms[0]?.bucketMs ?? 0.1;
  const buckets = histograms[0]?.histogram.length ?? 0;
  let seen = 0;
  for (let b = 0; b < buckets; b++) {
    for (const h of histograms) seen += h.histogram[b] ?? 0;
    if (seen >= fraction * total) return (b + 1) * bucketMs;
  }
  return Math.max(...histograms.map((h) => h.maxMs));
}

const cluster = await TestCluster.start({ taskManagers: 2, slots: 1, config: { 'execution.buffer-timeout.interval': '5ms' } });
let result: { histograms: Histogram[]; tmPeakMb: number };
try {
  result = await withScratchDir(async (dir) => {
    const out = `${dir}/latency`;
    const jobId = await cluster.submit('bench/jobs/latency.ts', [
      ...['--rate', String(rate), '--seconds', String(seconds), '--warmup', String(warmup), '--out', out],
    ]);
    await cluster.waitForJobStatus(jobId, ['FINISHED'], (seconds + 60) * 1000);
    const histograms = [0, 1].map((i) => JSON.parse(readFileSync(`${out}.${i}.json`, 'utf8')) as Histogram);
    return { histograms, tmPeakMb: Math.max(...cluster.taskManagers.map((tm) => peakRssMb(tm.process.pid))) };
  });
} finally {
  await cluster.close();
}

const { histograms } = result;
const measured = histograms.reduce((sum, h) => sum + h.count, 0);
const p50 = percentile(histograms, 0.5);
const p99 = percentile(histograms, 0.99);
const p999 = percentile(histograms, 0.999);
const max = Math.max(...histograms.map((h) => h.maxMs));
progress(`${measured} records after a ${warmup} s warm-up: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, p99.9 ${p999.toFixed(1)} ms, max ${max.toFixed(1)} ms`);

printResult({
  bench: BENCH,
  records_per_s: rate,
  baseline: `target p99 ${TARGET_P99_MS} ms`,
  ratio: sig(TARGET_P99_MS / p99),
  ratio_is: 'target_p99_ms / p99_ms',
  peak_rss_mb: sig(result.tmPeakMb),
  p50_ms: sig(p50),
  p99_ms: sig(p99),
  p999_ms: sig(p999),
  max_ms: sig(max),
  records_measured: measured,
  buffer_timeout_ms: 5,
  seconds,
});
