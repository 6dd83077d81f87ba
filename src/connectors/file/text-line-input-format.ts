import type { RecordCallback, StreamDecoder, StreamFormat } from './stream-format.js';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Reads UTF-8 text, one record per line, without the line terminator (`\n` or `\r\n`);
 * a last line without a newline is a line too (Flink's TextLineInputFormat).
 *
 * ```ts
 * FileSource.forRecordStreamFormat(new TextLineInputFormat(), '/data/in').build();
 * ```
 */
export class TextLineInputFormat implements StreamFormat<string> {
  createDecoder(): StreamDecoder<string> {
    return new TextLineDecoder();
  }
}

/**
 * Splits on the newline byte before decoding: 0x0a never occurs inside a multi-byte UTF-8
 * character, so a character cut by a chunk boundary stays whole in the kept tail. A line's
 * size in bytes is what the reader checkpoints.
 */
class TextLineDecoder implements StreamDecoder<string> {
  /** Bytes of the line not yet terminated, in pieces, so a long line costs one copy, not one per chunk. */
  private tail: Buffer[] = [];
  private tailLength = 0;

  decode(chunk: Buffer, emit: RecordCallback<string>): void {
    let start = 0;
    if (this.tailLength > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) return this.keep(chunk);
      const line = Buffer.concat([...this.tail, chunk.subarray(0, newline + 1)]);
      this.tail = [];
      this.tailLength = 0;
      emit(decodeLine(line, 0, line.length - 1), line.length);
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      // Decoding the lines of a chunk at once and slicing the text is several times faster than one decode per line.
      const text = chunk.toString('utf8', start, last + 1);
      if (text.length === last + 1 - start) emitSingleByteLines(text, emit);
      else emitLines(chunk, start, last, emit);
      start = last + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  finish(emit: RecordCallback<string>): void {
    if (this.tailLength === 0) return;
    const line = Buffer.concat(this.tail);
    this.tail = [];
    this.tailLength = 0;
    emit(decodeLine(line, 0, line.length), line.length);
  }

  private keep(bytes: Buffer): void {
    this.tail.push(bytes);
    this.tailLength += bytes.length;
  }
}

/**
 * Lines of a text that decoded to as many characters as it had bytes: every character
 * took one byte, so a line's size is its length.
 */
function emitSingleByteLines(text: string, emit: RecordCallback<string>): void {
  let from = 0;
  for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', from)) {
    const end = newline > from && text.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
    emit(text.slice(from, end), newline + 1 - from);
    from = newline + 1;
  }
}

/** Lines of bytes [start, last], `last` being a newline, decoded one by one for their exact sizes. */
function emitLines(bytes: Buffer, start: number, last: number, emit: RecordCallback<string>): void {
  let from = start;
  while (from <= last) {
    const newline = bytes.indexOf(NEWLINE, from);
    emit(decodeLine(bytes, from, newline), newline + 1 - from);
    from = newline + 1;
  }
}

/** The text of bytes [start, end), without a trailing carriage return. */
function decodeLine(bytes: Buffer, start: number, end: number): string {
  const stop = end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
  return bytes.toString('utf8', start, stop);
}
