import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Packr } from 'msgpackr';

import { ChunkBuffer, KeyedStateChunkReader, KeyedStateChunkWriter, peekKeyGroup, type ChunkState } from '../../../src/runtime/state/keyed-state-chunk.js';

function valueState(values: readonly unknown[]): ChunkState {
  return { name: 'state', kind: 'value', hasLastAccess: false, rows: values.flatMap((value, i) => [i, value]) };
}

function roundTrip(states: readonly ChunkState[], keyGroup = 3, into = new ChunkBuffer()): readonly ChunkState[] {
  const bytes = new KeyedStateChunkWriter().encode(keyGroup, states, into);
  const decoded = new KeyedStateChunkReader().decode(bytes, 0);
  assert.equal(decoded.keyGroup, keyGroup);
  return decoded.states;
}

const NUMBERS = [
  0, 1, 0x1f, 0x20, 0x3f, 0x40, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0xffffffff, 2 ** 32, Number.MAX_SAFE_INTEGER,
  -1, -0x20, -0x21, -0x80, -0x81, -0x8000, -0x8001, -(2 ** 31), -(2 ** 31) - 1, Number.MIN_SAFE_INTEGER,
  0.5, -1.25, Math.PI, 1e300, Number.MIN_VALUE, NaN, Infinity, -Infinity,
];

const STRINGS = [
  '', 'a', 'x'.repeat(0x1f), 'x'.repeat(0x20), 'x'.repeat(0x3f), 'x'.repeat(0x40), 'x'.repeat(0xff), 'x'.repeat(0x100),
  'x'.repeat(0x5555), 'x'.repeat(0x10000), 'é', 'ü'.repeat(0x30), 'ü'.repeat(0x80), '€'.repeat(0x5556), '𝄞 clef', 'mixed ascii then ñ'.repeat(5),
];

describe('keyed state chunks', () => {
  it('writes the bytes msgpackr writes for plain rows', () => {
    const states = [valueState(['a', 5, true, null, ['x', 7]])];
    const packed = new Packr({ useRecords: true, moreTypes: true }).pack([1, 200, [['state', 'value', false, states[0]?.rows]]]);
    const bytes = new KeyedStateChunkWriter().encode(200, states, new ChunkBuffer());
    assert.deepEqual(Buffer.from(bytes), Buffer.from(packed));
    assert.equal(peekKeyGroup(bytes), 200);
  });

  it('round-trips numbers at every encoding boundary, keeping -0 as msgpackr does (as 0)', () => {
    const [state] = roundTrip([valueState([...NUMBERS, -0])]);
    assert.deepEqual(state?.rows, valueState([...NUMBERS, 0]).rows);
  });

  it('round-trips strings of every header size, ASCII or not', () => {
    const [state] = roundTrip([valueState(STRINGS)]);
    assert.deepEqual(state?.rows, valueState(STRINGS).rows);
  });

  it('round-trips nested arrays, long arrays, booleans and null', () => {
    const values = [[], [1, ['two', [3, [null]]]], Array.from({ length: 15 }, (_, i) => i), Array.from({ length: 16 }, String), Array.from({ length: 0x10000 }, (_, i) => i % 7), true, false, null];
    const [state] = roundTrip([valueState(values)]);
    assert.deepEqual(state?.rows, valueState(values).rows);
  });

  it('packs a chunk with objects, Maps, Sets, bigints or undefined with msgpackr, after plain rows before them', () => {
    const values = ['plain first', 12, { a: 1, b: [2] }, { a: 3, b: [4] }, new Map([['k', 1]]), new Set([1]), 10n ** 30n, [undefined], new Uint8Array([1, 2]), new Date(5)];
    const into = new ChunkBuffer(8);
    into.reserve(4);
    into.length = 4;
    const states = [valueState(['x'.repeat(100)]), valueState(values)];
    const decoded = roundTrip(states, 3, into);
    assert.deepEqual(
      decoded.map((state) => state.rows),
      states.map((state) => state.rows),
    );
    assert.ok(into.length > 4);
  });

  it('appends to the buffer, growing it, and starts over in the memory handed back', () => {
    const writer = new KeyedStateChunkWriter();
    const into = new ChunkBuffer(4);
    const first = writer.encode(1, [valueState(['x'.repeat(1000)])], into);
    const second = writer.encode(2, [valueState([1, 2, 3])], into);
    assert.equal(into.length, first.length + second.length);
    assert.deepEqual(Buffer.concat([first, second]), into.bytes.subarray(0, into.length));
    const full = into.exchange(Buffer.alloc(16));
    assert.ok(full.length >= first.length + second.length);
    const third = writer.encode(3, [valueState(['y'])], into);
    assert.equal(third.byteOffset, 0);
    assert.equal(new KeyedStateChunkReader().decode(second, 0).keyGroup, 2);
    assert.equal(new KeyedStateChunkReader().decode(third, 1).keyGroup, 3);
  });

  it('names the key of a value that cannot be encoded, and encodes on afterwards', () => {
    const writer = new KeyedStateChunkWriter();
    const into = new ChunkBuffer();
    assert.throws(
      () => writer.encode(4, [valueState(['fine', () => 1])], into),
      (error: Error & { code?: string }) => error.code === 'STATE_SNAPSHOT_FAILED' && /key 1 \(key group 4\)/.test(error.message),
    );
    assert.equal(into.length, 0);
    const bytes = writer.encode(5, [valueState(['fine'])], into);
    assert.deepEqual(new KeyedStateChunkReader().decode(bytes, 0).states[0]?.rows, [0, 'fine']);
  });
});
