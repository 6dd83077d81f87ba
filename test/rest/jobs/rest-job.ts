/**
 * The job the REST tests submit, one behaviour per `--mode`:
 *
 *   finish   a short bounded pipeline (source → map → filter → sink) that finishes
 *   fail     a map that throws a known message on element 17
 *   long     an unbounded, rate-limited source, for cancellation
 *   collect  executeAndCollect of records with types JSON would lose (bigint, Set, Map, Date);
 *            the program leaves what it got in `globalThis.restJobCollected`
 *   throw    the main throws before building a job
 *   none     the main ends without calling execute()
 *   hang     the main never gets to execute()
 *   forge    the main posts a made-up job graph to the thread that runs it, as hostile code could
 */
import { parentPort } from 'node:worker_threads';
import { DataGeneratorSource, RateLimiterStrategy, StreamExecutionEnvironment, WatermarkStrategy, type Sink } from 'weir';
import { argument } from '../../support/job-arguments.js';

const mode = argument('mode') ?? 'finish';

function discard<T>(): Sink<T> {
  return { createWriter: () => ({ write: () => {}, flush: () => {}, close: () => {} }) };
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env.getConfig().setGlobalJobParameters({ origin: 'rest-test', mode });

switch (mode) {
  case 'finish':
    env
      .fromSequence(1, 200)
      .map((x) => x * 2)
      .name('double')
      .filter((x) => x % 3 === 0)
      .name('multiples of three')
      .sinkTo(discard())
      .name('discard');
    await env.execute('rest finish job');
    break;
  case 'fail':
    env
      .fromSequence(1, 50)
      .setParallelism(1)
      .map((x) => {
        if (x === 17) throw new Error('rest test failure: element 17 is cursed');
        return x;
      })
      .name('cursed map')
      .sinkTo(discard())
      .name('discard');
    await env.execute('rest failing job');
    break;
  case 'long':
    env
      .fromSource(new DataGeneratorSource((i) => i, Infinity, RateLimiterStrategy.perSecond(20)), WatermarkStrategy.noWatermarks(), 'ticks')
      .sinkTo(discard())
      .name('discard');
    await env.execute('rest long job');
    break;
  case 'collect': {
    const records = await env
      .fromSequence(1, 20)
      .map((n) => ({ n, square: BigInt(n) ** 2n, tags: new Set([`t${n % 3}`]), at: new Date(n * 1000), pairs: new Map([['n', n]]) }))
      .executeAndCollect(undefined, 'rest collect job');
    (globalThis as { restJobCollected?: unknown }).restJobCollected = records;
    break;
  }
  case 'throw':
    throw new Error('rest test: the program refuses to start');
  case 'none':
    break;
  case 'hang':
    await new Promise(() => setInterval(() => {}, 1000));
    break;
  case 'forge':
    parentPort?.postMessage({ type: 'graph', jobGraph: { jobId: '../../etc', vertices: 'all of them' } });
    await new Promise(() => setInterval(() => {}, 1000));
    break;
  default:
    throw new Error(`unknown --mode ${mode}`);
}
