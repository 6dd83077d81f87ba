/**
 * A Meter over a Counter (Flink's MeterView): the rate is the counter's growth across a
 * sliding window, sampled when the owning registry ticks. Flink divides by the full 60 s
 * window even while a meter is younger than that, which hides a fresh task's rate for a
 * minute; Weir divides by the time actually covered, so a task's rate and backpressure
 * show within a couple of ticks.
 */
import { SimpleCounter, type Counter, type Meter } from './metrics.js';

/** Flink's MeterView default window. */
export const DEFAULT_METER_WINDOW_MS = 60_000;

/** Anything the registry updates on its periodic tick. */
export interface Tickable {
  tick(nowMs: number): void;
}

export class MeterView implements Meter, Tickable {
  private readonly times: number[] = [];
  private readonly counts: number[] = [];
  private rate = 0;

  constructor(
    private readonly counter: Counter = new SimpleCounter(),
    private readonly windowMs: number = DEFAULT_METER_WINDOW_MS,
  ) {}

  markEvent(n = 1): void {
    this.counter.inc(n);
  }

  getCount(): number {
    return this.counter.getCount();
  }

  getRate(): number {
    return this.rate;
  }

  tick(nowMs: number): void {
    const times = this.times;
    const counts = this.counts;
    times.push(nowMs);
    counts.push(this.counter.getCount());
    // Keep one sample at or beyond the window's start, so the window is always covered.
    while (times.length > 2 && nowMs - (times[1] as number) >= this.windowMs) {
      times.shift();
      counts.shift();
    }
    const span = nowMs - (times[0] as number);
    this.rate = span <= 0 ? 0 : (((counts[counts.length - 1] as number) - (counts[0] as number)) * 1000) / span;
  }
}
