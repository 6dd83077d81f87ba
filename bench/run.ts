/**
 * The benchmark runner: `npm run bench` runs every benchmark, `npm run bench -- NAME [options]`
 * one of them, `npm run bench -- --list` lists them. Each benchmark runs in its own child
 * process (and starts Weir in its own), so peak RSS and JIT state are per benchmark.
 * Every benchmark prints progress on stderr and ends with one JSON line on stdout:
 *
 *   {"bench": NAME, "records_per_s": …, "baseline": WHAT, "ratio": …, "peak_rss_mb": …, …}
 *
 * Benchmarks measure and print; they do not assert. See docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = {
  'chained-pipeline': 'generator → map → filter → sink chained in one task at parallelism 1, vs RxJS and a hand-written loop',
  'keyby-rolling-sum': 'Nexmark bids at parallelism 2 → keyBy → rolling sum → sink over 2 slots, vs the record serializer',
  startup: '`weir run examples/wordcount.ts` end to end, vs `node -e ""`',
  'metrics-overhead': 'chained-pipeline with metrics on vs -D metrics.enabled=false, in the same run',
  'keyby-shuffle-2tm': 'Nexmark bids at parallelism 2 → keyBy → sink between two TaskManager processes, vs the record serializer',
  latency: 'end-to-end p99 at 10 k records/s with a 5 ms buffer timeout across two TaskManager processes, vs a 20 ms target',
  'bounded-memory': 'full-speed source into a sleeping sink in another TaskManager process: max TaskManager RSS over 60 s, vs 300 MB',
  'submission-latency': 'job submission over REST to every subtask RUNNING on a warm cluster, median, vs a 300 ms target',
  'checkpoint-overhead': 'keyed counting job with 1 s checkpoints vs without, on two TaskManager processes',
  'checkpoint-200mb': 'one checkpoint of ~200 MB keyed heap state while processing continues, vs a plain file write of the same bytes',
  recovery: 'TaskManager SIGKILL to RUNNING again with a 1 s heartbeat timeout, median, vs a 3 s target',
  'nexmark-q5': 'Nexmark q5 hot items (sliding 10 s/2 s windows) over generated events at parallelism 2 on 2 slots, vs Flink’s published events/s per core',
  'nexmark-q7': 'Nexmark q7 highest bid per tumbling 10 s window at parallelism 2 on 2 slots, vs Flink’s published events/s per core',
  'nexmark-q8': 'Nexmark q8 new users (window join of persons and auctions) at parallelism 2 on 2 slots, vs Flink’s published events/s per core',
} as const satisfies Record<string, string>;

type BenchmarkName = keyof typeof BENCHMARKS;

const here = dirname(fileURLToPath(import.meta.url));

function isBenchmark(name: string): name is BenchmarkName {
  return Object.hasOwn(BENCHMARKS, name);
}

function runBenchmark(name: BenchmarkName, args: readonly string[]): Promise<number> {
  process.stderr.write(`bench ${name}: ${BENCHMARKS[name]}\n`);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(here, 'benchmarks', `${name}.js`), ...args], { stdio: 'inherit' });
    child.on('error', fail);
    child.on('close', (code) => done(code ?? 1));
  });
}

async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--list' || first === '--help' || first === '-h') {
    for (const [name, what] of Object.entries(BENCHMARKS)) process.stdout.write(`${name.padEnd(20)} ${what}\n`);
    return 0;
  }
  if (first !== undefined && !first.startsWith('-')) {
    if (!isBenchmark(first)) {
      process.stderr.write(`unknown benchmark '${first}'; known: ${Object.keys(BENCHMARKS).join(', ')}\n`);
      return 2;
    }
    return runBenchmark(first, rest);
  }
  let failed = 0;
  for (const name of Object.keys(BENCHMARKS) as BenchmarkName[]) {
    const code = await runBenchmark(name, argv);
    if (code !== 0) {
      process.stderr.write(`bench ${name} failed (exit code ${code})\n`);
      failed++;
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
