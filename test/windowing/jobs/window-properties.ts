/**
 * Every event-time window assigner, windowAll, an evictor, a window join and a window
 * coGroup over the same out-of-order events, in one job, for
 * test/windowing/window-properties.test.ts, which recomputes each result by brute force.
 *
 *   weir run -p N test/windowing/jobs/window-properties.ts --seed S
 *
 * Prints one line `RESULT <case> <json>` per result.
 */
import {
  BasePathBucketAssigner,
  DataGeneratorSource,
  FileSink,
  SimpleStringEncoder,
  EventTimeSessionWindows,
  MAX_TIMESTAMP,
  ProcessWindowFunction,
  RateLimiterStrategy,
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  TimeEvictor,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  type Collector,
  type DataStream,
  type ProcessWindowContext,
  type TimeWindow,
} from 'weir';
import { dynamicGap, inputsOf, SESSION_GAP, type Event } from '../support/events.js';
import { argument } from '../../support/job-arguments.js';

const seedIndex = process.argv.indexOf('--seed');
const seed = Number(seedIndex >= 0 ? process.argv[seedIndex + 1] : '1');
const { a, b, bound } = inputsOf(seed);

const env = StreamExecutionEnvironment.getExecutionEnvironment();

function source(events: readonly Event[], name: string): DataStream<Event> {
  // Each reader gets a contiguous range of indices; striding them hands every reader a
  // subsequence of the whole arrival order, so all readers advance event time together.
  const readers = env.getParallelism();
  const chunk = Math.ceil(events.length / readers);
  const strided = (i: number): Event => events[(i % chunk) * readers + Math.floor(i / chunk)] as Event;
  // Rate-limited so that watermarks interleave with the events and windows fire mid-stream.
  return env.fromSource(
    new DataGeneratorSource(strided, events.length, RateLimiterStrategy.perSecond(Number(argument('rate') ?? events.length * 2))),
    WatermarkStrategy.forBoundedOutOfOrderness<Event>(bound).withTimestampAssigner((e) => e.ts),
    name,
  );
}

/** With --out DIR, results go to exactly-once files (one directory per case) instead of stdout. */
const outDir = argument('out');
const checkpointMs = argument('checkpoint');
if (checkpointMs !== undefined) env.enableCheckpointing(Number(checkpointMs));

function emit<T>(name: string, stream: DataStream<T>): void {
  const lines = stream.map((result) => `RESULT ${name} ${JSON.stringify(result)}`);
  if (outDir === undefined) lines.print();
  else lines.sinkTo(FileSink.forRowFormat(`${outDir}/${name}`, new SimpleStringEncoder<string>()).withBucketAssigner(new BasePathBucketAssigner()).build());
}

interface Stats {
  count: number;
  sum: number;
  ids: number;
}

const stats = {
  createAccumulator: (): Stats => ({ count: 0, sum: 0, ids: 0 }),
  add: (e: Event, acc: Stats): Stats => {
    acc.count++;
    acc.sum += e.value;
    acc.ids += e.id;
    return acc;
  },
  getResult: (acc: Stats): Stats => acc,
  merge: (x: Stats, y: Stats): Stats => ({ count: x.count + y.count, sum: x.sum + y.sum, ids: x.ids + y.ids }),
};

/** [key, start, end, count, sum of values, sum of ids] from all elements. */
class Summary extends ProcessWindowFunction<Event, unknown[], string, TimeWindow> {
  process(key: string, ctx: ProcessWindowContext<TimeWindow>, elements: Event[], out: Collector<unknown[]>): void {
    const window = ctx.window();
    out.collect([key, window.start, window.end, elements.length, elements.reduce((s, e) => s + e.value, 0), elements.reduce((s, e) => s + e.id, 0)]);
  }
}

/** The same summary from a pre-aggregated Stats. */
const withWindow = (key: string, window: TimeWindow, input: Stats[], out: Collector<unknown[]>): void => {
  const s = input[0] as Stats;
  out.collect([key, window.start, window.end, s.count, s.sum, s.ids]);
};

const events = source(a, 'events');
const byKey = events.keyBy((e) => e.key);

emit(
  'tumbling-reduce',
  byKey
    .window(TumblingEventTimeWindows.of(1000))
    .reduce(
      (x, y) => ({ ...x, value: x.value + y.value, id: x.id + y.id }),
      (key: string, window: TimeWindow, input: Event[], out: Collector<unknown[]>) => out.collect([key, window.start, window.end, input[0]?.value, input[0]?.id]),
    ),
);
emit('tumbling-offset-aggregate', byKey.window(TumblingEventTimeWindows.of(1000, 300)).aggregate(stats, withWindow));
emit('sliding-process', byKey.window(SlidingEventTimeWindows.of(1500, 500)).process(new Summary()));
emit('sliding-offset-aggregate', byKey.window(SlidingEventTimeWindows.of(1000, 400, -100)).aggregate(stats, withWindow));
emit('session-process', byKey.window(EventTimeSessionWindows.withGap(SESSION_GAP)).process(new Summary()));
emit('session-dynamic-aggregate', byKey.window(EventTimeSessionWindows.withDynamicGap(dynamicGap)).aggregate(stats, withWindow));
emit('tumbling-time-evictor', byKey.window(TumblingEventTimeWindows.of(1000)).evictor(TimeEvictor.of(300)).process(new Summary()));
emit(
  'all-tumbling-aggregate',
  events.windowAll(TumblingEventTimeWindows.of(2000)).aggregate(stats, (window: TimeWindow, input: Stats[], out: Collector<unknown[]>) => {
    const s = input[0] as Stats;
    out.collect([window.start, s.count, s.sum, s.ids]);
  }),
);

// Not compared: shows that watermarks interleave with the events, so windows fire mid-stream.
emit(
  'fired-before-end',
  byKey.window(TumblingEventTimeWindows.of(1000)).process(
    new (class extends ProcessWindowFunction<Event, boolean, string, TimeWindow> {
      process(_key: string, ctx: ProcessWindowContext<TimeWindow>, _elements: Event[], out: Collector<boolean>): void {
        out.collect(ctx.currentWatermark() < MAX_TIMESTAMP);
      }
    })(),
  ),
);

const others = source(b, 'others');
emit(
  'join-tumbling',
  events
    .filter((e) => e.value % 3 === 0)
    .join(others)
    .where((e) => e.key)
    .equalTo((e) => e.key)
    .window(TumblingEventTimeWindows.of(1000))
    .apply((x, y) => [x.id, y.id]),
);
emit(
  'cogroup-sliding',
  events
    .coGroup(others)
    .where((e) => e.key)
    .equalTo((e) => e.key)
    .window(SlidingEventTimeWindows.of(1000, 500))
    .apply((xs: Event[], ys: Event[], out: Collector<unknown[]>) => {
      const key = xs[0]?.key ?? ys[0]?.key;
      out.collect([key, xs.map((e) => e.id).sort((p, q) => p - q), ys.map((e) => e.id).sort((p, q) => p - q)]);
    }),
);

await env.execute('window properties');
