/**
 * Window functions and their context: ProcessWindowFunction with windowState, globalState,
 * side outputs and clear; incremental aggregation combined with a window function;
 * windowAll; and the state a checkpoint catches while accumulators change in place.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OutputTag,
  ProcessAllWindowFunction,
  ProcessWindowFunction,
  StreamExecutionEnvironment,
  TimeWindow,
  TumblingEventTimeWindows,
  ValueStateDescriptor,
  type Collector,
  type ProcessWindowContext,
} from '../../src/index.js';
import { OperatorHarness } from './support/operator-harness.js';
import { keyed, sorted, sumValues, type Ev } from './support/streams.js';

const small = new OutputTag<string>('small');

/** Counts firings per window (windowState) and per key (globalState); small sums go to a side output. */
class Firings extends ProcessWindowFunction<Ev, string, string, TimeWindow> {
  private readonly perWindow = new ValueStateDescriptor<number>('firings', 0);
  private readonly perKey = new ValueStateDescriptor<number>('all-firings', 0);
  cleared: string[] = [];

  process(key: string, ctx: ProcessWindowContext<TimeWindow>, elements: Ev[], out: Collector<string>): void {
    const windowFirings = ctx.windowState().getState(this.perWindow);
    windowFirings.update((windowFirings.value() ?? 0) + 1);
    const keyFirings = ctx.globalState().getState(this.perKey);
    keyFirings.update((keyFirings.value() ?? 0) + 1);
    const sum = elements.reduce((s, e) => s + e[1], 0);
    if (sum < 5) ctx.output(small, `${key}:${sum}`);
    out.collect(`${key}@${ctx.window().start} sum=${sum} window-firing=${windowFirings.value()} key-firing=${keyFirings.value()} wm=${ctx.currentWatermark()}`);
  }

  override clear(ctx: ProcessWindowContext<TimeWindow>): void {
    this.cleared.push(String(ctx.window().start));
    ctx.windowState().getState(this.perWindow).clear();
  }
}

test('ProcessWindowFunction: per-window and per-key state, side outputs, clear at cleanup time', async () => {
  const fn = new Firings();
  const h = await new OperatorHarness(keyed().window(TumblingEventTimeWindows.of(10)).allowedLateness(10).process(fn), { sideTag: small.id }).open();
  h.element(['a', 1], 1).element(['a', 2], 2).watermark(9);
  h.element(['a', 3], 3);
  h.element(['a', 10], 12).watermark(19);
  assert.deepEqual(h.take(), [
    'a@0 sum=3 window-firing=1 key-firing=1 wm=9',
    'a@0 sum=6 window-firing=2 key-firing=2 wm=9',
    'a@10 sum=10 window-firing=1 key-firing=3 wm=19',
  ]);
  assert.deepEqual(h.side.records.map((r) => r.value), ['a:3']);
  assert.deepEqual(fn.cleared, ['0'], 'window [0,10) was cleared at 9 + 10');
  assert.deepEqual(h.state.keyed?.keys('_window-state-firings'), ['a'], 'only the live window keeps its state');
  h.watermark(29);
  assert.deepEqual(fn.cleared, ['0', '10']);
  assert.deepEqual(h.state.keyed?.keys('_window-state-firings'), []);
  await h.close();
});

test('reduce and aggregate with a window function: the function gets the one pre-aggregated value', async () => {
  const reduced = await new OperatorHarness(
    keyed()
      .window(TumblingEventTimeWindows.of(10))
      .reduce(sumValues, (key: string, window: TimeWindow, input: Ev[], out: Collector<string>) =>
        out.collect(`${key} ${window.end} ${input.length} ${input[0]?.[1]}`),
      ),
  ).open();
  reduced.element(['a', 1], 1).element(['a', 2], 2).watermark(9);
  assert.deepEqual(reduced.take(), ['a 10 1 3']);
});

test('windowAll: one window over all keys, at parallelism 1', async () => {
  class Count extends ProcessAllWindowFunction<number, string, TimeWindow> {
    process(ctx: ProcessWindowContext<TimeWindow>, elements: number[], out: Collector<string>): void {
      out.collect(`${ctx.window().start}:${elements.length}`);
    }
  }
  const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(4);
  const stream = env.fromSequence(1, 2).windowAll(TumblingEventTimeWindows.of(10)).process(new Count());
  assert.equal(stream.transformation.parallelism, 1);
  assert.equal(stream.transformation.maxParallelism, 1);
  const h = await new OperatorHarness(stream).open();
  h.element(1, 1).element(2, 2).element(3, 12).watermark(100);
  assert.deepEqual(h.take(), ['0:2', '10:1']);
});

test('a windowAll operator cannot run in parallel', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromSequence(1, 2).windowAll(TumblingEventTimeWindows.of(10)).sum().setParallelism(2).print();
  assert.throws(() => env.getStreamGraph(), /parallelism 2 above its max parallelism 1/);
});

test('a checkpoint keeps the accumulators as they were, although the aggregate changes them in place afterwards', async () => {
  type Acc = { n: number; values: number[] };
  const stream = () =>
    keyed()
      .window(TumblingEventTimeWindows.of(100))
      .aggregate({
        createAccumulator: (): Acc => ({ n: 0, values: [] }),
        add: (e: Ev, acc: Acc) => {
          acc.n++;
          acc.values.push(e[1]);
          return acc;
        },
        getResult: (acc: Acc) => `${acc.n}:${acc.values.join(',')}`,
        merge: (a: Acc, b: Acc) => ({ n: a.n + b.n, values: [...a.values, ...b.values] }),
      });
  const h = await new OperatorHarness(stream()).open();
  h.element(['a', 1], 1).element(['a', 2], 2).element(['b', 5], 3);
  // The synchronous part of a checkpoint; the files are written later, as in a task.
  await h.operator.snapshotState?.({ checkpointId: 1, checkpointTimestamp: 0 });
  const snapshot = h.state.snapshot(1);
  h.element(['a', 3], 3).element(['b', 6], 4).element(['c', 7], 5);
  const keyedChunks = [...(snapshot.keyed?.chunks() ?? [])].map((c) => c.bytes);
  snapshot.keyed?.release();
  h.watermark(99);
  assert.deepEqual(sorted(h.take()), sorted(['3:1,2,3', '2:5,6', '1:7']));

  const restored = await new OperatorHarness(stream(), { restore: { keyedChunks, operator: snapshot.operator } }).open();
  restored.watermark(99);
  assert.deepEqual(sorted(restored.take()), sorted(['2:1,2', '1:5']));
});

test('window state restores into a subtask that owns only some key groups', async () => {
  const stream = () => keyed().window(TumblingEventTimeWindows.of(10)).reduce(sumValues);
  const h = await new OperatorHarness(stream()).open();
  const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
  for (const key of keys) h.element([key, 1], 1).element([key, 2], 2);
  const restore = await h.snapshot();
  const halves = [
    { start: 0, end: 63 },
    { start: 64, end: 127 },
  ];
  const results: unknown[] = [];
  for (const keyGroups of halves) {
    const part = await new OperatorHarness(stream(), { restore, keyGroups }).open();
    part.watermark(9);
    results.push(...part.take());
  }
  assert.deepEqual(sorted(results), sorted(keys.map((k) => [k, 3])));
});
