/**
 * A FileSource's reader: reads its splits one after the other, asking the enumerator for
 * the next one when it runs out (Flink's FileSourceReader).
 */
import type { InputStatus, ReaderOutput, SourceReader, SourceReaderContext } from '../../api/source.js';
import { FileSplitFetcher } from './file-split-fetcher.js';
import type { FileSourceSplit } from './file-source-split.js';
import type { StreamFormat } from './stream-format.js';

/** Records per pollNext call: amortises the task loop, yet lets it check backpressure often. */
const BATCH = 4096;

export class FileSourceReader<T> implements SourceReader<T, FileSourceSplit> {
  private readonly queue: FileSourceSplit[] = [];
  private current: FileSplitFetcher<T> | undefined;
  private noMoreSplits = false;
  private awaitingSplit = false;
  /** Something happened since the last pollNext: the task must poll again rather than wait. */
  private changed = false;
  private available: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly signal = (): void => {
    this.changed = true;
    const wake = this.wakeUp;
    this.available = undefined;
    this.wakeUp = undefined;
    wake?.();
  };

  constructor(
    private readonly ctx: SourceReaderContext,
    private readonly format: StreamFormat<T>,
  ) {}

  /** Splits restored from a checkpoint arrive before start; only a reader without any asks. */
  start(): void {
    if (this.queue.length === 0) this.requestSplit();
  }

  pollNext(output: ReaderOutput<T>): InputStatus {
    this.changed = false;
    for (;;) {
      const fetcher = this.current ?? this.nextFetcher();
      if (fetcher === undefined) {
        if (this.noMoreSplits) return 'END_OF_INPUT';
        this.requestSplit();
        return 'NOTHING_AVAILABLE';
      }
      if (fetcher.failure !== undefined) throw fetcher.failure;
      const emitted = fetcher.emit(output, BATCH);
      // A finished split leaves at once, so a checkpoint taken now does not list it.
      if (fetcher.isFinished) this.finishCurrent();
      if (emitted > 0) return 'MORE_AVAILABLE';
      if (this.current !== undefined) return 'NOTHING_AVAILABLE';
    }
  }

  isAvailable(): Promise<void> {
    if (this.changed) return Promise.resolve();
    this.available ??= new Promise((resolve) => {
      this.wakeUp = resolve;
    });
    return this.available;
  }

  addSplits(splits: readonly FileSourceSplit[]): void {
    this.queue.push(...splits);
    this.awaitingSplit = false;
    this.signal();
  }

  notifyNoMoreSplits(): void {
    this.noMoreSplits = true;
    this.awaitingSplit = false;
    this.signal();
  }

  snapshotState(): FileSourceSplit[] {
    const open = this.current !== undefined ? [this.current.snapshot()] : [];
    return [...open, ...this.queue];
  }

  close(): void {
    this.current?.close();
    this.current = undefined;
  }

  private nextFetcher(): FileSplitFetcher<T> | undefined {
    const split = this.queue.shift();
    if (split === undefined) return undefined;
    this.current = new FileSplitFetcher(split, this.format, this.signal);
    this.current.fetchIfNeeded();
    return this.current;
  }

  private finishCurrent(): void {
    this.current?.close();
    this.current = undefined;
    // Ask for the next file while the task still emits this one's last records.
    if (this.queue.length === 0) this.requestSplit();
  }

  private requestSplit(): void {
    if (this.awaitingSplit || this.noMoreSplits) return;
    this.awaitingSplit = true;
    this.ctx.sendSplitRequest();
  }
}
