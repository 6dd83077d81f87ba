/** The record copies rolling aggregations (sum, min, max) make: every shape, never touching the input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldAccess } from '../../src/api/aggregations.js';
import { Point } from '../support/point.js';

describe('fieldAccess().with', () => {
  it('copies a record with the field replaced, keeping key order and leaving the input alone', () => {
    const price = fieldAccess('price');
    const record = { auction: 1, price: 2.5, channel: 'web', extra: undefined };
    const copy = price.with(record, 10) as Record<string, unknown>;
    assert.deepEqual(copy, { auction: 1, price: 10, channel: 'web', extra: undefined });
    assert.deepEqual(Object.keys(copy), ['auction', 'price', 'channel', 'extra']);
    assert.notEqual(copy, record);
    assert.equal(record.price, 2.5);
  });

  it('follows records whose shapes change, and more shapes than it compiles copies for', () => {
    const value = fieldAccess('value');
    for (let i = 0; i < 150; i++) {
      const record = i % 3 === 0 ? { key: i, value: 1 } : i % 3 === 1 ? { value: 1, key: i, [`extra${i}`]: true } : { [`only${i}`]: i, value: 1 };
      const copy = value.with(record, i) as Record<string, unknown>;
      assert.deepEqual(copy, { ...record, value: i });
      assert.deepEqual(Object.keys(copy), Object.keys(record));
    }
  });

  it('adds a field the record lacks, and copies odd keys, an own __proto__ and class instances as plain data', () => {
    assert.deepEqual(fieldAccess('count').with({ key: 'a' }, 3), { key: 'a', count: 3 });
    const odd = { 'with space': 1, '2': 'two', 'quote"d': true, n: 0 };
    assert.deepEqual(fieldAccess('n').with(odd, 5), { ...odd, n: 5 });
    const withProto = JSON.parse('{"__proto__": {"x": 1}, "n": 0}') as Record<string, unknown>;
    const protoCopy = fieldAccess('n').with(withProto, 1) as Record<string, unknown>;
    assert.ok(Object.hasOwn(protoCopy, '__proto__'));
    assert.equal(Object.getPrototypeOf(protoCopy), Object.prototype);
    const pointCopy = fieldAccess('x').with(new Point(1, 2), 9);
    assert.deepEqual(pointCopy, { x: 9, y: 2 });
    assert.equal(Object.getPrototypeOf(pointCopy), Object.prototype);
  });

  it('copies tuples by index and replaces atomic values', () => {
    const tuple: [string, number] = ['a', 1];
    assert.deepEqual(fieldAccess(1).with(tuple, 5), ['a', 5]);
    assert.deepEqual(tuple, ['a', 1]);
    assert.equal(fieldAccess(0).with(7, 8), 8);
  });
});
