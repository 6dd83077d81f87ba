/**
 * The producer side of one channel. Records collect in an array until a buffer's worth
 * (about `segmentSize` bytes) is there, then are serialized into one buffer. A buffer is
 * sent only against a credit the consumer granted; without credit it waits in the
 * backlog, and a channel with a backlog makes its task stop (credit-based flow control).
 */
import type { RecordSerializer } from '../../runtime/serialization/index.js';
import type { ChannelEvent, ChannelKey, NetworkMessage } from './messages.js';
import type { TimeContext } from '../../runtime/operators/output.js';

/** Events travel in order with the buffers but need no credit: they hold no records. */
type Pending = Uint8Array | 'end-of-partition' | ChannelEvent;

const MAX_RECORDS_PER_BUFFER = 16384;

export class OutputChannel {
  private records: unknown[] = [];
  private count = 0;
  private recordsPerBuffer = 64;
  private credits = 0;
  private readonly backlog: Pending[] = [];
  bytesOut = 0;
  buffersOut = 0;

  private timestamps: number[] = [];

  /** @param time present when records carry event timestamps: each buffer then holds [records, timestamps]. */
  constructor(
    readonly key: ChannelKey,
    private readonly consumerLocation: string,
    private readonly serializer: RecordSerializer,
    private readonly segmentSize: number,
    private readonly send: (message: NetworkMessage, transfer: readonly ArrayBuffer[]) => void,
    private readonly time?: TimeContext,
  ) {}

  add(record: unknown): void {
    const time = this.time;
    if (time !== undefined) this.timestamps[this.count] = time.timestamp ?? Number.NaN;
    this.records[this.count++] = record;
    if (this.count >= this.recordsPerBuffer) this.flush();
  }

  /** Serializes whatever is pending into a buffer (the buffer timeout and end of input call this). */
  flush(): void {
    const count = this.count;
    if (count === 0) return;
    const bytes =
      this.time === undefined
        ? this.serializer.serializeBatch(this.records, count)
        : this.serializer.serializeBatch([this.records.slice(0, count), this.timestamps.slice(0, count)], 2);
    this.count = 0;
    const perRecord = Math.max(1, bytes.byteLength / count);
    this.recordsPerBuffer = Math.max(1, Math.min(MAX_RECORDS_PER_BUFFER, Math.floor(this.segmentSize / perRecord)));
    if (this.records.length > this.recordsPerBuffer * 2) this.records = [];
    this.enqueue(bytes);
  }

  endOfPartition(): void {
    this.flush();
    this.enqueue('end-of-partition');
  }

  /** Records collected so far go out first, then the event. */
  broadcastEvent(event: ChannelEvent): void {
    this.flush();
    this.enqueue(event);
  }

  addCredits(credits: number): void {
    this.credits += credits;
    this.drain();
  }

  /** False while a buffer waits for credit: the task must stop producing. */
  get isAvailable(): boolean {
    return this.backlog.length === 0;
  }

  get hasPendingRecords(): boolean {
    return this.count > 0;
  }

  private enqueue(item: Pending): void {
    this.backlog.push(item);
    this.drain();
  }

  private drain(): void {
    const backlog = this.backlog;
    while (backlog.length > 0) {
      const next = backlog[0] as Pending;
      if (next === 'end-of-partition') {
        backlog.shift();
        this.send({ type: 'end-of-partition', key: this.key, to: this.consumerLocation }, []);
        continue;
      }
      if (!(next instanceof Uint8Array)) {
        backlog.shift();
        this.send({ type: 'event', key: this.key, to: this.consumerLocation, event: next }, []);
        continue;
      }
      if (this.credits === 0) return;
      backlog.shift();
      this.credits--;
      this.bytesOut += next.byteLength;
      this.buffersOut++;
      this.send({ type: 'buffer', key: this.key, to: this.consumerLocation, bytes: next }, transferable(next));
    }
  }
}

/** A buffer that owns its ArrayBuffer can be moved to another thread instead of copied. */
function transferable(bytes: Uint8Array): ArrayBuffer[] {
  const buffer = bytes.buffer;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? [buffer] : [];
}
