/**
 * The machinery shared by sources that produce record `i` for each index in a range:
 * the range is cut into one split per reader, handed out on request (Flink's
 * IteratorSourceEnumerator), and each reader emits its split from the last position it
 * reached, which is what it checkpoints.
 */
import type {
  InputStatus,
  ReaderOutput,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from '../api/source.js';

export interface IndexRangeSplit extends SourceSplit {
  /** Next index to emit. */
  readonly current: number;
  /** Last index, included. */
  readonly to: number;
}

export interface IndexRangeEnumeratorState {
  readonly remaining: readonly IndexRangeSplit[];
}

/** Cuts [from, to] into `parts` contiguous splits of near-equal size. */
export function splitIndexRange(from: number, to: number, parts: number): IndexRangeSplit[] {
  const total = to - from + 1;
  if (total <= 0) return [];
  const splits: IndexRangeSplit[] = [];
  const count = Math.max(1, Math.min(parts, total));
  for (let i = 0; i < count; i++) {
    const start = from + Math.floor((total * i) / count);
    const end = from + Math.floor((total * (i + 1)) / count) - 1;
    splits.push({ splitId: String(i), current: start, to: end });
  }
  return splits;
}

export class IndexRangeEnumerator implements SplitEnumerator<IndexRangeSplit, IndexRangeEnumeratorState> {
  private readonly remaining: IndexRangeSplit[];

  constructor(
    private readonly ctx: SplitEnumeratorContext<IndexRangeSplit>,
    splits: readonly IndexRangeSplit[],
  ) {
    this.remaining = [...splits];
  }

  start(): void {}

  handleSplitRequest(subtask: number): void {
    const split = this.remaining.shift();
    if (split === undefined) this.ctx.signalNoMoreSplits(subtask);
    else this.ctx.assignSplits(subtask, [split]);
  }

  addSplitsBack(splits: readonly IndexRangeSplit[]): void {
    this.remaining.unshift(...splits);
  }

  addReader(): void {}

  snapshotState(): IndexRangeEnumeratorState {
    return { remaining: [...this.remaining] };
  }

  close(): void {}
}

/** Records per pollNext call: large enough to amortise the task loop, small enough to react to backpressure. */
const BATCH = 4096;

export class IndexRangeReader<T> implements SourceReader<T, IndexRangeSplit> {
  private readonly splits: IndexRangeSplit[] = [];
  private splitId = '';
  private current = 0;
  private to = -1;
  private noMoreSplits = false;
  private awaitingSplit = false;
  private wakeUp: (() => void) | undefined;
  private readonly startedAt = performance.now();
  private emitted = 0;

  /**
   * @param produce the record for an index
   * @param ratePerSecond this reader's share of the source's rate limit, or Infinity
   */
  constructor(
    private readonly ctx: SourceReaderContext,
    private readonly produce: (index: number) => T,
    private readonly ratePerSecond: number,
  ) {}

  start(): void {
    this.requestSplit();
  }

  pollNext(output: ReaderOutput<T>): InputStatus {
    if (this.current > this.to && !this.advance()) {
      if (this.noMoreSplits) return 'END_OF_INPUT';
      this.requestSplit();
      return 'NOTHING_AVAILABLE';
    }
    let end = Math.min(this.to, this.current + BATCH - 1);
    if (this.ratePerSecond !== Infinity) {
      const allowed = Math.floor(((performance.now() - this.startedAt) / 1000) * this.ratePerSecond) - this.emitted;
      if (allowed <= 0) return 'NOTHING_AVAILABLE';
      end = Math.min(end, this.current + allowed - 1);
    }
    const produce = this.produce;
    for (let i = this.current; i <= end; i++) output.collect(produce(i));
    this.emitted += end - this.current + 1;
    this.current = end + 1;
    return 'MORE_AVAILABLE';
  }

  isAvailable(): Promise<void> {
    if (this.ratePerSecond !== Infinity && this.current <= this.to) {
      const dueAt = this.startedAt + ((this.emitted + 1) / this.ratePerSecond) * 1000;
      return new Promise((resolve) => setTimeout(resolve, Math.max(1, dueAt - performance.now())));
    }
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }

  addSplits(splits: readonly IndexRangeSplit[]): void {
    this.splits.push(...splits);
    this.awaitingSplit = false;
    this.signal();
  }

  notifyNoMoreSplits(): void {
    this.noMoreSplits = true;
    this.awaitingSplit = false;
    this.signal();
  }

  snapshotState(): IndexRangeSplit[] {
    const open = this.current <= this.to ? [{ splitId: this.splitId, current: this.current, to: this.to }] : [];
    return [...open, ...this.splits];
  }

  close(): void {}

  private advance(): boolean {
    const next = this.splits.shift();
    if (next === undefined) return false;
    this.splitId = next.splitId;
    this.current = next.current;
    this.to = next.to;
    return this.current <= this.to || this.advance();
  }

  private requestSplit(): void {
    if (this.awaitingSplit || this.noMoreSplits) return;
    this.awaitingSplit = true;
    this.ctx.sendSplitRequest();
  }

  private signal(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }
}
