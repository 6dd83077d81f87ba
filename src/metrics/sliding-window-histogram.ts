/**
 * A histogram over the last N values (Flink's DescriptiveStatisticsHistogram): a ring of
 * samples, with statistics computed only when a report reads them.
 */
import type { Histogram, HistogramStatistics } from './metrics.js';

export const DEFAULT_HISTOGRAM_WINDOW = 500;

export class SlidingWindowHistogram implements Histogram {
  private readonly samples: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly windowSize: number = DEFAULT_HISTOGRAM_WINDOW) {
    if (!Number.isInteger(windowSize) || windowSize < 1) throw new RangeError(`a histogram window holds at least 1 value, got ${windowSize}`);
    this.samples = new Float64Array(windowSize);
  }

  update(value: number): void {
    this.samples[this.next] = value;
    this.next = (this.next + 1) % this.samples.length;
    this.count++;
  }

  /** Every value ever recorded, not only those in the window (as Flink counts). */
  getCount(): number {
    return this.count;
  }

  getStatistics(): HistogramStatistics {
    const size = Math.min(this.count, this.samples.length);
    const sorted = this.samples.slice(0, size).sort();
    return new SampleStatistics(sorted);
  }
}

class SampleStatistics implements HistogramStatistics {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stddev: number;

  constructor(private readonly sorted: Float64Array) {
    const n = sorted.length;
    this.min = n === 0 ? NaN : (sorted[0] as number);
    this.max = n === 0 ? NaN : (sorted[n - 1] as number);
    let sum = 0;
    for (const v of sorted) sum += v;
    this.mean = n === 0 ? NaN : sum / n;
    let squares = 0;
    for (const v of sorted) squares += (v - this.mean) ** 2;
    // The sample standard deviation, as Apache Commons Math (and so Flink) reports it.
    this.stddev = n < 2 ? 0 : Math.sqrt(squares / (n - 1));
  }

  get size(): number {
    return this.sorted.length;
  }

  /** Linear interpolation between the closest ranks. */
  quantile(q: number): number {
    const n = this.sorted.length;
    if (n === 0) return NaN;
    if (!(q >= 0 && q <= 1)) throw new RangeError(`a quantile lies in [0, 1], got ${q}`);
    const rank = q * (n - 1);
    const low = Math.floor(rank);
    const high = Math.min(n - 1, low + 1);
    const lowValue = this.sorted[low] as number;
    return lowValue + (rank - low) * ((this.sorted[high] as number) - lowValue);
  }
}
