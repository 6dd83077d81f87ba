/**
 * Turns a record into one row of a part file (Flink's Encoder). A string is written as
 * UTF-8; bytes are written as they are. The encoder adds its own row delimiter.
 */
export interface Encoder<T> {
  encode(element: T): string | Uint8Array;
}

/**
 * Writes `String(element)` and a newline, in UTF-8 (Flink's SimpleStringEncoder).
 *
 * ```ts
 * FileSink.forRowFormat('/data/out', new SimpleStringEncoder<string>()).build();
 * ```
 */
export class SimpleStringEncoder<T = unknown> implements Encoder<T> {
  encode(element: T): string {
    return `${String(element)}\n`;
  }
}
