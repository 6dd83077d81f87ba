/**
 * The window operator with each built-in trigger, allowed lateness and the late-data side
 * output, run in a harness (no job): what fires when, with which timestamp.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, mock, test } from 'node:test';
import {
  ContinuousEventTimeTrigger,
  ContinuousProcessingTimeTrigger,
  CountTrigger,
  EventTimeTrigger,
  GlobalWindows,
  OutputTag,
  ProcessingTimeTrigger,
  PurgingTrigger,
  ReducingStateDescriptor,
  TimeWindow,
  Trigger,
  TriggerResult,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  type Collector,
  type TriggerContext,
} from '../../src/index.js';
import { OperatorHarness } from './support/operator-harness.js';
import { keyed, sorted, sumValues, type Ev } from './support/streams.js';

const countPerWindow = (key: string, window: TimeWindow, input: Ev[], out: Collector<string>): void =>
  out.collect(`${key}@${window.start}:${input.length}`);

describe('EventTimeTrigger (the default of event-time windows)', () => {
  test('a window fires once, when the watermark passes its end, stamped with its max timestamp', async () => {
    const h = await new OperatorHarness(keyed().window(TumblingEventTimeWindows.of(10)).reduce(sumValues)).open();
    h.element(['a', 1], 1).element(['a', 2], 9).element(['b', 5], 3).element(['a', 4], 12);
    h.watermark(8);
    assert.deepEqual(h.take(), []);
    h.watermark(9);
    assert.deepEqual(sorted(h.takeWithTimestamps()), sorted([
      { value: ['a', 3], timestamp: 9 },
      { value: ['b', 5], timestamp: 9 },
    ]));
    h.watermark(100);
    assert.deepEqual(h.takeWithTimestamps(), [{ value: ['a', 4], timestamp: 19 }]);
    assert.deepEqual(h.main.watermarks, [8, 9, 100], 'watermarks go on after the windows they close');
    await h.close();
  });

  test('late elements are dropped, or go to the side output, with their own timestamp', async () => {
    const late = new OutputTag<Ev>('late');
    const h = await new OperatorHarness(keyed().window(TumblingEventTimeWindows.of(10)).sideOutputLateData(late).reduce(sumValues), { sideTag: late.id }).open();
    h.element(['a', 1], 5).watermark(15);
    assert.deepEqual(h.take(), [['a', 1]]);
    h.element(['a', 2], 7).element(['a', 3], 16);
    assert.deepEqual(h.side.records, [{ value: ['a', 2], timestamp: 7 }]);
    h.watermark(19);
    assert.deepEqual(h.take(), [['a', 3]]);
    await h.close();
  });

  test('allowed lateness: a late element fires its window again with everything so far, until the end plus lateness', async () => {
    const late = new OutputTag<Ev>('late');
    const h = await new OperatorHarness(
      keyed().window(TumblingEventTimeWindows.of(10)).allowedLateness(5).sideOutputLateData(late).reduce(sumValues),
      { sideTag: late.id },
    ).open();
    h.element(['a', 1], 2).watermark(9);
    assert.deepEqual(h.take(), [['a', 1]]);
    h.element(['a', 10], 3);
    assert.deepEqual(h.takeWithTimestamps(), [{ value: ['a', 11], timestamp: 9 }], 'a late firing');
    h.watermark(13).element(['a', 100], 4);
    assert.deepEqual(h.take(), [['a', 111]]);
    h.watermark(14);
    h.element(['a', 1000], 5);
    assert.deepEqual(h.take(), [], 'the window is gone at end + lateness');
    assert.deepEqual(h.side.records.map((r) => r.value), [['a', 1000]]);
    await h.close();
  });
});

describe('CountTrigger and count windows', () => {
  test('countWindow(3) fires and purges every 3 elements per key; a partial window never fires', async () => {
    const h = await new OperatorHarness(keyed().countWindow(3).reduce(sumValues)).open();
    for (let i = 1; i <= 7; i++) h.element(['a', i]);
    h.element(['b', 100]);
    assert.deepEqual(h.take(), [
      ['a', 6],
      ['a', 15],
    ]);
    h.watermark(Number.MAX_SAFE_INTEGER);
    assert.deepEqual(h.take(), []);
    await h.close();
  });

  test('countWindow(3, 2) slides: every 2 elements, over the last 3', async () => {
    const h = await new OperatorHarness(keyed().countWindow(3, 2).reduce(sumValues)).open();
    for (let i = 1; i <= 6; i++) h.element(['a', i]);
    assert.deepEqual(h.take(), [
      ['a', 3],
      ['a', 9],
      ['a', 15],
    ]);
    await h.close();
  });

  test('CountTrigger without purging fires with all elements so far', async () => {
    const h = await new OperatorHarness(keyed().window(GlobalWindows.create()).trigger(CountTrigger.of(2)).reduce(sumValues)).open();
    for (let i = 1; i <= 4; i++) h.element(['a', i]);
    assert.deepEqual(h.take(), [
      ['a', 3],
      ['a', 10],
    ]);
    await h.close();
  });
});

describe('ContinuousEventTimeTrigger', () => {
  test('fires every interval of event time and at the window end', async () => {
    const h = await new OperatorHarness(
      keyed().window(TumblingEventTimeWindows.of(100)).trigger(ContinuousEventTimeTrigger.of(30)).apply(countPerWindow),
    ).open();
    h.element(['a', 0], 5).element(['a', 0], 40);
    h.watermark(29);
    assert.deepEqual(h.take(), []);
    h.watermark(30);
    assert.deepEqual(h.takeWithTimestamps(), [{ value: 'a@0:2', timestamp: 99 }]);
    h.element(['a', 0], 70).watermark(60);
    assert.deepEqual(h.take(), ['a@0:3']);
    h.watermark(99);
    assert.deepEqual(h.take(), ['a@0:3', 'a@0:3'], 'the interval firing at 90 and the final one at 99');
    await h.close();
  });

  test('wrapped in PurgingTrigger, each firing sees only the elements since the last', async () => {
    const h = await new OperatorHarness(
      keyed().window(TumblingEventTimeWindows.of(100)).trigger(PurgingTrigger.of(ContinuousEventTimeTrigger.of(50))).reduce(sumValues),
    ).open();
    h.element(['a', 1], 10).element(['a', 2], 20).watermark(50);
    h.element(['a', 4], 60).watermark(99);
    assert.deepEqual(h.take(), [
      ['a', 3],
      ['a', 4],
    ]);
    await h.close();
  });
});

describe('processing-time triggers', () => {
  afterEach(() => mock.timers.reset());

  test('ProcessingTimeTrigger fires when the clock passes the window end, through the task mailbox', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000 });
    const h = await new OperatorHarness(keyed().window(TumblingProcessingTimeWindows.of(100)).reduce(sumValues)).open();
    h.element(['a', 1]).element(['a', 2]);
    mock.timers.tick(98);
    assert.equal(h.runMailbox(), 0);
    mock.timers.tick(2);
    assert.equal(h.runMailbox(), 1);
    assert.deepEqual(h.takeWithTimestamps(), [{ value: ['a', 3], timestamp: 1099 }]);
    h.element(['a', 5]);
    mock.timers.tick(100);
    h.runMailbox();
    assert.deepEqual(h.take(), [['a', 5]]);
    await h.close();
  });

  test('ContinuousProcessingTimeTrigger fires every interval of the clock', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 10_000 });
    const h = await new OperatorHarness(keyed().window(GlobalWindows.create()).trigger(ContinuousProcessingTimeTrigger.of(50)).reduce(sumValues)).open();
    h.element(['a', 1]);
    mock.timers.tick(50);
    h.runMailbox();
    h.element(['a', 2]);
    mock.timers.tick(50);
    h.runMailbox();
    assert.deepEqual(h.take(), [
      ['a', 1],
      ['a', 3],
    ]);
    await h.close();
  });
});

/** A custom trigger with per-window state: fires on every second element and at the end, then purges. */
class EverySecondElement extends Trigger<Ev, TimeWindow> {
  private readonly seen = new ReducingStateDescriptor<number>('seen', (a, b) => a + b);

  onElement(_e: Ev, _t: number | undefined, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    ctx.registerEventTimeTimer(window.maxTimestamp());
    const seen = ctx.getPartitionedState(this.seen);
    seen.add(1);
    return (seen.get() ?? 0) % 2 === 0 ? TriggerResult.FIRE : TriggerResult.CONTINUE;
  }

  onEventTime(time: number, window: TimeWindow): TriggerResult {
    return time === window.maxTimestamp() ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE;
  }

  onProcessingTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  clear(window: TimeWindow, ctx: TriggerContext): void {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
    ctx.getPartitionedState(this.seen).clear();
  }
}

test('a custom trigger keeps its state per window and key, and clears it with the window', async () => {
  const h = await new OperatorHarness(keyed().window(TumblingEventTimeWindows.of(10)).trigger(new EverySecondElement()).reduce(sumValues)).open();
  h.element(['a', 1], 1).element(['b', 10], 1).element(['a', 2], 2).element(['a', 4], 15).element(['b', 20], 3);
  assert.deepEqual(sorted(h.take()), sorted([['a', 3], ['b', 30]]));
  h.watermark(9);
  assert.deepEqual(sorted(h.take()), sorted([['a', 3], ['b', 30]]));
  h.element(['a', 8], 16);
  assert.deepEqual(h.take(), [['a', 12]], 'the count of window [10, 20) started from zero');
  const stateNames = ['_window-state-seen'];
  for (const name of stateNames) assert.deepEqual(h.state.keyed?.keys(name), ['a'], 'cleared windows leave no trigger state behind');
  await h.close();
});

test('EventTimeTrigger and ProcessingTimeTrigger are the defaults, and merge', () => {
  assert.equal(TumblingEventTimeWindows.of(1).getDefaultTrigger(), EventTimeTrigger.create());
  assert.equal(TumblingProcessingTimeWindows.of(1).getDefaultTrigger(), ProcessingTimeTrigger.create());
  assert.equal(EventTimeTrigger.create().canMerge(), true);
  assert.equal(new EverySecondElement().canMerge(), false);
});
