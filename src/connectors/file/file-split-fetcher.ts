/**
 * Reads one split in the background and keeps its decoded records until the reader takes
 * them (a one-split version of Flink's SplitFetcher). Reads are asynchronous, one chunk at
 * a time, so a large file never blocks the task's thread; the reader is woken when a
 * chunk has been decoded.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { ReaderOutput } from '../../api/source.js';
import { WeirError, errorMessage } from '../../core/errors.js';
import type { FileSourceSplit } from './file-source-split.js';
import type { StreamDecoder, StreamFormat } from './stream-format.js';

/** Large enough to amortise a read's round trip through the thread pool, small enough to stay off the heap's radar. */
export const CHUNK_SIZE = 64 * 1024;

export class FileSplitFetcher<T> {
  private readonly decoder: StreamDecoder<T>;
  private handle: FileHandle | undefined;
  private reading = false;
  private endOfFile = false;
  private closed = false;
  /** Next byte to read from the file. */
  private readPosition: number;
  /** End of the last record handed to the output: the checkpointed offset. */
  private consumed: number;
  /** End of the last record decoded. */
  private decodedEnd: number;
  /** Decoded records and the offset after each, consumed from `head` on. */
  private records: T[] = [];
  private ends: number[] = [];
  private head = 0;
  private readonly collect = (record: T, size: number): void => {
    this.decodedEnd += size;
    this.records.push(record);
    this.ends.push(this.decodedEnd);
  };
  failure: Error | undefined;

  /** @param onProgress called when records, the end of the file or a failure arrived */
  constructor(
    readonly split: FileSourceSplit,
    format: StreamFormat<T>,
    private readonly onProgress: () => void,
  ) {
    this.decoder = format.createDecoder();
    this.readPosition = split.offset;
    this.consumed = split.offset;
    this.decodedEnd = split.offset;
  }

  /** Everything was read and handed out. */
  get isFinished(): boolean {
    return this.endOfFile && this.head === this.records.length;
  }

  /** Hands out up to `max` records and returns how many. */
  emit(output: ReaderOutput<T>, max: number): number {
    const end = Math.min(this.records.length, this.head + max);
    const records = this.records;
    for (let i = this.head; i < end; i++) output.collect(records[i] as T);
    const count = end - this.head;
    if (count > 0) {
      this.consumed = this.ends[end - 1] as number;
      this.head = end;
      if (end === records.length) {
        this.records = [];
        this.ends = [];
        this.head = 0;
      } else if (end > records.length / 2) {
        // The next chunk may arrive before these are drained, again and again: drop the emitted ones so they can be collected.
        this.records = records.slice(end);
        this.ends = this.ends.slice(end);
        this.head = 0;
      }
    }
    this.fetchIfNeeded();
    return count;
  }

  /** Starts the next read unless one runs, the file is done, or a chunk's worth of records is already waiting. */
  fetchIfNeeded(): void {
    if (this.reading || this.endOfFile || this.closed || this.failure !== undefined) return;
    if (this.decodedEnd - this.consumed >= CHUNK_SIZE) return;
    this.reading = true;
    this.readChunk().then(
      () => {
        this.reading = false;
        this.onProgress();
        this.fetchIfNeeded();
      },
      (error: unknown) => {
        this.reading = false;
        this.failure = new WeirError('TASK_FAILED', `FileSource: cannot read ${this.split.path}: ${errorMessage(error)}`, {
          cause: error,
        });
        this.closeHandle();
        this.onProgress();
      },
    );
  }

  /** The split as a checkpoint must record it: from the record after the last one emitted. */
  snapshot(): FileSourceSplit {
    return { ...this.split, offset: this.consumed };
  }

  close(): void {
    this.closed = true;
    this.closeHandle();
  }

  private async readChunk(): Promise<void> {
    const want = Math.min(CHUNK_SIZE, this.split.length - this.readPosition);
    let bytesRead = 0;
    let chunk: Buffer | undefined;
    if (want > 0) {
      this.handle ??= await open(this.split.path, 'r');
      if (this.closed) return this.closeHandle();
      chunk = Buffer.allocUnsafe(want);
      bytesRead = (await this.handle.read(chunk, 0, want, this.readPosition)).bytesRead;
      if (this.closed) return this.closeHandle();
    }
    this.readPosition += bytesRead;
    if (chunk !== undefined && bytesRead > 0) this.decoder.decode(chunk.subarray(0, bytesRead), this.collect);
    // A file that shrank since its discovery ends where it now ends.
    if (bytesRead === 0 || this.readPosition >= this.split.length) {
      this.decoder.finish(this.collect);
      this.endOfFile = true;
      this.closeHandle();
    }
  }

  private closeHandle(): void {
    const handle = this.handle;
    this.handle = undefined;
    // Closing a read-only handle cannot lose data; a failure here has nobody to tell.
    handle?.close().catch(() => undefined);
  }
}
