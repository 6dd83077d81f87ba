/**
 * Turns batches of records into the buffers that travel between tasks, and back.
 *
 * Every buffer is self-contained: any instance, in any thread or process, decodes it alone
 * and in any order. The bytes returned by `serializeBatch` own their whole `ArrayBuffer`
 * (`byteOffset` 0, exact length), so they can be transferred to a worker thread without
 * copying and without detaching memory the serializer still uses.
 *
 * ```ts
 * const serializer: RecordSerializer = new MsgpackRecordSerializer();
 * const bytes = serializer.serializeBatch(pending, pendingCount);
 * const records = otherSerializer.deserializeBatch(bytes, scratch);
 * ```
 */
export interface RecordSerializer {
  /** Encodes records[0..count) into one buffer, which owns its whole `ArrayBuffer`. */
  serializeBatch(records: readonly unknown[], count: number): Uint8Array<ArrayBuffer>;
  /** Decodes a buffer produced by serializeBatch into `into` (cleared first) and returns it. */
  deserializeBatch(bytes: Uint8Array, into: unknown[]): unknown[];
}
