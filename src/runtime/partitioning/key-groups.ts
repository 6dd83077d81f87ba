/**
 * Key groups, computed exactly as Flink's `KeyGroupRangeAssignment` does, so a key lands in
 * the same key group (and, for the same parallelism, the same subtask) as the equivalent
 * Java key would in Flink.
 *
 * ```ts
 * assignToKeyGroup('hello', 128);              // murmurHash("hello".hashCode()) % 128
 * assignKeyToParallelOperator('hello', 128, 4); // the subtask that owns that key group
 * computeKeyGroupRangeForOperatorIndex(128, 4, 1); // { start: 32, end: 63 }
 * ```
 */

import { WeirError } from '../../core/errors.js';

/** Flink's default lower bound for max parallelism when none is configured (`1 << 7`). */
export const DEFAULT_LOWER_BOUND_MAX_PARALLELISM = 128;

/** Flink's inclusive upper bound for max parallelism (`1 << 15`); keeps `keyGroup * parallelism` inside int32. */
export const UPPER_BOUND_MAX_PARALLELISM = 32768;

/** An inclusive range of key groups, as Flink's `KeyGroupRange`. */
export interface KeyGroupRange {
  readonly start: number;
  readonly end: number;
}

const TWO_POW_32 = 4294967296;

// Plain objects and Maps recurse; a cyclic key would otherwise overflow the stack.
const MAX_KEY_DEPTH = 64;

// One shared scratch cell: reading a double's bits must not allocate per call.
const doubleScratch = new Float64Array(1);
const doubleWords = new Int32Array(doubleScratch.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HIGH_WORD = LITTLE_ENDIAN ? 1 : 0;
const LOW_WORD = LITTLE_ENDIAN ? 0 : 1;

/** Java's `Double.hashCode(NaN)`: `doubleToLongBits` folds every NaN to 0x7ff8000000000000. */
const NAN_HASH = 0x7ff80000;

/**
 * Java's `hashCode()` of the Java value equivalent to `key`, so that key-group placement
 * matches Flink for the common key types:
 *
 * - string: `String.hashCode` over UTF-16 code units;
 * - number: `Integer.hashCode` inside int32, `Long.hashCode` for other safe integers,
 *   `Double.hashCode` otherwise (fractions, NaN, ±Infinity, integers beyond 2^53);
 *   `-0` hashes as `0`, since `-0 === 0` and the record serializer turns `-0` into `0`;
 * - boolean: 1231 / 1237; bigint: `Long.hashCode` of its low 64 bits (two's complement);
 * - array: Flink's `TupleN.hashCode` (`h = hash(f0); h = 31 * h + hash(fi)`), which unlike
 *   `Arrays.hashCode` starts from the first element's hash rather than from 1;
 * - null / undefined: 0 (a null tuple field in Flink);
 * - Date: `java.util.Date.hashCode`, i.e. `Long.hashCode(getTime())`;
 * - plain object (and any other object, since those cross tasks as plain objects):
 *   `java.util.Map.hashCode` over its own enumerable properties, the sum of
 *   `hash(key) ^ hash(value)`: independent of property order, unlike a JSON string.
 *   Flink would call the POJO's own `hashCode`, which Weir cannot know;
 * - Map: `Map.hashCode` over its entries; Set: `Set.hashCode` (sum of element hashes).
 *
 * Functions and symbols are not keys and throw `USER_FUNCTION_FAILED`.
 */
export function keyHashCode(key: unknown): number {
  if (typeof key === 'string') return stringHashCode(key);
  if (typeof key === 'number') return numberHashCode(key);
  return otherHashCode(key, 0);
}

/** Java's `String.hashCode`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, int32 wraparound. */
export function stringHashCode(value: string): number {
  let h = 0;
  for (let i = 0; i < value.length; i++) {
    h = (Math.imul(h, 31) + value.charCodeAt(i)) | 0;
  }
  return h;
}

/** The hash of a JS number as the narrowest Java type that holds it exactly (see {@link keyHashCode}). */
export function numberHashCode(value: number): number {
  if ((value | 0) === value) return value | 0;
  if (Number.isSafeInteger(value)) return longHashCode(value);
  return doubleHashCode(value);
}

/** Java's `Long.hashCode`, `(int) (v ^ (v >>> 32))`, for a safe integer `v`. */
function longHashCode(value: number): number {
  // Floor division gives the high word of the two's complement for negative values too.
  const high = Math.floor(value / TWO_POW_32);
  const low = value - high * TWO_POW_32;
  return (low ^ high) | 0;
}

/** Java's `Double.hashCode`: `(int) (bits ^ (bits >>> 32))` of `doubleToLongBits`. */
function doubleHashCode(value: number): number {
  if (value !== value) return NAN_HASH;
  doubleScratch[0] = value;
  return (doubleWords[HIGH_WORD] ?? 0) ^ (doubleWords[LOW_WORD] ?? 0);
}

/** Java's `Long.hashCode` of the low 64 bits of a bigint. */
function bigintHashCode(value: bigint): number {
  const low = Number(BigInt.asIntN(32, value));
  const high = Number(BigInt.asIntN(32, value >> 32n));
  return (low ^ high) | 0;
}

function otherHashCode(key: unknown, depth: number): number {
  switch (typeof key) {
    case 'string':
      return stringHashCode(key);
    case 'number':
      return numberHashCode(key);
    case 'boolean':
      return key ? 1231 : 1237;
    case 'bigint':
      return bigintHashCode(key);
    case 'undefined':
      return 0;
    case 'object':
      if (key === null) return 0;
      if (depth >= MAX_KEY_DEPTH) {
        throw new WeirError(
          'USER_FUNCTION_FAILED',
          `A key nests deeper than ${MAX_KEY_DEPTH} levels (is it cyclic?): key selectors should return a string, number or small tuple`,
        );
      }
      return objectHashCode(key, depth + 1);
    default:
      throw new WeirError(
        'USER_FUNCTION_FAILED',
        `A key (or part of one) is a ${typeof key}, which has no stable hash: key selectors should return a string, number, bigint, boolean, tuple or plain object`,
      );
  }
}

function objectHashCode(key: object, depth: number): number {
  if (Array.isArray(key)) {
    const items: readonly unknown[] = key;
    if (items.length === 0) return 0;
    let h = otherHashCode(items[0], depth);
    for (let i = 1; i < items.length; i++) {
      h = (Math.imul(h, 31) + otherHashCode(items[i], depth)) | 0;
    }
    return h;
  }
  if (key instanceof Date) return numberHashCode(key.getTime());
  let h = 0;
  if (key instanceof Map) {
    for (const [k, v] of key as Map<unknown, unknown>) {
      h = (h + (otherHashCode(k, depth) ^ otherHashCode(v, depth))) | 0;
    }
    return h;
  }
  if (key instanceof Set) {
    for (const v of key as Set<unknown>) h = (h + otherHashCode(v, depth)) | 0;
    return h;
  }
  const record = key as Record<string, unknown>;
  for (const name in record) {
    if (!Object.prototype.hasOwnProperty.call(record, name)) continue;
    h = (h + (stringHashCode(name) ^ otherHashCode(record[name], depth))) | 0;
  }
  return h;
}

/**
 * Flink's `MathUtils.murmurHash(int)`: one MurmurHash3 round over a 4-byte value, then
 * folded to a non-negative int (`Integer.MIN_VALUE` becomes 0).
 */
export function murmurHash(code: number): number {
  code = Math.imul(code, 0xcc9e2d51);
  code = (code << 15) | (code >>> 17);
  code = Math.imul(code, 0x1b873593);

  code = (code << 13) | (code >>> 19);
  code = (Math.imul(code, 5) + 0xe6546b64) | 0;

  code ^= 4;
  code ^= code >>> 16;
  code = Math.imul(code, 0x85ebca6b);
  code ^= code >>> 13;
  code = Math.imul(code, 0xc2b2ae35);
  code ^= code >>> 16;

  if (code >= 0) return code;
  if (code !== -2147483648) return -code;
  return 0;
}

/** Flink's `computeKeyGroupForKeyHash`: `murmurHash(keyHash) % maxParallelism`. */
export function computeKeyGroupForKeyHash(keyHash: number, maxParallelism: number): number {
  return murmurHash(keyHash) % maxParallelism;
}

/**
 * The key group of `key` in `[0, maxParallelism)`: `murmurHash(keyHashCode(key)) % maxParallelism`.
 * Throws `USER_FUNCTION_FAILED` for a null or undefined key, as Flink refuses null keys.
 */
export function assignToKeyGroup(key: unknown, maxParallelism: number): number {
  if (typeof key === 'string') return murmurHash(stringHashCode(key)) % maxParallelism;
  if (key === null || key === undefined) throw nullKeyError(key);
  return murmurHash(keyHashCode(key)) % maxParallelism;
}

/** The subtask that owns `keyGroup`: `keyGroup * parallelism / maxParallelism`, integer division. */
export function computeOperatorIndexForKeyGroup(maxParallelism: number, parallelism: number, keyGroup: number): number {
  // keyGroup * parallelism < 2^30 (both are at most 2^15), so truncating the quotient is Java's int division.
  return ((keyGroup * parallelism) / maxParallelism) | 0;
}

/** The subtask (of `parallelism`) that processes `key`. Throws `USER_FUNCTION_FAILED` for a null or undefined key. */
export function assignKeyToParallelOperator(key: unknown, maxParallelism: number, parallelism: number): number {
  return computeOperatorIndexForKeyGroup(maxParallelism, parallelism, assignToKeyGroup(key, maxParallelism));
}

/**
 * The inclusive key-group range subtask `operatorIndex` owns: Flink's
 * `start = ceil(i * maxP / p)`, `end = floor(((i + 1) * maxP - 1) / p)`. The ranges of
 * subtasks `0..p-1` tile `[0, maxParallelism)` exactly.
 */
export function computeKeyGroupRangeForOperatorIndex(
  maxParallelism: number,
  parallelism: number,
  operatorIndex: number,
): KeyGroupRange {
  checkParallelismPreconditions(parallelism);
  checkParallelismPreconditions(maxParallelism);
  if (maxParallelism < parallelism) {
    throw new WeirError(
      'GRAPH_INVALID',
      `The parallelism ${parallelism} is larger than the max parallelism ${maxParallelism}: lower the parallelism or raise pipeline.max-parallelism`,
    );
  }
  if (!Number.isInteger(operatorIndex) || operatorIndex < 0 || operatorIndex >= parallelism) {
    throw new WeirError('GRAPH_INVALID', `Subtask index ${operatorIndex} is outside [0, ${parallelism})`);
  }
  const start = Math.floor((operatorIndex * maxParallelism + parallelism - 1) / parallelism);
  const end = Math.floor(((operatorIndex + 1) * maxParallelism - 1) / parallelism);
  return { start, end };
}

/**
 * Flink's default max parallelism for an operator whose max parallelism is not configured:
 * `1.5 * parallelism` rounded up to a power of two, clamped to `[128, 32768]`.
 */
export function computeDefaultMaxParallelism(operatorParallelism: number): number {
  checkParallelismPreconditions(operatorParallelism);
  const wanted = operatorParallelism + Math.floor(operatorParallelism / 2);
  const roundedUp = wanted <= 1 ? 1 : 1 << (32 - Math.clz32(wanted - 1));
  return Math.min(Math.max(roundedUp, DEFAULT_LOWER_BOUND_MAX_PARALLELISM), UPPER_BOUND_MAX_PARALLELISM);
}

/** Throws `GRAPH_INVALID` unless `0 < parallelism <= 32768`, Flink's bounds for parallelism and max parallelism. */
export function checkParallelismPreconditions(parallelism: number): void {
  if (!Number.isInteger(parallelism) || parallelism <= 0 || parallelism > UPPER_BOUND_MAX_PARALLELISM) {
    throw new WeirError(
      'GRAPH_INVALID',
      `Parallelism ${parallelism} is not within bounds: it must be an integer in [1, ${UPPER_BOUND_MAX_PARALLELISM}]`,
    );
  }
}

function nullKeyError(key: null | undefined): WeirError {
  return new WeirError(
    'USER_FUNCTION_FAILED',
    `A key selector returned ${String(key)}: keys must not be null or undefined (check that the selected field exists on every record)`,
  );
}
