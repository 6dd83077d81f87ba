/**
 * Benchmark job: `--records` records over `--keys` keys from a generator at parallelism
 * 2 → keyBy → a count per key in ValueState, emitted for every record → counting sink.
 * With `--checkpoint MS` the job checkpoints its keyed state that often; `--rate`
 * limits the source (records a second, 0 = full speed); `--records 0` never ends.
 *
 *   bench/jobs/keyed-count.ts --records N --keys K --out PREFIX [--checkpoint MS] [--rate R]
 */
import {
  DataGeneratorSource,
  KeyedProcessFunction,
  RateLimiterStrategy,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  WatermarkStrategy,
  type Collector,
  type KeyedProcessContext,
} from 'weir';
import { countingSink, jobArgument } from '../support/counting-sink.js';

const records = Number(jobArgument('records') ?? '5000000');
const keys = Number(jobArgument('keys') ?? '10000');
const checkpointMs = Number(jobArgument('checkpoint') ?? '0');
const rate = Number(jobArgument('rate') ?? '0');
const out = jobArgument('out') ?? 'keyed-count';

const COUNT = new ValueStateDescriptor<number>('count');

class Count extends KeyedProcessFunction<number, number, number> {
  processElement(_value: number, ctx: KeyedProcessContext<number>, out: Collector<number>): void {
    const state = ctx.runtimeContext.getState(COUNT);
    const count = (state.value() ?? 0) + 1;
    state.update(count);
    out.collect(count);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
if (checkpointMs > 0) env.enableCheckpointing(checkpointMs);

env
  .fromSource(
    new DataGeneratorSource<number>((i) => i, records > 0 ? records : Infinity, rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.noOp()),
    WatermarkStrategy.noWatermarks(),
    'numbers',
  )
  .uid('numbers')
  .keyBy((i) => i % keys)
  .process(new Count())
  .uid('count')
  .name('count')
  .sinkTo(countingSink(out))
  .name('counting sink');

await env.execute('keyed-count');
