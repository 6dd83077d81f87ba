/** Evictors on their own, and in the window operator before and after the function. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CountEvictor,
  CountTrigger,
  DeltaEvictor,
  GlobalWindow,
  GlobalWindows,
  TimeEvictor,
  TumblingEventTimeWindows,
  type EvictorContext,
  type TimestampedValue,
} from '../../src/index.js';
import { OperatorHarness } from './support/operator-harness.js';
import { keyed, sumValues, type Ev } from './support/streams.js';

const CONTEXT: EvictorContext = { getCurrentProcessingTime: () => 0, getCurrentWatermark: () => 0 };
const elements = (...pairs: [number, number | undefined][]): TimestampedValue<number>[] => pairs.map(([value, timestamp]) => ({ value, timestamp }));
const values = (list: TimestampedValue<number>[]): number[] => list.map((e) => e.value);
const window = GlobalWindow.get();

describe('evictors alone', () => {
  test('CountEvictor keeps the last n, before or after', () => {
    const list = elements([1, 1], [2, 2], [3, 3], [4, 4]);
    CountEvictor.of(2).evictAfter(list, list.length, window, CONTEXT);
    assert.deepEqual(values(list), [1, 2, 3, 4], 'an evict-before evictor does nothing after');
    CountEvictor.of(2).evictBefore(list, list.length, window, CONTEXT);
    assert.deepEqual(values(list), [3, 4]);
    CountEvictor.of(5, true).evictAfter(list, list.length, window, CONTEXT);
    assert.deepEqual(values(list), [3, 4]);
  });

  test('TimeEvictor keeps what is within the size of the newest timestamp', () => {
    const list = elements([1, 10], [2, 30], [3, 21], [4, 20]);
    TimeEvictor.of(10).evictBefore(list, list.length, window, CONTEXT);
    assert.deepEqual(values(list), [2, 3]);
    const untimed = elements([1, undefined], [2, undefined]);
    TimeEvictor.of(10).evictBefore(untimed, 2, window, CONTEXT);
    assert.deepEqual(values(untimed), [1, 2], 'without timestamps nothing is evicted');
  });

  test('DeltaEvictor keeps what is closer than the threshold to the last element', () => {
    const list = elements([1, 0], [9, 0], [12, 0], [10, 0]);
    DeltaEvictor.of(3, (a: number, b: number) => Math.abs(a - b)).evictBefore(list, list.length, window, CONTEXT);
    assert.deepEqual(values(list), [9, 12, 10]);
  });
});

describe('evictors in the operator', () => {
  test('evict before: the function sees what is left; reduce runs over it when the window fires', async () => {
    const h = await new OperatorHarness(keyed().window(GlobalWindows.create()).trigger(CountTrigger.of(2)).evictor(CountEvictor.of(3)).reduce(sumValues)).open();
    for (let i = 1; i <= 6; i++) h.element(['a', i]);
    assert.deepEqual(h.take(), [
      ['a', 3],
      ['a', 9],
      ['a', 15],
    ]);
    await h.close();
  });

  test('evict after: the function sees everything, the window keeps what is left', async () => {
    const seen: number[][] = [];
    const h = await new OperatorHarness(
      keyed()
        .window(GlobalWindows.create())
        .trigger(CountTrigger.of(2))
        .evictor(CountEvictor.of(1, true))
        .apply((_key: string, _w: GlobalWindow, input: Ev[]) => seen.push(input.map((e) => e[1]))),
    ).open();
    for (let i = 1; i <= 5; i++) h.element(['a', i]);
    assert.deepEqual(seen, [
      [1, 2],
      [2, 3, 4],
    ]);
    await h.close();
  });

  test('TimeEvictor with event-time windows uses the element timestamps kept with them', async () => {
    const h = await new OperatorHarness(keyed().window(TumblingEventTimeWindows.of(100)).evictor(TimeEvictor.of(20)).reduce(sumValues)).open();
    h.element(['a', 1], 10).element(['a', 2], 75).element(['a', 4], 80).element(['a', 8], 60).watermark(99);
    assert.deepEqual(h.takeWithTimestamps(), [{ value: ['a', 6], timestamp: 99 }]);
    await h.close();
  });

  test('aggregate with an evictor aggregates what is left', async () => {
    const h = await new OperatorHarness(
      keyed()
        .window(TumblingEventTimeWindows.of(100))
        .evictor(CountEvictor.of(2))
        .aggregate({
          createAccumulator: () => 0,
          add: (e: Ev, acc: number) => acc + e[1],
          getResult: (acc: number) => acc,
          merge: (a: number, b: number) => a + b,
        }),
    ).open();
    h.element(['a', 1], 1).element(['a', 2], 2).element(['a', 4], 3).watermark(99);
    assert.deepEqual(h.take(), [6]);
  });
});
