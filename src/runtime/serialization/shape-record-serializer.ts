/**
 * Weir's default record serializer: a compact format for the plain records streams carry
 * (objects of one or a few shapes, tuples, strings, numbers, booleans, null, undefined),
 * with msgpackr for every batch that holds anything else.
 *
 * Why not msgpackr alone: records of one shape are the common case, and msgpackr checks
 * and encodes each object's keys one by one (its pack was ~28% of a keyed job's CPU).
 * Here an object is checked against the shape of the last object written in the same
 * place — a `for…in` walk V8 serves from the object's enum cache — and its values are
 * written straight after a shape id; a reader builds it back through an object literal
 * compiled once per shape, so every decoded record of a shape shares one hidden class.
 *
 * A batch is `0xC1`, the byte offset of its shape table (uint32), the records (a length,
 * then tagged values), then the shape table (each shape's keys). 0xC1 is never the first
 * byte of a MessagePack value, so a reader tells the two formats apart by it. Each batch
 * carries its own table: buffers stay self-contained and decode in any order, anywhere.
 *
 * A batch falls back to msgpackr, whole, when a value is not plain data of the kinds above
 * (bigint, Date, Map, Set, typed arrays, class instances, functions, symbols, cycles):
 * msgpackr keeps the richer types and explains what cannot be sent at all. After a
 * fallback the writer goes to msgpackr directly for a while, so streams of such records
 * do not pay for two attempts.
 */
import { errorMessage, WeirError } from '../../core/errors.js';
import { MsgpackRecordSerializer } from './msgpack-record-serializer.js';
import type { RecordSerializer } from './record-serializer.js';

const FORMAT = 0xc1;
const HEADER_BYTES = 5;

// Tags: 0x00–0x3f are the integers 0–63 themselves; 0x80–0xff an ASCII string of up to 127 characters.
const SMALL_INT_LIMIT = 0x40;
const INT32 = 0x40;
const FLOAT64 = 0x41;
const TRUE = 0x42;
const FALSE = 0x43;
const NULL = 0x44;
const UNDEFINED = 0x45;
const ARRAY = 0x46;
const OBJECT = 0x47;
const UTF8 = 0x48;
const SHORT_ASCII = 0x80;
const SHORT_ASCII_LIMIT = 0x80;

/**
 * Strings up to this length are copied character by character in JS: for longer ones one
 * call into Node's native encoder is cheaper, the more so for strings V8 holds as ropes.
 */
const SHORT_STRING_IN_JS = 12;

/**
 * Buffer's native string codecs, which `write` and `toString` reach after checking their
 * arguments; present on every Buffer since Node 0.x, though missing from its type definitions.
 */
interface NativeBuffer extends Buffer {
  utf8Write(text: string, offset: number, maxBytes: number): number;
  latin1Slice(start: number, end: number): string;
}

/** Deeper than this is almost surely a cycle; msgpackr's diagnosis then names it. */
const MAX_DEPTH = 100;
/** Batches sent through msgpackr after one that needed it, before the compact format is tried again. */
const FALLBACK_BATCHES = 64;
const INITIAL_CAPACITY = 64 * 1024;
/** Shapes a writer remembers, and a reader compiles code for; streams rarely have more than a few. */
const MAX_KNOWN_SHAPES = 1024;

/** Thrown inside the writer only: the batch holds a value the compact format does not carry. */
class NotPlainData extends Error {}
const NOT_PLAIN_DATA = new NotPlainData('not plain data');

interface Shape {
  readonly keys: readonly string[];
  /** Position in the current batch's shape table; valid while `batch` is the writer's batch number. */
  id: number;
  batch: number;
  /** The shape each field's object value had last time, where the next one most likely has it too. */
  readonly fieldShapes: (Shape | undefined)[];
}

class CompactWriter {
  private bytes = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  private position = 0;
  private depth = 0;
  private batch = 0;
  private readonly shapes = new Map<string, Shape>();
  private batchShapes: Shape[] = [];
  private recordShape: Shape | undefined;

  /** The batch in the compact format, or undefined when it holds something only msgpackr carries. */
  write(records: readonly unknown[], count: number): Uint8Array<ArrayBuffer> | undefined {
    this.batch++;
    this.batchShapes = [];
    this.position = HEADER_BYTES;
    this.depth = 0;
    try {
      this.writeLength(count);
      let hint = this.recordShape;
      for (let i = 0; i < count; i++) {
        const shape = this.writeValue(records[i], hint);
        if (shape !== undefined) hint = shape;
      }
      this.recordShape = hint;
      const tableOffset = this.position;
      this.writeShapeTable();
      this.bytes[0] = FORMAT;
      this.view.setUint32(1, tableOffset, true);
    } catch (error) {
      if (error === NOT_PLAIN_DATA || error instanceof RangeError) return undefined;
      throw error;
    }
    const result = new Uint8Array(this.position);
    result.set(this.bytes.subarray(0, this.position));
    return result;
  }

  /** Returns the shape written when the value is a plain object, so the caller can hint it next time. */
  private writeValue(value: unknown, hint: Shape | undefined): Shape | undefined {
    switch (typeof value) {
      case 'number':
        this.writeNumber(value);
        return undefined;
      case 'string':
        this.writeString(value);
        return undefined;
      case 'boolean':
        this.ensure(1);
        this.bytes[this.position++] = value ? TRUE : FALSE;
        return undefined;
      case 'undefined':
        this.ensure(1);
        this.bytes[this.position++] = UNDEFINED;
        return undefined;
      case 'object':
        if (value === null) {
          this.ensure(1);
          this.bytes[this.position++] = NULL;
          return undefined;
        }
        if (Array.isArray(value)) {
          this.writeArray(value);
          return undefined;
        }
        if ((value as { constructor?: unknown }).constructor !== Object) throw NOT_PLAIN_DATA;
        return this.writeObject(value as Record<string, unknown>, hint);
      default:
        throw NOT_PLAIN_DATA;
    }
  }

  private writeNumber(value: number): void {
    this.ensure(9);
    // (value | 0) === value also holds for -0, which arrives as 0, as with msgpackr and JSON.
    if ((value | 0) === value) {
      if (value >= 0 && value < SMALL_INT_LIMIT) {
        this.bytes[this.position++] = value;
      } else {
        this.bytes[this.position] = INT32;
        this.view.setInt32(this.position + 1, value, true);
        this.position += 5;
      }
    } else {
      this.bytes[this.position] = FLOAT64;
      this.view.setFloat64(this.position + 1, value, true);
      this.position += 9;
    }
  }

  private writeString(value: string): void {
    const length = value.length;
    if (length <= SHORT_STRING_IN_JS) {
      this.ensure(length + 1);
      const bytes = this.bytes;
      let at = this.position + 1;
      let i = 0;
      for (; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) break;
        bytes[at++] = code;
      }
      if (i === length) {
        bytes[this.position] = SHORT_ASCII | length;
        this.position = at;
        return;
      }
    }
    // UTF-8 takes at most three bytes per UTF-16 unit (a lone surrogate becomes U+FFFD),
    // and exactly one per unit only when every character is ASCII.
    this.ensure(length * 3 + 5);
    const bytes = this.bytes as NativeBuffer;
    if (length < SHORT_ASCII_LIMIT) {
      const written = bytes.utf8Write(value, this.position + 1, length * 3);
      if (written === length) {
        bytes[this.position] = SHORT_ASCII | length;
        this.position += 1 + length;
        return;
      }
    }
    const written = bytes.utf8Write(value, this.position + 5, length * 3);
    bytes[this.position] = UTF8;
    this.view.setUint32(this.position + 1, written, true);
    this.position += 5 + written;
  }

  private writeArray(items: readonly unknown[]): void {
    if (++this.depth > MAX_DEPTH) throw NOT_PLAIN_DATA;
    this.ensure(1);
    this.bytes[this.position++] = ARRAY;
    const length = items.length;
    this.writeLength(length);
    let hint: Shape | undefined;
    for (let i = 0; i < length; i++) {
      const shape = this.writeValue(items[i], hint);
      if (shape !== undefined) hint = shape;
    }
    this.depth--;
  }

  private writeObject(record: Record<string, unknown>, hint: Shape | undefined): Shape {
    if (++this.depth > MAX_DEPTH) throw NOT_PLAIN_DATA;
    const start = this.position;
    if (hint === undefined || !this.writeFields(record, hint)) {
      this.position = start;
      hint = this.shapeOf(record);
      if (!this.writeFields(record, hint)) throw NOT_PLAIN_DATA;
    }
    this.depth--;
    return hint;
  }

  /**
   * Writes the object's values as `shape`; false (with bytes written that the caller
   * discards) when the object's keys are not exactly the shape's, in order.
   */
  private writeFields(record: Record<string, unknown>, shape: Shape): boolean {
    if (shape.batch !== this.batch) {
      shape.batch = this.batch;
      shape.id = this.batchShapes.length;
      this.batchShapes.push(shape);
    }
    this.ensure(1);
    this.bytes[this.position++] = OBJECT;
    this.writeLength(shape.id);
    const keys = shape.keys;
    const fieldShapes = shape.fieldShapes;
    const count = keys.length;
    let i = 0;
    for (const key in record) {
      if (i === count || key !== keys[i]) return false;
      const written = this.writeValue(record[key], fieldShapes[i]);
      if (written !== undefined) fieldShapes[i] = written;
      i++;
    }
    return i === count;
  }

  private shapeOf(record: Record<string, unknown>): Shape {
    const keys: string[] = [];
    for (const key in record) keys.push(key);
    const signature = JSON.stringify(keys);
    let shape = this.shapes.get(signature);
    if (shape === undefined) {
      // Records whose keys are data (an id per key) make a new shape each: forget them
      // all now and then rather than grow without bound; a forgotten shape is made again.
      if (this.shapes.size >= MAX_KNOWN_SHAPES) this.shapes.clear();
      shape = { keys, id: 0, batch: 0, fieldShapes: keys.map(() => undefined) };
      this.shapes.set(signature, shape);
    }
    return shape;
  }

  private writeShapeTable(): void {
    this.writeLength(this.batchShapes.length);
    for (const shape of this.batchShapes) {
      this.writeLength(shape.keys.length);
      for (const key of shape.keys) this.writeString(key);
    }
  }

  /** Unsigned LEB128. */
  private writeLength(value: number): void {
    this.ensure(5);
    while (value >= 0x80) {
      this.bytes[this.position++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.bytes[this.position++] = value;
  }

  private ensure(bytes: number): void {
    if (this.position + bytes <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.position + bytes) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    grown.set(this.bytes.subarray(0, this.position));
    this.bytes = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
  }
}

/** Builds a shape's objects through one literal, so they share a hidden class as written ones do. */
type ShapeReader = (reader: CompactReader) => Record<string, unknown>;

/** Builds a shape's objects key by key; defineProperty keeps a "__proto__" key an own property. */
function interpretedShapeReader(keys: readonly string[]): ShapeReader {
  return (reader) => {
    const record: Record<string, unknown> = {};
    for (const key of keys) Object.defineProperty(record, key, { value: reader.readValue(), enumerable: true, writable: true, configurable: true });
    return record;
  };
}

function compileShapeReader(keys: readonly string[]): ShapeReader {
  // Object literals give objects V8 keeps in fast mode; "__proto__" as a literal key would set the prototype instead.
  if (keys.length > 200 || keys.includes('__proto__')) return interpretedShapeReader(keys);
  // Numbers, the most common field values, are read inline; anything else through readValue.
  const reads = keys.map(
    (_, i) => `
    let v${i};
    tag = bytes[p];
    if (tag < ${SMALL_INT_LIMIT}) { v${i} = tag; p += 1; }
    else if (tag === ${FLOAT64}) { v${i} = view.getFloat64(p + 1, true); p += 9; }
    else if (tag === ${INT32}) { v${i} = view.getInt32(p + 1, true); p += 5; }
    else { reader.position = p; v${i} = reader.readValue(); p = reader.position; }`,
  );
  const fields = keys.map((key, i) => `${JSON.stringify(key)}: v${i}`).join(', ');
  const body = `
    const bytes = reader.bytes;
    const view = reader.view;
    let p = reader.position;
    let tag;${reads.join('')}
    reader.position = p;
    return { ${fields} };`;
  return new Function('reader', body) as ShapeReader;
}

/** Reads an ASCII string of one length as a single flat string, without a call into the runtime. */
type AsciiReader = (bytes: Uint8Array, start: number) => string;

/** Below this length one `String.fromCharCode` of all the bytes beats Node's native latin1 decoder. */
const ASCII_IN_JS = 64;
const asciiReaders: (AsciiReader | undefined)[] = [];

function compileAsciiReader(length: number): AsciiReader {
  const codes = Array.from({ length }, (_, i) => `bytes[start + ${i}]`).join(', ');
  return new Function('bytes', 'start', `return String.fromCharCode(${codes});`) as AsciiReader;
}

class CompactReader {
  // Read and moved by the compiled shape readers too.
  bytes: Buffer = Buffer.alloc(0);
  view = new DataView(this.bytes.buffer);
  position = 0;
  private shapeReaders: ShapeReader[] = [];
  /** Compiled readers by shape, kept across batches: a stream's shapes repeat. */
  private readonly compiled = new Map<string, ShapeReader>();

  read(bytes: Uint8Array, into: unknown[]): void {
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const tableOffset = this.view.getUint32(1, true);
    if (tableOffset < HEADER_BYTES || tableOffset > bytes.length) throw new RangeError(`shape table offset ${tableOffset} is outside the batch`);
    this.position = tableOffset;
    this.readShapeTable();
    if (this.position !== bytes.length) throw new RangeError(`${bytes.length - this.position} bytes follow the shape table`);
    this.position = HEADER_BYTES;
    const count = this.readLength();
    into.length = 0;
    for (let i = 0; i < count; i++) into.push(this.readValue());
    if (this.position !== tableOffset) throw new RangeError(`the records end at byte ${this.position}, not at the shape table (${tableOffset})`);
  }

  readValue(): unknown {
    const bytes = this.bytes;
    const tag = bytes[this.position++];
    if (tag === undefined) throw new RangeError(`a value runs past the end of the batch (${bytes.length} bytes)`);
    if (tag < SMALL_INT_LIMIT) return tag;
    if (tag >= SHORT_ASCII) return this.readAscii(tag & 0x7f);
    switch (tag) {
      case INT32: {
        const value = this.view.getInt32(this.position, true);
        this.position += 4;
        return value;
      }
      case FLOAT64: {
        const value = this.view.getFloat64(this.position, true);
        this.position += 8;
        return value;
      }
      case TRUE:
        return true;
      case FALSE:
        return false;
      case NULL:
        return null;
      case UNDEFINED:
        return undefined;
      case ARRAY: {
        const length = this.readLength();
        if (length > this.bytes.length - this.position) throw new RangeError(`an array of ${length} items cannot fit in the batch`);
        const items = new Array<unknown>(length);
        for (let i = 0; i < length; i++) items[i] = this.readValue();
        return items;
      }
      case OBJECT: {
        const reader = this.shapeReaders[this.readLength()];
        if (reader === undefined) throw new RangeError('an object refers to a shape the batch does not define');
        return reader(this);
      }
      case UTF8: {
        const length = this.view.getUint32(this.position, true);
        const start = this.position + 4;
        if (start + length > bytes.length) throw new RangeError(`a string of ${length} bytes runs past the batch`);
        this.position = start + length;
        return bytes.toString('utf8', start, start + length);
      }
      default:
        throw new RangeError(`unknown value tag 0x${tag.toString(16)} at byte ${this.position - 1}`);
    }
  }

  private readAscii(length: number): string {
    const bytes = this.bytes;
    const start = this.position;
    if (start + length > bytes.length) throw new RangeError(`a string of ${length} bytes runs past the batch`);
    this.position = start + length;
    if (length <= ASCII_IN_JS) return (asciiReaders[length] ??= compileAsciiReader(length))(bytes, start);
    return (bytes as NativeBuffer).latin1Slice(start, start + length);
  }

  private readShapeTable(): void {
    const count = this.readLength();
    const readers: ShapeReader[] = [];
    for (let s = 0; s < count; s++) {
      const keyCount = this.readLength();
      const keys: string[] = [];
      for (let k = 0; k < keyCount; k++) {
        const key = this.readValue();
        if (typeof key !== 'string') throw new RangeError('a shape key is not a string');
        keys.push(key);
      }
      const signature = JSON.stringify(keys);
      let reader = this.compiled.get(signature);
      if (reader === undefined) {
        // Past the limit, shapes are read without compiling code: a stream whose keys are
        // data would otherwise compile, and keep, a function per record.
        if (this.compiled.size >= MAX_KNOWN_SHAPES) reader = interpretedShapeReader(keys);
        else {
          reader = compileShapeReader(keys);
          this.compiled.set(signature, reader);
        }
      }
      readers.push(reader);
    }
    this.shapeReaders = readers;
  }

  private readLength(): number {
    const bytes = this.bytes;
    let value = 0;
    let shift = 0;
    for (;;) {
      if (this.position >= bytes.length || shift > 28) throw new RangeError('a length runs past the batch');
      const byte = bytes[this.position++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  }
}

/** The default {@link RecordSerializer}. One instance per channel end. */
export class ShapeRecordSerializer implements RecordSerializer {
  private readonly writer = new CompactWriter();
  private readonly reader = new CompactReader();
  private readonly msgpack = new MsgpackRecordSerializer();
  private msgpackBatchesLeft = 0;

  serializeBatch(records: readonly unknown[], count: number): Uint8Array<ArrayBuffer> {
    if (!Number.isInteger(count) || count < 0 || count > records.length) {
      throw new WeirError('SERIALIZATION_FAILED', `Cannot serialize ${count} records from an array of ${records.length}`);
    }
    if (this.msgpackBatchesLeft > 0) {
      this.msgpackBatchesLeft--;
      return this.msgpack.serializeBatch(records, count);
    }
    const compact = this.writer.write(records, count);
    if (compact !== undefined) return compact;
    this.msgpackBatchesLeft = FALLBACK_BATCHES;
    return this.msgpack.serializeBatch(records, count);
  }

  deserializeBatch(bytes: Uint8Array, into: unknown[]): unknown[] {
    if (bytes[0] !== FORMAT) return this.msgpack.deserializeBatch(bytes, into);
    try {
      this.reader.read(bytes, into);
    } catch (error) {
      into.length = 0;
      throw new WeirError(
        'SERIALIZATION_FAILED',
        `Could not decode a batch of ${bytes.length} bytes (${errorMessage(error)}): it was not written by serializeBatch or was damaged in transit`,
        { cause: error },
      );
    }
    return into;
  }
}
