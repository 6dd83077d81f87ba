/**
 * A per-key counter whose state lives `--ttl` ms after its last write (StateTtlConfig,
 * OnCreateAndWrite, NeverReturnExpired). Ten events a second, one source subtask:
 * events 0-4 have key `a`, 5-24 key `b`, 25-29 key `a` again. `b` is written every
 * 100 ms and never expires; `a` is silent for two seconds, far past a short TTL, so its
 * count starts again at 1. Writes `key count` per event to a FileSink.
 *
 *   --out DIR  --ttl MS
 */
import {
  BasePathBucketAssigner,
  DataGeneratorSource,
  FileSink,
  KeyedProcessFunction,
  RateLimiterStrategy,
  SimpleStringEncoder,
  StateTtlConfig,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  WatermarkStrategy,
  type Collector,
  type KeyedProcessContext,
} from 'weir';
import { argument } from '../../support/job-arguments.js';

const out = argument('out');
if (out === undefined) throw new Error('ttl-count: --out DIR is required');
const ttlMs = Number(argument('ttl') ?? 500);

const COUNT = new ValueStateDescriptor<number>('count');
COUNT.enableTimeToLive(StateTtlConfig.newBuilder(ttlMs).setUpdateType('OnCreateAndWrite').setStateVisibility('NeverReturnExpired').build());

class Counter extends KeyedProcessFunction<string, string, string> {
  processElement(key: string, ctx: KeyedProcessContext<string>, out: Collector<string>): void {
    const state = ctx.runtimeContext.getState(COUNT);
    const count = (state.value() ?? 0) + 1;
    state.update(count);
    out.collect(`${key} ${count}`);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
env
  .fromSource(
    new DataGeneratorSource<string>((i) => (i < 5 || i >= 25 ? 'a' : 'b'), 30, RateLimiterStrategy.perSecond(10)),
    WatermarkStrategy.noWatermarks(),
    'keys',
  )
  .keyBy((key) => key)
  .process(new Counter())
  .name('ttl counter')
  .sinkTo(FileSink.forRowFormat(out, new SimpleStringEncoder<string>()).withBucketAssigner(new BasePathBucketAssigner<string>()).build())
  .name('files');

await env.execute('ttl count');
