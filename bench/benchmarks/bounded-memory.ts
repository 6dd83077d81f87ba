/**
 * bounded-memory: a source at full speed into a sink that sleeps 1 ms per record, source
 * and sink in two TaskManager processes (one slot each), with ~1 KiB records. Without
 * flow control the records the sink cannot take would pile up somewhere; with
 * credit-based flow control the source waits. Both TaskManagers' resident set sizes are
 * sampled every 250 ms for 60 s. Target: the larger stays under 300 MB.
 *
 *   node dist/bench/benchmarks/bounded-memory.js [--seconds S]
 *   WEIR_BENCH_MEMORY_SECONDS=10 npm run bench -- bounded-memory     (a quick run)
 *
 * `ratio` is 300 MB / the largest sampled RSS (≥ 1 meets the target); records_per_s is
 * the sink's rate, which the sleep bounds near 1000.
 */
import { TestCluster, peakRssMb, rssMb, sleep, waitFor } from '../../test/support/cluster.js';
import { numberOption } from '../support/options.js';
import { printResult, progress, readSinkReports, sig, withScratchDir } from '../support/report.js';

const BENCH = 'bounded-memory';
const LIMIT_MB = 300;
const SAMPLE_MS = 250;
const seconds = numberOption('seconds', Number(process.env['WEIR_BENCH_MEMORY_SECONDS'] ?? 60));

const cluster = await TestCluster.start({ taskManagers: 2, slots: 1 });
interface Outcome {
  readonly maxRssMb: number;
  readonly lastRssMb: number;
  readonly firstHalfMaxMb: number;
  readonly peakHwmMb: number;
  readonly sinkCount: number;
  readonly sinkSeconds: number;
}
let outcome: Outcome;
try {
  outcome = await withScratchDir(async (dir) => {
    const out = `${dir}/sink`;
    const jobId = await cluster.submit('bench/jobs/slow-sink.ts', ['--out', out]);
    await cluster.waitForRunning(jobId, 30_000);
    const placement = await cluster.taskManagersOf(jobId);
    if (placement.length !== 2) progress(`warning: source and sink share a TaskManager (${placement.join(', ')})`);
    const pids = cluster.taskManagers.map((tm) => tm.process.pid);
    const samples: number[] = [];
    const started = Date.now();
    let firstHalfMax = 0;
    while (Date.now() - started < seconds * 1000) {
      const rss = Math.max(...pids.map(rssMb));
      samples.push(rss);
      if (Date.now() - started < (seconds * 1000) / 2) firstHalfMax = Math.max(firstHalfMax, rss);
      if (samples.length % Math.round(10_000 / SAMPLE_MS) === 0) progress(`${Math.round((Date.now() - started) / 1000)} s: TaskManager RSS ${rss.toFixed(0)} MB`);
      await sleep(SAMPLE_MS);
    }
    const peakHwm = Math.max(...pids.map(peakRssMb));
    await cluster.rest.cancelJob(jobId);
    await cluster.waitForJobStatus(jobId, ['CANCELED'], 30_000);
    // A cancelled sink may not get to write its report; the RSS figures stand without it.
    const report = await waitFor('the sink report', 5000, () => {
      try {
        return readSinkReports(out, 1)[0];
      } catch {
        return undefined;
      }
    }).catch(() => undefined);
    return {
      maxRssMb: Math.max(...samples),
      lastRssMb: samples.at(-1) ?? NaN,
      firstHalfMaxMb: firstHalfMax,
      peakHwmMb: peakHwm,
      sinkCount: report?.count ?? 0,
      sinkSeconds: report === undefined ? NaN : (report.endMs - report.firstMs) / 1000,
    };
  });
} finally {
  await cluster.close();
}

progress(`max sampled TaskManager RSS ${outcome.maxRssMb.toFixed(0)} MB (first half ${outcome.firstHalfMaxMb.toFixed(0)} MB, last ${outcome.lastRssMb.toFixed(0)} MB); the sink took ${outcome.sinkCount} records`);
printResult({
  bench: BENCH,
  records_per_s: sig(outcome.sinkCount / outcome.sinkSeconds),
  baseline: `limit ${LIMIT_MB} MB TaskManager RSS`,
  ratio: sig(LIMIT_MB / outcome.maxRssMb),
  ratio_is: 'limit_mb / max_rss_mb',
  peak_rss_mb: sig(outcome.peakHwmMb),
  max_rss_mb: sig(outcome.maxRssMb),
  first_half_max_rss_mb: sig(outcome.firstHalfMaxMb),
  last_rss_mb: sig(outcome.lastRssMb),
  seconds,
});
