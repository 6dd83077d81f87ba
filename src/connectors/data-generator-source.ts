import type { Source, SourceReader, SourceReaderContext, SplitEnumerator, SplitEnumeratorContext } from '../api/source.js';
import { WeirError } from '../core/errors.js';
import {
  IndexRangeEnumerator,
  IndexRangeReader,
  splitIndexRange,
  type IndexRangeEnumeratorState,
  type IndexRangeSplit,
} from './index-range-source.js';

/** How fast a DataGeneratorSource may emit, summed over all its readers. */
export class RateLimiterStrategy {
  private constructor(readonly recordsPerSecond: number) {}

  static perSecond(recordsPerSecond: number): RateLimiterStrategy {
    if (!(recordsPerSecond > 0)) {
      throw new WeirError('GRAPH_INVALID', `RateLimiterStrategy.perSecond: expected a positive rate, got ${recordsPerSecond}`);
    }
    return new RateLimiterStrategy(recordsPerSecond);
  }

  static noOp(): RateLimiterStrategy {
    return new RateLimiterStrategy(Infinity);
  }
}

/**
 * Generates `count` records, record i being `generator(i)`; parallel, optionally rate
 * limited (Flink's DataGeneratorSource).
 *
 * ```ts
 * const source = new DataGeneratorSource((i) => ({ id: i }), 1_000_000, RateLimiterStrategy.perSecond(10_000));
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), 'generator');
 * ```
 */
export class DataGeneratorSource<T> implements Source<T, IndexRangeSplit, IndexRangeEnumeratorState> {
  readonly boundedness;

  constructor(
    private readonly generator: (index: number) => T,
    private readonly count: number,
    private readonly rateLimiter: RateLimiterStrategy = RateLimiterStrategy.noOp(),
  ) {
    if (!(Number.isSafeInteger(count) && count >= 0) && count !== Infinity) {
      throw new WeirError('GRAPH_INVALID', `DataGeneratorSource: count must be a non-negative integer or Infinity, got ${count}`);
    }
    this.boundedness = count === Infinity ? ('CONTINUOUS_UNBOUNDED' as const) : ('BOUNDED' as const);
  }

  createEnumerator(ctx: SplitEnumeratorContext<IndexRangeSplit>): SplitEnumerator<IndexRangeSplit, IndexRangeEnumeratorState> {
    const last = this.count === Infinity ? Number.MAX_SAFE_INTEGER : this.count - 1;
    return new IndexRangeEnumerator(ctx, splitIndexRange(0, last, ctx.currentParallelism()));
  }

  restoreEnumerator(ctx: SplitEnumeratorContext<IndexRangeSplit>, state: IndexRangeEnumeratorState) {
    return new IndexRangeEnumerator(ctx, state.remaining);
  }

  createReader(ctx: SourceReaderContext): SourceReader<T, IndexRangeSplit> {
    return new IndexRangeReader<T>(ctx, this.generator, this.rateLimiter.recordsPerSecond / ctx.parallelism);
  }
}
