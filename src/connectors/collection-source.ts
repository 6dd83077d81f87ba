import type { Source, SourceReader, SourceReaderContext, SplitEnumerator, SplitEnumeratorContext } from '../api/source.js';
import {
  IndexRangeEnumerator,
  IndexRangeReader,
  splitIndexRange,
  type IndexRangeEnumeratorState,
  type IndexRangeSplit,
} from './index-range-source.js';

/**
 * The values of `fromElements` / `fromData`. The slot rebuilds the program, so the
 * values come from the same code that made them in the client.
 */
export class CollectionSource<T> implements Source<T, IndexRangeSplit, IndexRangeEnumeratorState> {
  readonly boundedness = 'BOUNDED';

  constructor(private readonly elements: readonly T[]) {}

  createEnumerator(ctx: SplitEnumeratorContext<IndexRangeSplit>): SplitEnumerator<IndexRangeSplit, IndexRangeEnumeratorState> {
    return new IndexRangeEnumerator(ctx, splitIndexRange(0, this.elements.length - 1, 1));
  }

  restoreEnumerator(ctx: SplitEnumeratorContext<IndexRangeSplit>, state: IndexRangeEnumeratorState) {
    return new IndexRangeEnumerator(ctx, state.remaining);
  }

  createReader(ctx: SourceReaderContext): SourceReader<T, IndexRangeSplit> {
    const elements = this.elements;
    return new IndexRangeReader<T>(ctx, (i) => elements[i] as T, Infinity);
  }
}
