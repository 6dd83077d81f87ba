/** Field access and ordering for the rolling aggregations of a KeyedStream (sum, min, max, minBy, maxBy). */
import { WeirError } from '../core/errors.js';

/** A field of a record: a tuple index or a property name; a number 0 also names an atomic value itself. */
export type FieldExpression = number | string;

export interface FieldAccess {
  get(record: unknown): unknown;
  /** A copy of `record` with the field replaced; records are never mutated in place. */
  with(record: unknown, value: unknown): unknown;
}

export function fieldAccess(field: FieldExpression): FieldAccess {
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
      // Spread-then-assign stays on V8's fast object clone; a computed key in the literal does not.
      const copy: Record<string | number, unknown> = { ...(record as object) };
      copy[field] = value;
      return copy;
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
