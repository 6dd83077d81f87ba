/**
 * chained-pipeline: generator → map → filter → sink at parallelism 1, all chained in one
 * task, against the same pipeline in RxJS and as a hand-written loop, in the same run.
 *
 *   node dist/bench/benchmarks/chained-pipeline.js [--records N] [--runs R]
 *
 * Weir's rate is N / (end of input − first record) as timed by the sink inside the slot
 * thread, so job submission and deployment are not counted (`wall_ms` shows the whole
 * `weir run`). The sides take turns, R times each, and each side's best run counts: on a
 * shared 2-core machine other work only ever slows a run down, so the best run is the
 * steadiest estimate of what each side can do (every run is printed on stderr).
 */
import { filter, map, range } from 'rxjs';
import { best, median, numberOption } from '../support/options.js';
import { millions, printResult, progress, readSinkReports, sig, withScratchDir } from '../support/report.js';
import { REPO_ROOT, runWeir } from '../support/weir-process.js';

const BENCH = 'chained-pipeline';
const records = numberOption('records', 300_000_000);
const runs = numberOption('runs', 3);

// The same three functions everywhere; the baselines receive them as arguments.
const generate = (i: number): number => i;
const double = (x: number): number => x * 2;
const divisibleBy3 = (x: number): boolean => x % 3 === 0;
const expectedCount = Math.ceil(records / 3);

interface WeirRun {
  readonly perSecond: number;
  readonly wallMs: number;
  readonly peakRssMb: number;
}

async function weirOnce(): Promise<WeirRun> {
  return withScratchDir(async (dir) => {
    const out = `${dir}/sink`;
    const run = await runWeir(['run', '-p', '1', `${REPO_ROOT}/bench/jobs/chained-pipeline.ts`, '--records', String(records), '--out', out]);
    const [report] = readSinkReports(out, 1);
    if (report === undefined || report.count !== expectedCount) {
      throw new Error(`the sink counted ${String(report?.count)} records, expected ${expectedCount}`);
    }
    return { perSecond: (records / (report.endMs - report.firstMs)) * 1000, wallMs: run.wallMs, peakRssMb: run.peakRssMb };
  });
}

function rxjsOnce(): number {
  let count = 0;
  const started = performance.now();
  range(0, records)
    .pipe(map(double), filter(divisibleBy3))
    .subscribe(() => {
      count++;
    });
  const elapsed = performance.now() - started;
  if (count !== expectedCount) throw new Error(`RxJS counted ${count}, expected ${expectedCount}`);
  return (records / elapsed) * 1000;
}

function loop(n: number, gen: (i: number) => number, mapFn: (x: number) => number, filterFn: (x: number) => boolean): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const value = mapFn(gen(i));
    if (filterFn(value)) count++;
  }
  return count;
}

function loopOnce(): number {
  const started = performance.now();
  const count = loop(records, generate, double, divisibleBy3);
  const elapsed = performance.now() - started;
  if (count !== expectedCount) throw new Error(`the loop counted ${count}, expected ${expectedCount}`);
  return (records / elapsed) * 1000;
}

const weirRuns: WeirRun[] = [];
const rxjsRates: number[] = [];
const loopRates: number[] = [];
for (let r = 0; r < runs; r++) {
  const weir = await weirOnce();
  weirRuns.push(weir);
  rxjsRates.push(rxjsOnce());
  loopRates.push(loopOnce());
  progress(
    `run ${r + 1}/${runs}: weir ${millions(weir.perSecond)} (weir run ${Math.round(weir.wallMs)} ms), ` +
      `rxjs ${millions(rxjsRates[r] as number)}, loop ${millions(loopRates[r] as number)}`,
  );
}

const weirRate = best(weirRuns.map((w) => w.perSecond));
const rxjsRate = best(rxjsRates);
const loopRate = best(loopRates);
printResult({
  bench: BENCH,
  records_per_s: sig(weirRate),
  baseline: 'rxjs',
  ratio: sig(weirRate / rxjsRate),
  peak_rss_mb: sig(Math.max(...weirRuns.map((w) => w.peakRssMb))),
  baseline_records_per_s: sig(rxjsRate),
  loop_records_per_s: sig(loopRate),
  loop_ratio: sig(weirRate / loopRate),
  records,
  runs,
  statistic: 'best of runs',
  wall_ms: Math.round(median(weirRuns.map((w) => w.wallMs))),
});
