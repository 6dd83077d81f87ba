/**
 * The cluster tests' job: a deterministic generator of `--events` events over `--keys`
 * keys → keyBy → a counter per key that emits `key count` for every event → FileSink.
 * Whatever the order, the committed lines of a correct run are exactly
 * `{ (k, 1..n_k) }` for every key k: a lost event leaves a gap at the end, an event
 * counted twice adds a line past n_k, and an output line committed twice appears twice.
 *
 *   --out DIR           where the FileSink writes (required)
 *   --events N          default 10000
 *   --keys K            default 50
 *   --rate R            records per second over all source readers; 0 (default) is unlimited
 *   --parallelism P     default: the environment's
 *   --checkpoint MS     checkpoint interval; 0 (default) is off
 *   --mode M            EXACTLY_ONCE (default) or AT_LEAST_ONCE
 *   --name NAME         job name; default "keyed sequence"
 *
 * After the job ends, the client prints `RESULT {"jobName", "events"}`.
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
if (out === undefined) throw new Error('keyed-sequence: --out DIR is required');
const events = Number(argument('events') ?? 10_000);
const keys = Number(argument('keys') ?? 50);
const rate = Number(argument('rate') ?? 0);
const parallelism = argument('parallelism');
const checkpointMs = Number(argument('checkpoint') ?? 0);
const mode = argument('mode') === 'AT_LEAST_ONCE' ? 'AT_LEAST_ONCE' : 'EXACTLY_ONCE';

interface Event {
  readonly key: string;
  readonly index: number;
}

const COUNT = new ValueStateDescriptor<number>('count');

class Sequencer extends KeyedProcessFunction<string, Event, string> {
  processElement(event: Event, ctx: KeyedProcessContext<string>, out: Collector<string>): void {
    const state = ctx.runtimeContext.getState(COUNT);
    const count = (state.value() ?? 0) + 1;
    state.update(count);
    out.collect(`${event.key} ${count}`);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
if (parallelism !== undefined) env.setParallelism(Number(parallelism));
if (checkpointMs > 0) env.enableCheckpointing(checkpointMs, mode);

const source = new DataGeneratorSource<Event>(
  (index) => ({ key: `k${index % keys}`, index }),
  events,
  rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.noOp(),
);

env
  .fromSource(source, WatermarkStrategy.noWatermarks(), 'events')
  .uid('events')
  .keyBy((event) => event.key)
  .process(new Sequencer())
  .uid('sequencer')
  .name('sequencer')
  .sinkTo(FileSink.forRowFormat(out, new SimpleStringEncoder<string>()).withBucketAssigner(new BasePathBucketAssigner<string>()).build())
  .uid('files')
  .name('files');

const result = await env.execute(argument('name') ?? 'keyed sequence');
console.log(`RESULT ${JSON.stringify({ jobName: result.jobName, events })}`);
