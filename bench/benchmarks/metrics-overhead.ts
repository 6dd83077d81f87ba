/**
 * metrics-overhead: the chained-pipeline job (generator → map → filter → sink, one task)
 * with metrics on and with `-D metrics.enabled=false`, in the same run, alternating which
 * goes first. The ratio on/off is what metrics cost the hottest path Weir has; the target
 * is ≥ 0.95.
 *
 *   node dist/bench/benchmarks/metrics-overhead.js [--records N] [--runs R]
 *
 * Rates are N / (end of input − first record) as the sink times them inside the slot
 * thread, as in chained-pipeline. Each side runs R times; the medians count.
 */
import { median, numberOption } from '../support/options.js';
import { millions, printResult, progress, readSinkReports, sig, withScratchDir } from '../support/report.js';
import { REPO_ROOT, runWeir } from '../support/weir-process.js';

const BENCH = 'metrics-overhead';
const records = numberOption('records', 100_000_000);
const runs = numberOption('runs', 5);
const expectedCount = Math.ceil(records / 3);

interface Run {
  readonly perSecond: number;
  readonly peakRssMb: number;
}

async function once(metricsEnabled: boolean): Promise<Run> {
  return withScratchDir(async (dir) => {
    const out = `${dir}/sink`;
    const run = await runWeir([
      'run',
      '-p',
      '1',
      '-D',
      `metrics.enabled=${String(metricsEnabled)}`,
      `${REPO_ROOT}/bench/jobs/chained-pipeline.ts`,
      '--records',
      String(records),
      '--out',
      out,
    ]);
    const [report] = readSinkReports(out, 1);
    if (report === undefined || report.count !== expectedCount) {
      throw new Error(`the sink counted ${String(report?.count)} records, expected ${expectedCount}`);
    }
    return { perSecond: (records / (report.endMs - report.firstMs)) * 1000, peakRssMb: run.peakRssMb };
  });
}

const on: Run[] = [];
const off: Run[] = [];
for (let r = 0; r < runs; r++) {
  // Alternating the order keeps a warming or cooling machine from favouring one side.
  const first = r % 2 === 0;
  const a = await once(first);
  const b = await once(!first);
  on.push(first ? a : b);
  off.push(first ? b : a);
  progress(`run ${r + 1}/${runs}: metrics on ${millions((on[r] as Run).perSecond)}, off ${millions((off[r] as Run).perSecond)}`);
}

const onRate = median(on.map((run) => run.perSecond));
const offRate = median(off.map((run) => run.perSecond));
printResult({
  bench: BENCH,
  records_per_s: sig(onRate),
  baseline: 'metrics.enabled=false',
  ratio: sig(onRate / offRate),
  peak_rss_mb: sig(Math.max(...on.map((run) => run.peakRssMb))),
  baseline_records_per_s: sig(offRate),
  baseline_peak_rss_mb: sig(Math.max(...off.map((run) => run.peakRssMb))),
  records,
  runs,
});
