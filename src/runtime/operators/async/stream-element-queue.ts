/**
 * The queue of an async I/O operator (Flink's StreamElementQueue): every element whose
 * results have not been emitted yet, and the watermarks between them. The ordered queue
 * emits strictly in input order; the unordered one emits results as they complete within
 * a segment (the elements between two watermarks), so no result crosses a watermark.
 */

export interface RecordEntry {
  readonly kind: 'record';
  readonly value: unknown;
  readonly timestamp: number | undefined;
  /** Set when the call completed. */
  results: readonly unknown[] | undefined;
}

export interface WatermarkEntry {
  readonly kind: 'watermark';
  readonly watermark: number;
}

export type QueueEntry = RecordEntry | WatermarkEntry;

export interface StreamElementQueue {
  /** Records not emitted yet: in flight, or complete and waiting for their turn. */
  readonly recordCount: number;
  isEmpty(): boolean;
  addRecord(entry: RecordEntry): void;
  addWatermark(watermark: number): void;
  complete(entry: RecordEntry, results: readonly unknown[]): void;
  /** Hands on, in order, every entry that may go now. */
  drain(emit: (entry: QueueEntry) => void): void;
  /** Every entry not emitted yet, in an order that keeps each watermark after the records before it. */
  entries(): QueueEntry[];
}

export class OrderedStreamElementQueue implements StreamElementQueue {
  private readonly queue: QueueEntry[] = [];
  recordCount = 0;

  isEmpty(): boolean {
    return this.queue.length === 0;
  }

  addRecord(entry: RecordEntry): void {
    this.queue.push(entry);
    this.recordCount++;
  }

  addWatermark(watermark: number): void {
    this.queue.push({ kind: 'watermark', watermark });
  }

  complete(entry: RecordEntry, results: readonly unknown[]): void {
    entry.results = results;
  }

  drain(emit: (entry: QueueEntry) => void): void {
    for (let head = this.queue[0]; head !== undefined; head = this.queue[0]) {
      if (head.kind === 'record') {
        if (head.results === undefined) return;
        this.recordCount--;
      }
      this.queue.shift();
      emit(head);
    }
  }

  entries(): QueueEntry[] {
    return this.queue.slice();
  }
}

interface RecordSegment {
  readonly kind: 'segment';
  readonly pending: Set<RecordEntry>;
  /** Completed, in completion order. */
  readonly done: RecordEntry[];
}

export class UnorderedStreamElementQueue implements StreamElementQueue {
  private readonly segments: (RecordSegment | WatermarkEntry)[] = [];
  private readonly segmentOf = new Map<RecordEntry, RecordSegment>();
  recordCount = 0;

  isEmpty(): boolean {
    return this.segments.length === 0;
  }

  addRecord(entry: RecordEntry): void {
    let last = this.segments[this.segments.length - 1];
    if (last === undefined || last.kind !== 'segment') {
      last = { kind: 'segment', pending: new Set(), done: [] };
      this.segments.push(last);
    }
    last.pending.add(entry);
    this.segmentOf.set(entry, last);
    this.recordCount++;
  }

  addWatermark(watermark: number): void {
    this.segments.push({ kind: 'watermark', watermark });
  }

  complete(entry: RecordEntry, results: readonly unknown[]): void {
    entry.results = results;
    const segment = this.segmentOf.get(entry);
    if (segment === undefined || !segment.pending.delete(entry)) return;
    segment.done.push(entry);
  }

  drain(emit: (entry: QueueEntry) => void): void {
    for (let head = this.segments[0]; head !== undefined; head = this.segments[0]) {
      if (head.kind === 'watermark') {
        this.segments.shift();
        emit(head);
        continue;
      }
      const done = head.done.splice(0);
      for (const entry of done) {
        this.segmentOf.delete(entry);
        this.recordCount--;
        emit(entry);
      }
      if (head.pending.size > 0) return;
      this.segments.shift();
    }
  }

  entries(): QueueEntry[] {
    const entries: QueueEntry[] = [];
    for (const segment of this.segments) {
      if (segment.kind === 'watermark') entries.push(segment);
      else entries.push(...segment.done, ...segment.pending);
    }
    return entries;
  }
}
