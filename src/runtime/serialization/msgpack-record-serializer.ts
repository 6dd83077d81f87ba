/**
 * Weir's default record serializer: MessagePack via msgpackr (native string decoding when
 * its addon loads), with msgpackr's record extension.
 *
 * Why these options (measured by `bench/serializer-probe.ts`, ~32 KiB batches):
 * - records (`useRecords`, the default): a batch is packed as one array, so each object
 *   shape is defined once inside the batch and every later object of that shape is written
 *   as values only. For 7-field bids: ~2.2x the serialize+deserialize rate of plain maps,
 *   37% fewer bytes, and the only mode that keeps `Map` distinct from plain objects. No
 *   shared `structures` and no `sequential`: those would make a buffer depend on earlier ones.
 * - `moreTypes`: `Set`, typed arrays and bigints beyond 64 bits round-trip.
 * - `copyBuffers`: decoded binary never aliases the network buffer it came from.
 * - not `structuredClone`: reference tracking costs 10-35% and records need no identity.
 * - not `bundleStrings`: ~7% faster on bids but ~18% slower on short tuples; it targets
 *   runtimes without msgpackr's native addon.
 *
 * What crosses a task boundary, and how:
 * - numbers (NaN and ±Infinity kept; `-0` arrives as `0`, as with JSON), strings
 *   (well-formed Unicode; a lone surrogate becomes U+FFFD), booleans, null, bigint of
 *   any size, Date, Map, Set, Uint8Array and other typed arrays, nested arrays and objects;
 * - `undefined` survives as an array element (`['a', undefined]` stays so) and as an object
 *   property (`{ a: undefined }` arrives with the key `a` present, unlike JSON, which drops it);
 * - records should be plain data: a class instance arrives as a plain object with its own
 *   enumerable fields (its prototype and methods are lost, as with `postMessage`), an object
 *   with `toJSON` is sent as what `toJSON` returns, array holes arrive as `undefined`;
 * - functions, symbols and cyclic records cannot cross: `serializeBatch` throws
 *   `SERIALIZATION_FAILED` naming the record, its type and where the bad value sits.
 */

import { Packr, Unpackr, type Options } from 'msgpackr';

import { errorMessage, WeirError } from '../../core/errors.js';
import type { RecordSerializer } from './record-serializer.js';

// A nested record deeper than this is almost surely cyclic; the diagnosis stops there.
const MAX_DIAGNOSIS_DEPTH = 100;

class FunctionValueError extends Error {}

function rejectFunction(): never {
  throw new FunctionValueError('a function cannot be serialized');
}

// msgpackr writes derived settings back into the options object, so each instance gets its own.
function msgpackrOptions(): Options {
  return { useRecords: true, moreTypes: true, copyBuffers: true, writeFunction: rejectFunction };
}

/** The default {@link RecordSerializer}: msgpackr with per-batch record structures. One instance per channel end. */
export class MsgpackRecordSerializer implements RecordSerializer {
  private packr = new Packr(msgpackrOptions());
  private unpackr = new Unpackr(msgpackrOptions());

  serializeBatch(records: readonly unknown[], count: number): Uint8Array<ArrayBuffer> {
    if (!Number.isInteger(count) || count < 0 || count > records.length) {
      throw new WeirError('SERIALIZATION_FAILED', `Cannot serialize ${count} records from an array of ${records.length}`);
    }
    const batch = count === records.length ? records : records.slice(0, count);
    let packed: Uint8Array;
    try {
      packed = this.packr.pack(batch);
    } catch (error) {
      // A pack abandoned midway (deep recursion, a throwing writeFunction) may leave
      // msgpackr's cursor and structure tables half-updated; start clean.
      this.packr = new Packr(msgpackrOptions());
      throw explainSerializationFailure(batch, error);
    }
    // msgpackr returns a view into its own reusable memory; the copy is a few µs per 32 KiB
    // and makes the result safe to keep, post or transfer.
    const bytes = new Uint8Array(packed.length);
    bytes.set(packed);
    return bytes;
  }

  deserializeBatch(bytes: Uint8Array, into: unknown[]): unknown[] {
    let decoded: unknown;
    try {
      decoded = this.unpackr.unpack(bytes);
    } catch (error) {
      this.unpackr = new Unpackr(msgpackrOptions());
      throw new WeirError(
        'SERIALIZATION_FAILED',
        `Could not decode a batch of ${bytes.length} bytes (${errorMessage(error)}): it was not written by serializeBatch or was damaged in transit`,
        { cause: error },
      );
    }
    if (!Array.isArray(decoded)) {
      throw new WeirError(
        'SERIALIZATION_FAILED',
        `A batch of ${bytes.length} bytes decoded to ${typeName(decoded)}, not an array of records: it was not written by serializeBatch`,
      );
    }
    const records: readonly unknown[] = decoded;
    into.length = 0;
    for (let i = 0; i < records.length; i++) into.push(records[i]);
    return into;
  }
}

/** Finds the first record that cannot be packed and says why; runs only after a failure. */
function explainSerializationFailure(batch: readonly unknown[], cause: unknown): WeirError {
  for (let i = 0; i < batch.length; i++) {
    const record = batch[i];
    const problem = findUnserializable(record, '', 0, []);
    if (problem !== undefined) {
      return new WeirError(
        'SERIALIZATION_FAILED',
        `Record ${i} of a batch (a ${typeName(record)}) cannot cross a task boundary: ${problem}. ` +
          'Records must be plain data: objects, arrays, strings, numbers, booleans, null, undefined, bigint, Date, Map, Set and typed arrays',
        { cause },
      );
    }
  }
  return new WeirError(
    'SERIALIZATION_FAILED',
    `Could not serialize a batch of ${batch.length} records: ${errorMessage(cause)}`,
    { cause },
  );
}

function findUnserializable(value: unknown, path: string, depth: number, ancestors: object[]): string | undefined {
  const where = path === '' ? 'the record itself' : `the value at ${path}`;
  if (typeof value === 'function') return `${where} is a function`;
  if (typeof value === 'symbol') return `${where} is a symbol`;
  if (typeof value !== 'object' || value === null) return undefined;
  if (ancestors.includes(value)) return `${where} refers back to an enclosing object (a cycle)`;
  if (depth >= MAX_DIAGNOSIS_DEPTH) return `${where} is nested more than ${MAX_DIAGNOSIS_DEPTH} levels deep (a cycle?)`;
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;

  ancestors.push(value);
  let problem: string | undefined;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    for (let i = 0; i < items.length && problem === undefined; i++) {
      problem = findUnserializable(items[i], `${path}[${i}]`, depth + 1, ancestors);
    }
  } else if (value instanceof Map) {
    for (const [k, v] of value as Map<unknown, unknown>) {
      problem =
        findUnserializable(k, `${path}.<map key>`, depth + 1, ancestors) ??
        findUnserializable(v, `${path}.get(${String(k)})`, depth + 1, ancestors);
      if (problem !== undefined) break;
    }
  } else if (value instanceof Set) {
    for (const v of value as Set<unknown>) {
      problem = findUnserializable(v, `${path}.<set element>`, depth + 1, ancestors);
      if (problem !== undefined) break;
    }
  } else {
    const fields = value as Record<string, unknown>;
    for (const name of Object.keys(fields)) {
      problem = findUnserializable(fields[name], `${path}.${name}`, depth + 1, ancestors);
      if (problem !== undefined) break;
    }
  }
  ancestors.pop();
  return problem;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  if (Array.isArray(value)) return 'Array';
  const constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof constructorName === 'string' && constructorName !== '' ? constructorName : 'Object';
}
