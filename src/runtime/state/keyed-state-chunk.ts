/**
 * The encoding of one key group of keyed state, shared by every keyed state backend so a
 * checkpoint written by one can be restored by another.
 *
 * A chunk is the MessagePack (msgpackr, records extension) encoding of
 *
 * ```text
 * chunk  = [formatVersion = 1, keyGroup, states]
 * states = [[stateName, kind, hasLastAccess, rows], ...]        one entry per state with data in this key group
 * rows, flat, by kind:
 *   'value' | 'reducing' | 'aggregating':  key, plainValue, [lastAccess], key, plainValue, [lastAccess], ...
 *   'list':                                 key, plainElements[], [lastAccessPerElement[]], ...
 *   'map':                                  key, [userKey, plainValue, [lastAccess], ...], ...
 * ```
 *
 * The bracketed timestamps are present exactly when `hasLastAccess` is true (the state had
 * a TTL). Keys and map keys are written as given; values as plain data (through the
 * descriptor's StateSerializer when it has one).
 *
 * Why flat rows rather than an array per entry: a 200 MB snapshot holds millions of
 * entries, and one small array each would be millions of allocations on the path that
 * competes with a plain file write; the state name is written once per key group, not once
 * per entry.
 */
import { Packr, Unpackr, type Options } from 'msgpackr';

import { errorMessage, WeirError } from '../../core/errors.js';

export const KEYED_STATE_CHUNK_FORMAT_VERSION = 1;

export type KeyedStateKind = 'value' | 'list' | 'map' | 'reducing' | 'aggregating';

const KINDS: ReadonlySet<string> = new Set<KeyedStateKind>(['value', 'list', 'map', 'reducing', 'aggregating']);

/** One state's rows in one key group, laid out as described above. */
export interface ChunkState {
  readonly name: string;
  readonly kind: KeyedStateKind;
  readonly hasLastAccess: boolean;
  readonly rows: unknown[];
}

export interface DecodedChunk {
  readonly keyGroup: number;
  readonly states: readonly ChunkState[];
}

/** Entries per row: key, value and, with TTL, the last access. */
export function rowStride(hasLastAccess: boolean): number {
  return hasLastAccess ? 3 : 2;
}

class FunctionValueError extends Error {}

function rejectFunction(): never {
  throw new FunctionValueError('a function cannot be serialized');
}

// The record serializer's reasoning holds here too (see msgpack-record-serializer.ts):
// records define each value shape once per chunk, moreTypes keeps Set, bigint and typed
// arrays, copyBuffers keeps restored binary from pinning the chunk. No shared structures,
// so a chunk decodes alone. msgpackr writes derived settings into the options object,
// so every instance gets its own.
function msgpackrOptions(): Options {
  return { useRecords: true, moreTypes: true, copyBuffers: true, writeFunction: rejectFunction };
}

/**
 * Memory that a snapshot's chunks are encoded into, back to back: `bytes[0, length)`.
 * Growing copies into new memory, so views of earlier chunks stay valid; they are
 * overwritten only once a writer hands their memory back through `exchange`. Reusing
 * memory that way is what keeps a large snapshot fast: encoding into fresh allocations
 * costs a page fault per 4 KiB, which doubled the time to encode 200 MB.
 */
export class ChunkBuffer {
  bytes: Buffer;
  length = 0;

  constructor(capacity = 64 * 1024) {
    this.bytes = Buffer.allocUnsafeSlow(capacity);
  }

  /** Makes room for `extra` more bytes after `length`. */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  /**
   * Hands over the memory that holds the `length` bytes appended so far, and goes on
   * appending at the start of `free`, memory whose bytes nobody needs any more.
   */
  exchange(free: Buffer): Buffer {
    const full = this.bytes;
    this.bytes = free;
    this.length = 0;
    return full;
  }
}

/**
 * Encodes chunks into a ChunkBuffer. Rows of strings, numbers, booleans, null and arrays
 * of those, the bulk of large keyed state, are written straight into the buffer; a chunk
 * holding anything else is packed by msgpackr (which then defines each object shape once
 * per chunk) and copied in.
 */
export class KeyedStateChunkWriter {
  private packr = new Packr(msgpackrOptions());
  private readonly plain = new PlainChunkEncoder();

  /** Appends the chunk to `out`; returns its bytes, a view of `out`'s memory. */
  encode(keyGroup: number, states: readonly ChunkState[], out: ChunkBuffer): Uint8Array {
    const start = out.length;
    if (!this.plain.encode(keyGroup, states, out)) {
      out.length = start;
      const packed = this.pack(keyGroup, states);
      out.reserve(packed.length);
      out.bytes.set(packed, start);
      out.length = start + packed.length;
    }
    return out.bytes.subarray(start, out.length);
  }

  private pack(keyGroup: number, states: readonly ChunkState[]): Uint8Array {
    const wire: unknown[] = [];
    for (const state of states) wire.push([state.name, state.kind, state.hasLastAccess, state.rows]);
    try {
      return this.packr.pack([KEYED_STATE_CHUNK_FORMAT_VERSION, keyGroup, wire]);
    } catch (error) {
      // An abandoned pack may leave msgpackr's cursor half-updated; start clean.
      this.packr = new Packr(msgpackrOptions());
      throw this.explain(keyGroup, states, error);
    }
  }

  /** Runs only after a failure: packs the rows one by one to name the key that holds the bad value. */
  private explain(keyGroup: number, states: readonly ChunkState[], cause: unknown): WeirError {
    const probe = new Packr(msgpackrOptions());
    for (const state of states) {
      const stride = state.kind === 'map' ? 2 : rowStride(state.hasLastAccess);
      for (let i = 0; i < state.rows.length; i += stride) {
        try {
          probe.pack(state.rows.slice(i, i + stride));
        } catch (error) {
          return new WeirError(
            'STATE_SNAPSHOT_FAILED',
            `Cannot snapshot ${state.kind} state "${state.name}" for key ${describeKey(state.rows[i])} (key group ${keyGroup}): ${errorMessage(error)}. ` +
              'State must be plain data (objects, arrays, strings, numbers, booleans, null, bigint, Date, Map, Set, typed arrays), or its descriptor needs a StateSerializer',
            { cause: error },
          );
        }
      }
    }
    return new WeirError('STATE_SNAPSHOT_FAILED', `Cannot snapshot key group ${keyGroup}: ${errorMessage(cause)}`, { cause });
  }
}

// Arrays nested deeper than this go to msgpackr, which also reports cycles.
const MAX_PLAIN_DEPTH = 32;

/**
 * The MessagePack that msgpackr would write for plain rows, without its per-value
 * dispatch and its buffer handling. In msgpackr's records mode 0x40-0x7f are record ids,
 * so integers from 0x40 take the uint8 form, as msgpackr writes them. A string's header
 * is sized for its longest UTF-8 encoding before it is written, which may leave it one
 * size larger than needed; decoders accept that.
 */
class PlainChunkEncoder {
  private out = new ChunkBuffer(0);
  private bytes: Buffer = this.out.bytes;
  private position = 0;

  /** False when a value is not plain: `out.length` then needs resetting by the caller. */
  encode(keyGroup: number, states: readonly ChunkState[], out: ChunkBuffer): boolean {
    this.out = out;
    this.bytes = out.bytes;
    this.position = out.length;
    this.arrayHeader(3);
    this.number(KEYED_STATE_CHUNK_FORMAT_VERSION);
    this.number(keyGroup);
    this.arrayHeader(states.length);
    for (const state of states) {
      this.arrayHeader(4);
      this.string(state.name);
      this.string(state.kind);
      this.room(1);
      this.bytes[this.position++] = state.hasLastAccess ? 0xc3 : 0xc2;
      const rows = state.rows;
      this.arrayHeader(rows.length);
      for (let i = 0; i < rows.length; i++) if (!this.value(rows[i], 0)) return false;
    }
    out.length = this.position;
    return true;
  }

  private value(value: unknown, depth: number): boolean {
    switch (typeof value) {
      case 'string':
        this.string(value);
        return true;
      case 'number':
        this.number(value);
        return true;
      case 'boolean':
        this.room(1);
        this.bytes[this.position++] = value ? 0xc3 : 0xc2;
        return true;
      case 'object': {
        if (value === null) {
          this.room(1);
          this.bytes[this.position++] = 0xc0;
          return true;
        }
        if (value.constructor !== Array || depth >= MAX_PLAIN_DEPTH) return false;
        const items = value as readonly unknown[];
        this.arrayHeader(items.length);
        for (let i = 0; i < items.length; i++) if (!this.value(items[i], depth + 1)) return false;
        return true;
      }
      default:
        return false;
    }
  }

  private string(text: string): void {
    const length = text.length;
    if (length < 0x40) {
      // Short strings, keys mostly: a loop beats a call into C++ while they are ASCII.
      this.room(2 + length);
      const bytes = this.bytes;
      const header = length < 0x20 ? 1 : 2;
      let at = this.position + header;
      for (let i = 0; i < length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0x80) {
          this.utf8String(text);
          return;
        }
        bytes[at++] = code;
      }
      if (header === 1) bytes[this.position] = 0xa0 | length;
      else {
        bytes[this.position] = 0xd9;
        bytes[this.position + 1] = length;
      }
      this.position = at;
      return;
    }
    this.utf8String(text);
  }

  private utf8String(text: string): void {
    const most = text.length * 3;
    const header = most < 0x100 ? 2 : most < 0x10000 ? 3 : 5;
    this.room(header + most);
    const bytes = this.bytes;
    const at = this.position;
    const written = bytes.write(text, at + header, most, 'utf8');
    if (header === 2) {
      bytes[at] = 0xd9;
      bytes[at + 1] = written;
    } else if (header === 3) {
      bytes[at] = 0xda;
      bytes.writeUInt16BE(written, at + 1);
    } else {
      bytes[at] = 0xdb;
      bytes.writeUInt32BE(written, at + 1);
    }
    this.position = at + header + written;
  }

  private number(value: number): void {
    this.room(9);
    const bytes = this.bytes;
    let at = this.position;
    if (value >>> 0 === value) {
      if (value < 0x40) bytes[at++] = value;
      else if (value < 0x100) {
        bytes[at++] = 0xcc;
        bytes[at++] = value;
      } else if (value < 0x10000) {
        bytes[at++] = 0xcd;
        at = bytes.writeUInt16BE(value, at);
      } else {
        bytes[at++] = 0xce;
        at = bytes.writeUInt32BE(value, at);
      }
    } else if (value >> 0 === value) {
      if (value >= -0x20) bytes[at++] = 0x100 + value;
      else if (value >= -0x80) {
        bytes[at++] = 0xd0;
        bytes[at++] = 0x100 + value;
      } else if (value >= -0x8000) {
        bytes[at++] = 0xd1;
        at = bytes.writeInt16BE(value, at);
      } else {
        bytes[at++] = 0xd2;
        at = bytes.writeInt32BE(value, at);
      }
    } else {
      bytes[at++] = 0xcb;
      at = bytes.writeDoubleBE(value, at);
    }
    this.position = at;
  }

  private arrayHeader(length: number): void {
    this.room(5);
    const bytes = this.bytes;
    if (length < 0x10) bytes[this.position++] = 0x90 | length;
    else if (length < 0x10000) {
      bytes[this.position] = 0xdc;
      this.position = bytes.writeUInt16BE(length, this.position + 1);
    } else {
      bytes[this.position] = 0xdd;
      this.position = bytes.writeUInt32BE(length, this.position + 1);
    }
  }

  private room(extra: number): void {
    if (this.position + extra <= this.bytes.length) return;
    this.out.length = this.position;
    this.out.reserve(extra);
    this.bytes = this.out.bytes;
  }
}

/**
 * The key group a chunk claims, read from its first bytes without decoding it, so a
 * restore can skip other subtasks' chunks cheaply; undefined when the bytes do not start
 * the usual way (the full decode then judges them).
 */
export function peekKeyGroup(bytes: Uint8Array): number | undefined {
  // fixarray(3), positive fixint version, then the key group as fixint, uint8 or uint16.
  if (bytes[0] !== 0x93 || bytes[1] !== KEYED_STATE_CHUNK_FORMAT_VERSION) return undefined;
  const tag = bytes[2];
  if (tag === undefined) return undefined;
  if (tag <= 0x7f) return tag;
  if (tag === 0xcc) return bytes[3];
  if (tag === 0xcd) {
    const high = bytes[3];
    const low = bytes[4];
    return high === undefined || low === undefined ? undefined : (high << 8) | low;
  }
  return undefined;
}

/** Decodes and checks chunks; throws `STATE_RESTORE_FAILED` naming what is wrong. */
export class KeyedStateChunkReader {
  private unpackr = new Unpackr(msgpackrOptions());

  /** `position` is the chunk's index in the restore, for the error message. */
  decode(bytes: Uint8Array, position: number): DecodedChunk {
    const where = `Keyed state chunk ${position} (${bytes.length} bytes)`;
    let decoded: unknown;
    try {
      decoded = this.unpackr.unpack(bytes);
    } catch (error) {
      this.unpackr = new Unpackr(msgpackrOptions());
      throw restoreFailed(`${where} is not valid MessagePack (${errorMessage(error)}): it is damaged or was not written by a Weir state backend`, error);
    }
    if (!Array.isArray(decoded) || decoded.length !== 3) {
      throw restoreFailed(`${where} decodes to ${describeShape(decoded)}, not [formatVersion, keyGroup, states]: it was not written by a Weir state backend`);
    }
    const [version, keyGroup, states] = decoded as unknown[];
    if (version !== KEYED_STATE_CHUNK_FORMAT_VERSION) {
      throw restoreFailed(
        `${where} has format version ${String(version)}; this Weir reads version ${KEYED_STATE_CHUNK_FORMAT_VERSION}: restore it with the Weir version that wrote it`,
      );
    }
    if (typeof keyGroup !== 'number' || !Number.isInteger(keyGroup) || keyGroup < 0) {
      throw restoreFailed(`${where} names key group ${String(keyGroup)}, which is not a non-negative integer`);
    }
    if (!Array.isArray(states)) throw restoreFailed(`${where} (key group ${keyGroup}) holds ${describeShape(states)} where its list of states belongs`);
    const checked: ChunkState[] = [];
    for (const state of states as unknown[]) checked.push(checkState(state, `${where} (key group ${keyGroup})`));
    return { keyGroup, states: checked };
  }
}

function checkState(state: unknown, where: string): ChunkState {
  if (!Array.isArray(state) || state.length !== 4) throw restoreFailed(`${where} holds a state record that is ${describeShape(state)}, not [name, kind, hasLastAccess, rows]`);
  const [name, kind, hasLastAccess, rows] = state as unknown[];
  if (typeof name !== 'string' || name.length === 0) throw restoreFailed(`${where} holds a state whose name is ${describeShape(name)}`);
  const at = `${where}, state "${name}"`;
  if (typeof kind !== 'string' || !KINDS.has(kind)) throw restoreFailed(`${at} has the unknown kind ${JSON.stringify(kind) ?? String(kind)}`);
  if (typeof hasLastAccess !== 'boolean') throw restoreFailed(`${at} has ${describeShape(hasLastAccess)} where the TTL flag belongs`);
  if (!Array.isArray(rows)) throw restoreFailed(`${at} has ${describeShape(rows)} where its rows belong`);
  const checked = rows as unknown[];
  const kindChecked = kind as KeyedStateKind;
  const stride = kindChecked === 'map' ? 2 : rowStride(hasLastAccess);
  if (checked.length % stride !== 0) throw restoreFailed(`${at} has ${checked.length} row fields, not a multiple of ${stride}: the chunk is truncated or damaged`);
  for (let i = 0; i < checked.length; i += stride) checkRow(kindChecked, hasLastAccess, checked, i, at);
  return { name, kind: kindChecked, hasLastAccess, rows: checked };
}

function checkRow(kind: KeyedStateKind, hasLastAccess: boolean, rows: readonly unknown[], i: number, at: string): void {
  const key = rows[i];
  if (key === undefined || key === null) throw restoreFailed(`${at} has a row with a ${String(key)} key`);
  const value = rows[i + 1];
  const forKey = `${at}, key ${describeKey(key)}`;
  if (kind === 'list') {
    if (!Array.isArray(value)) throw restoreFailed(`${forKey} has ${describeShape(value)} where a list belongs`);
    if (hasLastAccess) {
      const stamps = rows[i + 2];
      if (!Array.isArray(stamps) || stamps.length !== value.length || !(stamps as unknown[]).every(isTimestamp)) {
        throw restoreFailed(`${forKey} has ${describeShape(stamps)} where ${value.length} last-access timestamps belong`);
      }
    }
  } else if (kind === 'map') {
    const itemStride = rowStride(hasLastAccess);
    if (!Array.isArray(value) || value.length % itemStride !== 0) throw restoreFailed(`${forKey} has ${describeShape(value)} where a flat list of map entries belongs`);
    if (hasLastAccess) {
      const items = value as unknown[];
      for (let j = 2; j < items.length; j += itemStride) {
        if (!isTimestamp(items[j])) throw restoreFailed(`${forKey} has a map entry whose last access is ${describeShape(items[j])}`);
      }
    }
  } else if (hasLastAccess && !isTimestamp(rows[i + 2])) {
    throw restoreFailed(`${forKey} has ${describeShape(rows[i + 2])} where a last-access timestamp belongs`);
  }
}

function isTimestamp(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

export function restoreFailed(message: string, cause?: unknown): WeirError {
  return cause === undefined ? new WeirError('STATE_RESTORE_FAILED', message) : new WeirError('STATE_RESTORE_FAILED', message, { cause });
}

function describeShape(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** A key for an error message: short, and never throwing on odd keys. */
export function describeKey(key: unknown): string {
  let text: string;
  try {
    text = typeof key === 'bigint' ? `${key}n` : (JSON.stringify(key) ?? String(key));
  } catch {
    text = String(key);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
