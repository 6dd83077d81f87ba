/**
 * checkpoint-overhead: the throughput of a keyed counting job (generator at parallelism
 * 2 → keyBy over 10 000 keys → count per key in ValueState → counting sink) with a
 * checkpoint every second against the same job without checkpoints, in the same run on
 * the same cluster (a JobManager and two TaskManager processes of one slot each),
 * alternating which goes first. Target: with/without ≥ 0.9.
 *
 *   node dist/bench/benchmarks/checkpoint-overhead.js [--records N] [--runs R]
 *
 * Rates are records / (last sink's end of input − first record at any sink); after one
 * untimed warm-up run, medians of R runs of each side count.
 */
import { TestCluster, peakRssMb, scratchDir } from '../../test/support/cluster.js';
import { median, numberOption } from '../support/options.js';
import { millions, printResult, progress, readSinkReports, sig, withScratchDir } from '../support/report.js';
import { rmSync } from 'node:fs';

const BENCH = 'checkpoint-overhead';
// Enough that a run spans several 1 s checkpoints at the ~12 M records/s this job reaches.
const records = numberOption('records', 100_000_000);
const runs = numberOption('runs', 3);

interface Run {
  readonly perSecond: number;
  readonly checkpoints: number;
}

async function once(cluster: TestCluster, checkpointMs: number, count = records): Promise<Run> {
  return withScratchDir(async (dir) => {
    const out = `${dir}/sink`;
    const jobId = await cluster.submit('bench/jobs/keyed-count.ts', [
      ...['--records', String(count), '--keys', '10000', '--out', out],
      ...(checkpointMs > 0 ? ['--checkpoint', String(checkpointMs)] : []),
    ]);
    await cluster.waitForJobStatus(jobId, ['FINISHED'], 600_000);
    const reports = readSinkReports(out, 2);
    const total = reports.reduce((sum, r) => sum + r.count, 0);
    if (total !== count) throw new Error(`the sinks counted ${total} records, expected ${count}`);
    const first = Math.min(...reports.filter((r) => r.count > 0).map((r) => r.firstMs));
    const end = Math.max(...reports.map((r) => r.endMs));
    const stats = await cluster.checkpointStatistics(jobId).catch(() => undefined);
    return { perSecond: (total / (end - first)) * 1000, checkpoints: stats?.counts.completed ?? NaN };
  });
}

const checkpointDir = scratchDir('bench-checkpoints');
const cluster = await TestCluster.start({ taskManagers: 2, slots: 1, config: { 'execution.checkpointing.dir': checkpointDir } });
const withCp: Run[] = [];
const without: Run[] = [];
let tmPeakMb = NaN;
try {
  // Warm-up: the TaskManagers' first job pays for loading and JIT, whichever side it is.
  await once(cluster, 0, Math.min(records, 3_000_000));
  for (let r = 0; r < runs; r++) {
    // Alternating the order keeps a warming or cooling machine from favouring one side.
    const checkpointsFirst = r % 2 === 1;
    const a = await once(cluster, checkpointsFirst ? 1000 : 0);
    const b = await once(cluster, checkpointsFirst ? 0 : 1000);
    const [on, off] = checkpointsFirst ? [a, b] : [b, a];
    withCp.push(on);
    without.push(off);
    progress(`run ${r + 1}/${runs}: with 1 s checkpoints ${millions(on.perSecond)} (${on.checkpoints} completed), without ${millions(off.perSecond)}`);
  }
  tmPeakMb = Math.max(...cluster.taskManagers.map((tm) => peakRssMb(tm.process.pid)));
} finally {
  await cluster.close();
  rmSync(checkpointDir, { recursive: true, force: true });
}

const onRate = median(withCp.map((r) => r.perSecond));
const offRate = median(without.map((r) => r.perSecond));
printResult({
  bench: BENCH,
  records_per_s: sig(onRate),
  baseline: 'the same job without checkpoints',
  ratio: sig(onRate / offRate),
  peak_rss_mb: sig(tmPeakMb),
  baseline_records_per_s: sig(offRate),
  checkpoint_interval_ms: 1000,
  checkpoints_completed: median(withCp.map((r) => r.checkpoints)),
  target_ratio: 0.9,
  records,
  runs,
});
