import type { Source, SourceReader, SourceReaderContext, SplitEnumerator, SplitEnumeratorContext } from '../api/source.js';
import { WeirError } from '../core/errors.js';
import {
  IndexRangeEnumerator,
  IndexRangeReader,
  splitIndexRange,
  type IndexRangeEnumeratorState,
  type IndexRangeSplit,
} from './index-range-source.js';

/** The numbers from `from` to `to` inclusive, split evenly over the readers (Flink's NumberSequenceSource). */
export class NumberSequenceSource implements Source<number, IndexRangeSplit, IndexRangeEnumeratorState> {
  readonly boundedness = 'BOUNDED';

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to) {
      throw new WeirError('GRAPH_INVALID', `fromSequence(${from}, ${to}): expected safe integers with from <= to`);
    }
  }

  createEnumerator(ctx: SplitEnumeratorContext<IndexRangeSplit>): SplitEnumerator<IndexRangeSplit, IndexRangeEnumeratorState> {
    return new IndexRangeEnumerator(ctx, splitIndexRange(this.from, this.to, ctx.currentParallelism()));
  }

  restoreEnumerator(ctx: SplitEnumeratorContext<IndexRangeSplit>, state: IndexRangeEnumeratorState) {
    return new IndexRangeEnumerator(ctx, state.remaining);
  }

  createReader(ctx: SourceReaderContext): SourceReader<number, IndexRangeSplit> {
    return new IndexRangeReader<number>(ctx, identity, Infinity);
  }
}

function identity(i: number): number {
  return i;
}
