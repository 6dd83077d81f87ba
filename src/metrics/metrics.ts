/**
 * The four kinds of metric a user or the runtime registers (Flink's Counter, Gauge, Meter
 * and Histogram). Values are read only when a report is taken, so updating a metric costs
 * a field write, never a message or a lock.
 */

/** A count that only changes by `inc`/`dec`. @example const parsed = ctx.getMetricGroup().counter('parsed'); parsed.inc(); */
export interface Counter {
  inc(n?: number): void;
  dec(n?: number): void;
  getCount(): number;
}

/** A value computed when the metric is read. @example ctx.getMetricGroup().gauge('queueSize', () => queue.length); */
export interface Gauge<T extends number | string = number | string> {
  getValue(): T;
}

/** Events per second over a recent window, plus the total. @example const m = group.meter('lines'); m.markEvent(batch.length); */
export interface Meter {
  markEvent(n?: number): void;
  /** Events per second over the window (60 s, or the time since the meter started if shorter). */
  getRate(): number;
  getCount(): number;
}

/** The distribution of recent values. @example const h = group.histogram('latencyMs'); h.update(elapsed); */
export interface Histogram {
  update(value: number): void;
  getCount(): number;
  getStatistics(): HistogramStatistics;
}

export interface HistogramStatistics {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stddev: number;
  /** `q` in [0, 1]; NaN when no value was recorded. */
  quantile(q: number): number;
  readonly size: number;
}

/** A counter that is a plain number field. */
export class SimpleCounter implements Counter {
  private count = 0;

  inc(n = 1): void {
    this.count += n;
  }

  dec(n = 1): void {
    this.count -= n;
  }

  getCount(): number {
    return this.count;
  }
}

/** A counter whose count is kept elsewhere (a field the task increments per buffer), read on demand. */
export class CounterView implements Counter {
  constructor(private readonly read: () => number) {}

  inc(): void {
    throw new TypeError('this counter is maintained by the runtime and cannot be changed');
  }

  dec(): void {
    throw new TypeError('this counter is maintained by the runtime and cannot be changed');
  }

  getCount(): number {
    return this.read();
  }
}
