/**
 * Merging (session) windows: the window set and its state windows, contents and trigger
 * state folded on merge, timers of merged windows that must not fire, lateness, and the
 * whole of it across a checkpoint.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CountTrigger,
  EventTimeSessionWindows,
  MapStateDescriptor,
  ProcessingTimeSessionWindows,
  ProcessWindowFunction,
  TimeWindow,
  type Collector,
  type ProcessWindowContext,
} from '../../src/index.js';
import { createStateBackend } from '../../src/runtime/state/state-backend.js';
import { MergingWindowSet } from '../../src/runtime/operators/windowing/merging-window-set.js';
import { OperatorHarness } from './support/operator-harness.js';
import { keyed, sorted, sumValues, type Ev } from './support/streams.js';

/** Emits `key [start,end) n=count sum=sum` per session. */
class Describe extends ProcessWindowFunction<Ev, string, string, TimeWindow> {
  process(key: string, ctx: ProcessWindowContext<TimeWindow>, elements: Ev[], out: Collector<string>): void {
    const window = ctx.window();
    out.collect(`${key} [${window.start},${window.end}) n=${elements.length} sum=${elements.reduce((s, e) => s + e[1], 0)}`);
  }
}

describe('MergingWindowSet', () => {
  const setUp = () => {
    const backend = createStateBackend('hashmap').createKeyedStateBackend({ keyGroupRange: { start: 0, end: 127 }, maxParallelism: 128 });
    backend.setCurrentKey('k');
    const state = backend.getMapState(new MapStateDescriptor<string, string>('_window-merging'));
    const assigner = EventTimeSessionWindows.withGap(10);
    return { state, make: () => new MergingWindowSet(assigner, TimeWindow.SERIALIZER, state) };
  };
  const id = (start: number, end: number): string => TimeWindow.SERIALIZER.id(new TimeWindow(start, end));

  test('a merge keeps the state window of a window in flight and names the ones to fold into it', () => {
    const { state, make } = setUp();
    const set = make();
    const merges: unknown[] = [];
    const merge = (result: TimeWindow, merged: readonly TimeWindow[], stateWindow: string, mergedStates: readonly string[]) =>
      merges.push([String(result), merged.map(String).sort(), stateWindow, [...mergedStates]]);
    assert.equal(String(set.addWindow(new TimeWindow(0, 10), merge)), String(new TimeWindow(0, 10)));
    assert.equal(String(set.addWindow(new TimeWindow(20, 30), merge)), String(new TimeWindow(20, 30)));
    assert.deepEqual(merges, []);
    // [15, 25) bridges nothing to [0, 10) but joins [20, 30).
    const joined = set.addWindow(new TimeWindow(15, 25), merge);
    assert.equal(String(joined), String(new TimeWindow(15, 30)));
    assert.deepEqual(merges.pop(), [String(new TimeWindow(15, 30)), [String(new TimeWindow(20, 30))], id(20, 30), []]);
    // [8, 16) bridges both: the result keeps one state window, the other is folded into it.
    const all = set.addWindow(new TimeWindow(8, 16), merge);
    assert.equal(String(all), String(new TimeWindow(0, 30)));
    const [, mergedWindows, stateWindow, mergedStates] = merges.pop() as unknown as [string, string[], string, string[]];
    assert.deepEqual(mergedWindows, [String(new TimeWindow(0, 10)), String(new TimeWindow(15, 30))].sort());
    assert.deepEqual([stateWindow, ...mergedStates].sort(), [id(0, 10), id(20, 30)].sort());
    assert.equal(set.getStateWindow(new TimeWindow(0, 30)), stateWindow);
    set.persist();
    assert.deepEqual(state.entries(), [[id(0, 30), stateWindow]], 'persisted: one window in flight');
    // A window inside the session changes nothing.
    const again = make();
    assert.equal(String(again.addWindow(new TimeWindow(3, 13), merge)), String(new TimeWindow(0, 30)));
    assert.equal(merges.length, 0);
    again.retireWindow(new TimeWindow(0, 30));
    again.persist();
    assert.deepEqual(state.entries(), []);
  });

  test('adding a window equal to one in flight keeps its state window', () => {
    const { make } = setUp();
    const set = make();
    const noMerge = () => assert.fail('nothing to merge');
    set.addWindow(new TimeWindow(0, 10), noMerge);
    set.addWindow(new TimeWindow(5, 15), () => {});
    const stateWindow = set.getStateWindow(new TimeWindow(0, 15));
    set.addWindow(new TimeWindow(0, 15), noMerge);
    assert.equal(set.getStateWindow(new TimeWindow(0, 15)), stateWindow);
  });
});

describe('session windows in the operator', () => {
  test('sessions grow and merge as elements arrive in any order; merged windows fire once', async () => {
    const h = await new OperatorHarness(keyed().window(EventTimeSessionWindows.withGap(10)).process(new Describe())).open();
    h.element(['a', 1], 0).element(['a', 2], 20).element(['b', 5], 4);
    h.element(['a', 4], 9); // joins [0,10) -> [0,19)
    h.element(['a', 8], 18); // bridges [0,19) and [20,30) -> [0,30)
    h.watermark(28);
    assert.deepEqual(h.takeWithTimestamps(), [{ value: 'b [4,14) n=1 sum=5', timestamp: 13 }], 'timers of the merged-away windows must not fire');
    h.watermark(29);
    assert.deepEqual(h.takeWithTimestamps(), [{ value: 'a [0,30) n=4 sum=15', timestamp: 29 }]);
    assert.deepEqual(h.state.keyed?.keys('_window-contents'), [], 'fired sessions leave no contents');
    assert.deepEqual(h.state.keyed?.keys('_window-merging'), [], 'nor windows in flight');
    await h.close();
  });

  test('pre-aggregated contents merge (reduce and aggregate)', async () => {
    const reduced = await new OperatorHarness(keyed().window(EventTimeSessionWindows.withGap(5)).reduce(sumValues)).open();
    const counted = await new OperatorHarness(
      keyed()
        .window(EventTimeSessionWindows.withGap(5))
        .aggregate({
          createAccumulator: () => ({ n: 0, sum: 0 }),
          add: (e: Ev, acc: { n: number; sum: number }) => {
            acc.n++;
            acc.sum += e[1];
            return acc;
          },
          getResult: (acc: { n: number; sum: number }) => `${acc.n}/${acc.sum}`,
          merge: (a: { n: number; sum: number }, b: { n: number; sum: number }) => ({ n: a.n + b.n, sum: a.sum + b.sum }),
        }),
    ).open();
    for (const h of [reduced, counted]) h.element(['a', 1], 0).element(['a', 2], 8).element(['a', 4], 4).element(['a', 8], 30).watermark(100);
    assert.deepEqual(reduced.take(), [
      ['a', 7],
      ['a', 8],
    ]);
    assert.deepEqual(counted.take(), ['3/7', '1/8']);
  });

  test('a merging trigger (CountTrigger) folds its per-window state: the count continues across the merge', async () => {
    const h = await new OperatorHarness(keyed().window(EventTimeSessionWindows.withGap(16)).trigger(CountTrigger.of(3)).process(new Describe())).open();
    h.element(['a', 1], 0).element(['a', 1], 30);
    h.element(['a', 1], 15); // bridges both sessions: count 1 + 1 + 1 -> fires
    assert.deepEqual(h.take(), ['a [0,46) n=3 sum=3']);
    h.element(['a', 1], 35);
    assert.deepEqual(h.take(), []);
  });

  test('allowed lateness: a late element extends a fired session and fires it again', async () => {
    const h = await new OperatorHarness(keyed().window(EventTimeSessionWindows.withGap(10)).allowedLateness(20).process(new Describe())).open();
    h.element(['a', 1], 0).watermark(12);
    assert.deepEqual(h.take(), ['a [0,10) n=1 sum=1']);
    h.element(['a', 2], 5);
    assert.deepEqual(h.take(), [], 'the session grew past the watermark: it waits for it again');
    h.element(['a', 4], 1).watermark(14);
    assert.deepEqual(h.take(), ['a [0,15) n=3 sum=7']);
    h.element(['a', 8], 3);
    assert.deepEqual(h.take(), ['a [0,15) n=4 sum=15'], 'late but within lateness: fired at once');
    h.watermark(40);
    h.element(['a', 16], 6);
    assert.deepEqual(h.take(), [], 'past the lateness: dropped');
    assert.deepEqual(h.state.keyed?.keys('_window-contents'), []);
  });

  test('processing-time sessions merge by arrival time', async () => {
    const now = Date.now();
    const h = await new OperatorHarness(keyed().window(ProcessingTimeSessionWindows.withGap(60_000)).reduce(sumValues)).open();
    h.element(['a', 1]).element(['a', 2]);
    const keys = h.state.keyed?.keys('_window-merging') ?? [];
    assert.deepEqual(keys, ['a']);
    assert.ok(Date.now() - now < 60_000);
    await h.close();
  });

  test('sessions, their state windows and timers survive a checkpoint', async () => {
    const events: [Ev, number][] = [
      [['a', 1], 0],
      [['a', 2], 20],
      [['b', 3], 5],
      [['a', 4], 9],
      [['a', 8], 18],
      [['b', 16], 40],
    ];
    const stream = () => keyed().window(EventTimeSessionWindows.withGap(10)).process(new Describe());
    const straight = await new OperatorHarness(stream()).open();
    for (const [e, t] of events) straight.element(e, t);
    straight.watermark(100);

    const first = await new OperatorHarness(stream()).open();
    for (const [e, t] of events.slice(0, 3)) first.element(e, t);
    const restore = await first.snapshot();
    for (const [e, t] of events.slice(3)) first.element(e, t); // lost with the failure
    await first.close();

    const second = await new OperatorHarness(stream(), { restore }).open();
    for (const [e, t] of events.slice(3)) second.element(e, t);
    second.watermark(100);
    assert.deepEqual(sorted(second.take()), sorted(straight.take()));
  });
});
