/**
 * How a FileSource turns a file's bytes into records (Flink's StreamFormat). A reader
 * checkpoints the byte offset after the last record it emitted, so a decoder reports the
 * size of every record it produces, and after a restore starts at such an offset.
 */
export interface StreamFormat<T> {
  /** A decoder for one file, fed from a record boundary on. */
  createDecoder(): StreamDecoder<T>;
}

/** Called for each complete record with the bytes it took in the file, its terminator included. */
export type RecordCallback<T> = (record: T, sizeInBytes: number) => void;

export interface StreamDecoder<T> {
  /** The next bytes of the file; a record cut at the end of the chunk is kept until the next one. */
  decode(chunk: Buffer, emit: RecordCallback<T>): void;
  /** The file ended: a record still kept (for text, a last line without a newline) is emitted. */
  finish(emit: RecordCallback<T>): void;
}
