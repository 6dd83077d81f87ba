/**
 * A program that builds a different graph in the slots than in the client: its map's
 * parallelism depends on whether it runs on the main thread (for test/runtime/failures.test.ts).
 */
import { isMainThread } from 'node:worker_threads';
import { StreamExecutionEnvironment } from 'weir';

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, 10)
  .map((x) => x + 1)
  .setParallelism(isMainThread ? 1 : 2)
  .name('shifty map')
  .print();
await env.execute('shifty graph');
