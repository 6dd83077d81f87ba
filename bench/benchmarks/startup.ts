/**
 * startup: `weir run examples/wordcount.ts` end to end (build the artifact, start the
 * mini cluster, deploy, run, shut down), wall time of the child process, against a bare
 * `node -e ""` measured the same way. One untimed warm-up of each, then R timed runs of
 * each, interleaved; medians count.
 *
 *   node dist/bench/benchmarks/startup.js [--runs R]
 *
 * `ratio` is baseline_ms / wall_ms (higher is better, as for the other benchmarks);
 * records_per_s is the words WordCount processed (one output line each) per second of
 * wall time.
 */
import { median, numberOption } from '../support/options.js';
import { printResult, progress, sig } from '../support/report.js';
import { runNode, runWeir, type ChildRun } from '../support/weir-process.js';

const BENCH = 'startup';
const runs = numberOption('runs', 5);

const weir = (): Promise<ChildRun> => runWeir(['run', 'examples/wordcount.ts']);
const bareNode = (): Promise<ChildRun> => runNode(['-e', ''], undefined, []);

await weir();
await bareNode();
const weirRuns: ChildRun[] = [];
const nodeRuns: ChildRun[] = [];
for (let r = 0; r < runs; r++) {
  weirRuns.push(await weir());
  nodeRuns.push(await bareNode());
}

const words = weirRuns[0]?.stdout.split('\n').filter((line) => line !== '').length ?? 0;
const wallMs = median(weirRuns.map((r) => r.wallMs));
const baselineMs = median(nodeRuns.map((r) => r.wallMs));
progress(`weir run wordcount: ${weirRuns.map((r) => Math.round(r.wallMs)).join(', ')} ms; node -e "": ${nodeRuns.map((r) => Math.round(r.wallMs)).join(', ')} ms`);

printResult({
  bench: BENCH,
  records_per_s: sig(words / (wallMs / 1000)),
  baseline: 'node -e ""',
  ratio: sig(baselineMs / wallMs),
  ratio_is: 'baseline_ms / wall_ms',
  peak_rss_mb: sig(Math.max(...weirRuns.map((r) => r.peakRssMb))),
  wall_ms: Math.round(wallMs),
  baseline_ms: Math.round(baselineMs),
  words,
  runs,
});
