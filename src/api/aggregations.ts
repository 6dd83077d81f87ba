/** Field access and ordering for the rolling aggregations of a KeyedStream (sum, min, max, minBy, maxBy). */
import { WeirError } from '../core/errors.js';

/** A field of a record: a tuple index or a property name; a number 0 also names an atomic value itself. */
export type FieldExpression = number | string;

export interface FieldAccess {
  get(record: unknown): unknown;
  /** A copy of `record` with the field replaced; records are never mutated in place. */
  with(record: unknown, value: unknown): unknown;
}

/** Builds a copy of a record of one shape with one field replaced, as one object literal. */
type Cloner = (record: Record<string, unknown>, value: unknown) => Record<string, unknown>;

interface ClonerShape {
  readonly keys: readonly string[];
  readonly clone: Cloner;
}

/** Past this many shapes per aggregation, records are copied by spread instead: each shape compiles code. */
const MAX_CLONER_SHAPES = 64;
const MAX_CLONER_KEYS = 200;

/**
 * A copy through an object literal compiled for the record's shape: V8's object spread
 * takes ~130 ns on a 7-field record fresh from a buffer, the literal ~25 ns, and rolling
 * aggregations copy every record.
 */
function compileCloner(keys: readonly string[], field: string): Cloner {
  const fields = keys.map((key) => `${JSON.stringify(key)}: ${key === field ? 'value' : `record[${JSON.stringify(key)}]`}`);
  if (!keys.includes(field)) fields.push(`${JSON.stringify(field)}: value`);
  return new Function('record', 'value', `return { ${fields.join(', ')} };`) as Cloner;
}

/** A copy of any object's own enumerable fields with `field` replaced. */
function spreadCopy(record: object, field: FieldExpression, value: unknown): Record<string | number, unknown> {
  // Spread-then-assign stays on V8's fast object clone; a computed key in the literal does not.
  const copy: Record<string | number, unknown> = { ...record };
  copy[field] = value;
  return copy;
}

/** A copy of a plain object with `field` replaced, through a compiled literal when the object's keys allow one. */
function shapeCopier(field: string): (record: Record<string, unknown>, value: unknown) => Record<string, unknown> {
  const shapes = new Map<string, ClonerShape>();
  let last: ClonerShape | undefined;
  const matches = (record: Record<string, unknown>, shape: ClonerShape): boolean => {
    const keys = shape.keys;
    let i = 0;
    for (const key in record) {
      if (key !== keys[i]) return false;
      i++;
    }
    return i === keys.length;
  };
  return (record, value) => {
    if (last !== undefined && matches(record, last)) return last.clone(record, value);
    const keys: string[] = [];
    for (const key in record) keys.push(key);
    // A literal "__proto__" key would set the prototype, not copy the field; very wide records are not worth the code.
    if (keys.length > MAX_CLONER_KEYS || keys.includes('__proto__') || field === '__proto__') return spreadCopy(record, field, value);
    const signature = JSON.stringify(keys);
    let shape = shapes.get(signature);
    if (shape === undefined) {
      if (shapes.size >= MAX_CLONER_SHAPES) return spreadCopy(record, field, value);
      shape = { keys, clone: compileCloner(keys, field) };
      shapes.set(signature, shape);
    }
    last = shape;
    return shape.clone(record, value);
  };
}

export function fieldAccess(field: FieldExpression): FieldAccess {
  const copyWith = typeof field === 'string' ? shapeCopier(field) : undefined;
  return {
    get(record) {
      if (record === null || typeof record !== 'object') {
        if (field === 0) return record;
        throw fieldError(field, record);
      }
      const value = (record as Record<string | number, unknown>)[field];
      if (value === undefined && !(field in record)) throw fieldError(field, record);
      return value;
    },
    with(record, value) {
      if (record === null || typeof record !== 'object') return value;
      if (Array.isArray(record)) {
        const copy = record.slice();
        copy[field as number] = value;
        return copy;
      }
      // Plain objects only: the copy of a class instance is a plain object of its own fields, as spread makes it.
      if (copyWith !== undefined && (record as { constructor?: unknown }).constructor === Object) {
        return copyWith(record as Record<string, unknown>, value);
      }
      return spreadCopy(record, field, value);
    },
  };
}

function fieldError(field: FieldExpression, record: unknown): WeirError {
  const shape = record === null || typeof record !== 'object' ? typeof record : Array.isArray(record) ? 'tuple' : 'object';
  return new WeirError(
    'USER_FUNCTION_FAILED',
    `aggregation field ${JSON.stringify(field)} does not exist on a ${shape} record; use a tuple index or a property name of the record`,
  );
}

export function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
