/**
 * Window assigners: window boundaries with offsets and negative timestamps, sliding
 * window sets, session windows and their merging, global windows, and the argument checks.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  EventTimeSessionWindows,
  GlobalWindow,
  GlobalWindows,
  MAX_TIMESTAMP,
  ProcessingTimeSessionWindows,
  SlidingEventTimeWindows,
  SlidingProcessingTimeWindows,
  TimeWindow,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  WeirError,
  type WindowAssignerContext,
} from '../../src/index.js';

const NO_CLOCK: WindowAssignerContext = { getCurrentProcessingTime: () => assert.fail('event-time assigners must not read the clock') };
const clockAt = (now: number): WindowAssignerContext => ({ getCurrentProcessingTime: () => now });
const bounds = (windows: readonly TimeWindow[]): [number, number][] => windows.map((w) => [w.start, w.end]);

/** A deterministic generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('tumbling windows', () => {
  const tumble = (size: number, offset: number, ts: number): [number, number][] =>
    bounds(TumblingEventTimeWindows.of(size, offset).assignWindows(null, ts, NO_CLOCK));

  test('a timestamp falls into [start, start + size) aligned to the epoch', () => {
    assert.deepEqual(tumble(10, 0, 0), [[0, 10]]);
    assert.deepEqual(tumble(10, 0, 9), [[0, 10]]);
    assert.deepEqual(tumble(10, 0, 10), [[10, 20]]);
    assert.deepEqual(tumble(1000, 0, 123_456), [[123_000, 124_000]]);
  });

  test('negative timestamps fall into the window below them, also beyond -size', () => {
    assert.deepEqual(tumble(10, 0, -1), [[-10, 0]]);
    assert.deepEqual(tumble(10, 0, -10), [[-10, 0]]);
    assert.deepEqual(tumble(10, 0, -11), [[-20, -10]]);
    // Flink's older formula, ts - (ts - offset + size) % size, would give [-20, -10) here.
    assert.deepEqual(tumble(10, 0, -25), [[-30, -20]]);
  });

  test('offsets shift the window starts, both ways', () => {
    assert.deepEqual(tumble(10, 3, 2), [[-7, 3]]);
    assert.deepEqual(tumble(10, 3, 3), [[3, 13]]);
    assert.deepEqual(tumble(10, -3, 0), [[-3, 7]]);
    assert.deepEqual(tumble(10, -3, -4), [[-13, -3]]);
    assert.deepEqual(tumble(86_400_000, -8 * 3_600_000, 0), [[-8 * 3_600_000, 16 * 3_600_000]]);
  });

  test('for any timestamp the window holds it and starts at offset + k * size', () => {
    const next = random(7);
    for (let i = 0; i < 2000; i++) {
      const size = 1 + Math.floor(next() * 500);
      const offset = Math.floor((next() * 2 - 1) * (size - 1));
      const ts = Math.floor((next() * 2 - 1) * 1_000_000);
      const [window] = TumblingEventTimeWindows.of(size, offset).assignWindows(null, ts, NO_CLOCK);
      assert.ok(window !== undefined && window.start <= ts && ts < window.end, `ts ${ts} size ${size} offset ${offset}: ${String(window)}`);
      assert.equal(window.end - window.start, size);
      assert.equal((((window.start - offset) % size) + size) % size, 0, `window start ${window.start} is not aligned`);
      assert.equal(window.maxTimestamp(), window.end - 1);
    }
  });

  test('processing-time windows use the clock, not the element timestamp', () => {
    const windows = TumblingProcessingTimeWindows.of(100).assignWindows(null, 5, clockAt(1234));
    assert.deepEqual(bounds(windows), [[1200, 1300]]);
    assert.equal(TumblingProcessingTimeWindows.of(100).isEventTime(), false);
  });

  test('an element without a timestamp fails with what to do', () => {
    assert.throws(() => TumblingEventTimeWindows.of(10).assignWindows(null, undefined, NO_CLOCK), /WatermarkStrategy/);
  });

  test('bad sizes and offsets are refused', () => {
    assert.throws(() => TumblingEventTimeWindows.of(0), WeirError);
    assert.throws(() => TumblingEventTimeWindows.of(10, 10), /abs\(offset\) < size/);
    assert.throws(() => TumblingEventTimeWindows.of(10, -10), /abs\(offset\) < size/);
    assert.throws(() => TumblingProcessingTimeWindows.of(1.5), WeirError);
  });
});

describe('sliding windows', () => {
  const slide = (size: number, step: number, offset: number, ts: number): [number, number][] =>
    bounds(SlidingEventTimeWindows.of(size, step, offset).assignWindows(null, ts, NO_CLOCK));

  test('every window of the slide grid that holds the timestamp, newest first', () => {
    assert.deepEqual(slide(10, 5, 0, 7), [
      [5, 15],
      [0, 10],
    ]);
    assert.deepEqual(slide(10, 3, 0, 0), [
      [0, 10],
      [-3, 7],
      [-6, 4],
      [-9, 1],
    ]);
    assert.deepEqual(slide(10, 5, 0, -1), [
      [-5, 5],
      [-10, 0],
    ]);
    assert.deepEqual(slide(10, 5, 2, 1), [
      [-3, 7],
      [-8, 2],
    ]);
  });

  test('for any timestamp: ceil(size / slide) windows at most, each holding it', () => {
    const next = random(11);
    for (let i = 0; i < 1000; i++) {
      const step = 1 + Math.floor(next() * 50);
      const size = step + Math.floor(next() * 200);
      const offset = Math.floor((next() * 2 - 1) * (step - 1));
      const ts = Math.floor((next() * 2 - 1) * 100_000);
      const windows = SlidingEventTimeWindows.of(size, step, offset).assignWindows(null, ts, NO_CLOCK);
      // Brute force: every aligned start within (ts - size, ts].
      const expected: [number, number][] = [];
      for (let start = ts; start > ts - size; start--) if ((((start - offset) % step) + step) % step === 0) expected.push([start, start + size]);
      assert.deepEqual(bounds(windows), expected, `ts ${ts} size ${size} slide ${step} offset ${offset}`);
    }
  });

  test('processing time and checks', () => {
    assert.deepEqual(bounds(SlidingProcessingTimeWindows.of(20, 10).assignWindows(null, undefined, clockAt(25))), [
      [20, 40],
      [10, 30],
    ]);
    assert.throws(() => SlidingEventTimeWindows.of(10, 0), WeirError);
    assert.throws(() => SlidingEventTimeWindows.of(10, 5, 5), /abs\(offset\) < slide/);
  });
});

describe('session windows', () => {
  test('an element opens [timestamp, timestamp + gap)', () => {
    assert.deepEqual(bounds(EventTimeSessionWindows.withGap(10).assignWindows(null, -5, NO_CLOCK)), [[-5, 5]]);
    assert.deepEqual(bounds(ProcessingTimeSessionWindows.withGap(10).assignWindows(null, 3, clockAt(100))), [[100, 110]]);
  });

  test('a dynamic gap comes from the element; a gap that is not positive fails', () => {
    const assigner = EventTimeSessionWindows.withDynamicGap((e: { gap: number }) => e.gap);
    assert.deepEqual(bounds(assigner.assignWindows({ gap: 7 }, 100, NO_CLOCK)), [[100, 107]]);
    assert.throws(() => assigner.assignWindows({ gap: 0 }, 100, NO_CLOCK), /session gap must be a positive/);
    assert.throws(() => EventTimeSessionWindows.withGap(-1), WeirError);
  });

  test('overlapping and touching windows merge into their cover; others are left alone', () => {
    const merges: [[number, number][], [number, number]][] = [];
    const windows = [new TimeWindow(12, 15), new TimeWindow(0, 5), new TimeWindow(5, 10), new TimeWindow(3, 4), new TimeWindow(30, 40)];
    TimeWindow.mergeWindows(windows, (toBeMerged, result) =>
      merges.push([bounds(toBeMerged).sort((a, b) => a[0] - b[0]), [result.start, result.end]]),
    );
    assert.deepEqual(merges, [
      [
        [
          [0, 5],
          [3, 4],
          [5, 10],
        ],
        [0, 10],
      ],
    ]);
  });

  test('a window equal to another is one window, not a merge', () => {
    let calls = 0;
    TimeWindow.mergeWindows([new TimeWindow(0, 5), new TimeWindow(0, 5)], () => calls++);
    assert.equal(calls, 0);
  });
});

test('global windows: one window per key that ends with time', () => {
  const windows = GlobalWindows.create().assignWindows();
  assert.equal(windows.length, 1);
  assert.equal(windows[0], GlobalWindow.get());
  assert.equal(GlobalWindow.get().maxTimestamp(), MAX_TIMESTAMP);
  assert.equal(GlobalWindows.create().getWindowSerializer().parse('global'), GlobalWindow.get());
});

test('time windows survive their id, negative bounds included', () => {
  for (const window of [new TimeWindow(-30, -20), new TimeWindow(-5, 5), new TimeWindow(0, 1), new TimeWindow(1_700_000_000_000, 1_700_000_060_000)]) {
    const parsed = TimeWindow.SERIALIZER.parse(TimeWindow.SERIALIZER.id(window));
    assert.ok(parsed.equals(window), `${String(window)} came back as ${String(parsed)}`);
  }
});
