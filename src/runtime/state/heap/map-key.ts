/**
 * Turns a state key (or a MapState key) into something a JS Map compares by value, so two
 * equal tuples are one key. Primitives are their own map key, which keeps the per-record
 * path free of allocation; composite keys become canonical text.
 *
 * Canonical text starts with NUL, and so does the text for the rare string key that
 * itself starts with NUL: `"\0s…"` for such strings, `"\0c…"` for composites, so no
 * string key can collide with a composite one. Numbers, booleans and bigints stay typed
 * (a Map keeps `1`, `'1'` and `1n` apart), as their key groups differ too.
 */
import { WeirError } from '../../../core/errors.js';

// As in key-groups.ts: deeper nesting is a cycle, or not a key anyone meant.
const MAX_KEY_DEPTH = 64;

export function toMapKey(key: unknown): unknown {
  if (typeof key === 'string') return key.charCodeAt(0) === 0 ? `\0s${key}` : key;
  if (typeof key !== 'object' || key === null) return key;
  return `\0c${canonical(key, 0)}`;
}

/**
 * Equal for keys whose hash in key-groups.ts is equal by construction: object properties
 * and Map/Set entries in any order, `-0` as `0`.
 */
function canonical(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // String(-0) is "0"; NaN and ±Infinity spell themselves, unlike in JSON.
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_KEY_DEPTH) {
        throw new WeirError('USER_FUNCTION_FAILED', `A state key nests deeper than ${MAX_KEY_DEPTH} levels (is it cyclic?): use a string, number or small tuple`);
      }
      return canonicalObject(value, depth + 1);
    default:
      throw new WeirError(
        'USER_FUNCTION_FAILED',
        `A state key (or part of one) is a ${typeof value}, which cannot be compared by value: use a string, number, bigint, boolean, tuple or plain object`,
      );
  }
}

function canonicalObject(value: object, depth: number): string {
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    let text = '[';
    for (let i = 0; i < items.length; i++) text += (i === 0 ? '' : ',') + canonical(items[i], depth);
    return `${text}]`;
  }
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (value instanceof Map) {
    const entries: string[] = [];
    for (const [k, v] of value as Map<unknown, unknown>) entries.push(`${canonical(k, depth)}:${canonical(v, depth)}`);
    return `Map{${entries.sort().join(',')}}`;
  }
  if (value instanceof Set) {
    const items: string[] = [];
    for (const v of value as Set<unknown>) items.push(canonical(v, depth));
    return `Set[${items.sort().join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const name of Object.keys(record).sort()) {
    text += `${text.length === 1 ? '' : ','}${JSON.stringify(name)}:${canonical(record[name], depth)}`;
  }
  return `${text}}`;
}
