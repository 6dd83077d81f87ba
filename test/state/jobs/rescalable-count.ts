/**
 * The savepoint tests' job: a generator of `--events` events over `--keys` keys → keyBy
 * → a counter per key (ValueState) that writes `key count` for every event → FileSink.
 * Every operator has a uid, so a savepoint of it can be restored at any parallelism; the
 * counter's uid can be changed (`--counter-uid`) to make a graph whose state no longer
 * matches the savepoint.
 *
 *   --out DIR  --events N  --keys K  --rate R  --parallelism P  [--counter-uid UID]
 *   [--checkpoint MS]
 *
 * A correct run, however often stopped with a savepoint and resumed, commits exactly the
 * lines `k 1` … `k n_k` for every key k (checked with checkSequences).
 */
import {
  BasePathBucketAssigner,
  DataGeneratorSource,
  FileSink,
  KeyedProcessFunction,
  RateLimiterStrategy,
  SimpleStringEncoder,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  WatermarkStrategy,
  type Collector,
  type KeyedProcessContext,
} from 'weir';
import { argument } from '../../support/job-arguments.js';

const out = argument('out');
if (out === undefined) throw new Error('rescalable-count: --out DIR is required');
const events = Number(argument('events') ?? 100_000);
const keys = Number(argument('keys') ?? 64);
const rate = Number(argument('rate') ?? 0);
const checkpointMs = Number(argument('checkpoint') ?? 0);

const COUNT = new ValueStateDescriptor<number>('count');

class Counter extends KeyedProcessFunction<string, number, string> {
  processElement(index: number, ctx: KeyedProcessContext<string>, out: Collector<string>): void {
    const state = ctx.runtimeContext.getState(COUNT);
    const count = (state.value() ?? 0) + 1;
    state.update(count);
    out.collect(`${ctx.getCurrentKey()} ${count}`);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(Number(argument('parallelism') ?? 1));
if (checkpointMs > 0) env.enableCheckpointing(checkpointMs);

env
  .fromSource(
    new DataGeneratorSource<number>((i) => i, events, rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.noOp()),
    WatermarkStrategy.noWatermarks(),
    'events',
  )
  .uid('events')
  .keyBy((i) => `k${i % keys}`)
  .process(new Counter())
  .uid(argument('counter-uid') ?? 'counter')
  .name('counter')
  .sinkTo(FileSink.forRowFormat(out, new SimpleStringEncoder<string>()).withBucketAssigner(new BasePathBucketAssigner<string>()).build())
  .uid('files')
  .name('files');

await env.execute('rescalable count');
