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
 * Encodes chunks, one Packr for a whole snapshot. msgpackr packs consecutive values into
 * one growing buffer and hands out views that later packs never overwrite, so the bytes
 * need no copy.
 */
export class KeyedStateChunkWriter {
  private packr = new Packr(msgpackrOptions());

  encode(keyGroup: number, states: readonly ChunkState[]): Uint8Array {
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
