/** Contract, part 2: snapshots, restores (also at another parallelism) and copy-on-write. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Packr } from 'msgpackr';

import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
  type StateSerializer,
} from '../../../src/api/state/state-descriptors.js';
import { assignToKeyGroup } from '../../../src/runtime/partitioning/key-groups.js';
import { ChunkBuffer } from '../../../src/runtime/state/keyed-state-chunk.js';
import type { KeyedStateBackend } from '../../../src/runtime/state/state-backend.js';
import {
  keySet,
  MAX_PARALLELISM,
  ownerOf,
  snapshotBytes,
  subtaskBackend,
  throwsCode,
  wholeRange,
  writeOut,
  type BackendFactory,
} from './contract-fixtures.js';
import { average } from './keyed-state-contract.js';

const value = new ValueStateDescriptor<number>('value');
const list = new ListStateDescriptor<string>('list');
const map = new MapStateDescriptor<string, number>('map');
const sum = new ReducingStateDescriptor<number>('sum', (a, b) => a + b);
const avg = new AggregatingStateDescriptor('avg', average);

/** Gives key `key` (numbered `i`) a value in every kind of state. */
function fill(backend: KeyedStateBackend, key: unknown, i: number): void {
  backend.setCurrentKey(key);
  backend.getState(value).update(i);
  backend.getListState(list).addAll([`a${i}`, `b${i}`]);
  backend.getMapState(map).putAll([
    ['x', i],
    ['y', i * 2],
  ]);
  backend.getReducingState(sum).add(i);
  backend.getReducingState(sum).add(1);
  backend.getAggregatingState(avg).add(i);
  backend.getAggregatingState(avg).add(i + 2);
}

function check(backend: KeyedStateBackend, key: unknown, i: number): void {
  backend.setCurrentKey(key);
  const where = `key ${JSON.stringify(key)}`;
  assert.equal(backend.getState(value).value(), i, where);
  assert.deepEqual(backend.getListState(list).get(), [`a${i}`, `b${i}`], where);
  assert.deepEqual(backend.getMapState(map).entries().sort(), [
    ['x', i],
    ['y', i * 2],
  ]);
  assert.equal(backend.getReducingState(sum).get(), i + 1, where);
  assert.equal(backend.getAggregatingState(avg).get(), i + 1, where);
}

function keyOf(i: number): unknown {
  return i % 3 === 0 ? ['tuple', i] : i % 3 === 1 ? `key-${i}` : i;
}

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  norm(): number {
    return Math.abs(this.x) + Math.abs(this.y);
  }
}

export function snapshotContract(factory: BackendFactory): void {
  describe('snapshot and restore', () => {
    it('restores every kind of state into a fresh backend, with descriptors registered before or after', () => {
      const source = wholeRange(factory);
      for (let i = 0; i < 200; i++) fill(source, keyOf(i), i);
      const chunks = snapshotBytes(source);

      const registeredAfter = wholeRange(factory);
      registeredAfter.restore(chunks);
      assert.equal(registeredAfter.keys('value').length, 200, 'keys() sees restored state before any descriptor asks for it');
      for (let i = 0; i < 200; i++) check(registeredAfter, keyOf(i), i);

      const registeredBefore = wholeRange(factory);
      registeredBefore.getState(value);
      registeredBefore.getListState(list);
      registeredBefore.getMapState(map);
      registeredBefore.getReducingState(sum);
      registeredBefore.getAggregatingState(avg);
      registeredBefore.restore(chunks);
      for (let i = 0; i < 200; i++) check(registeredBefore, keyOf(i), i);
      assert.deepEqual(keySet(registeredBefore.keys('list')), keySet(Array.from({ length: 200 }, (_, i) => keyOf(i))));
    });

    it('state restored and never touched survives the next snapshot', () => {
      const source = wholeRange(factory);
      for (let i = 0; i < 20; i++) fill(source, keyOf(i), i);
      const middle = wholeRange(factory);
      middle.restore(snapshotBytes(source));
      const last = wholeRange(factory);
      last.restore(snapshotBytes(middle));
      for (let i = 0; i < 20; i++) check(last, keyOf(i), i);
    });

    it('writes one chunk per non-empty key group, in key-group order, each restorable alone', () => {
      const source = wholeRange(factory);
      const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
      for (const [i, key] of keys.entries()) fill(source, key, i);
      const snapshot = source.snapshot(7);
      const chunks = [...snapshot.chunks()];
      snapshot.release();
      const expectedGroups = [...new Set(keys.map((key) => assignToKeyGroup(key, MAX_PARALLELISM)))].sort((a, b) => a - b);
      assert.deepEqual(
        chunks.map((chunk) => chunk.keyGroup),
        expectedGroups,
      );
      for (const chunk of chunks.reverse()) {
        const alone = wholeRange(factory);
        alone.restore([chunk.bytes]);
        const inGroup = keys.filter((key) => assignToKeyGroup(key, MAX_PARALLELISM) === chunk.keyGroup);
        assert.deepEqual(keySet(alone.keys('value')), keySet(inGroup));
        for (const key of inGroup) check(alone, key, keys.indexOf(key));
      }
    });

    it('appends chunks to a given buffer back to back, each with the bytes it has alone', () => {
      const backend = wholeRange(factory);
      for (let i = 0; i < 60; i++) fill(backend, keyOf(i), i);
      const alone = snapshotBytes(backend, 1);
      const snapshot = backend.snapshot(2);
      // Far too small: every chunk makes it grow.
      const into = new ChunkBuffer(16);
      const shared = [...snapshot.chunks(into)].map(({ bytes }) => bytes);
      snapshot.release();
      assert.deepEqual(Buffer.concat(shared), into.bytes.subarray(0, into.length));
      assert.deepEqual(shared.map((bytes) => Buffer.from(bytes)), alone.map((bytes) => Buffer.from(bytes)));
    });

    it('applies a StateSerializer only when snapshotting and restoring', () => {
      let toPlainCalls = 0;
      let fromPlainCalls = 0;
      const serializer: StateSerializer<Point> = {
        toPlain: (point) => {
          toPlainCalls++;
          return [point.x, point.y];
        },
        fromPlain: (plain) => {
          fromPlainCalls++;
          const [x, y] = plain as [number, number];
          return new Point(x, y);
        },
      };
      const descriptor = new ValueStateDescriptor<Point>('point', undefined, serializer);
      const listDescriptor = new ListStateDescriptor<Point>('points', serializer);
      const source = wholeRange(factory);
      for (let i = 0; i < 10; i++) {
        source.setCurrentKey(i);
        source.getState(descriptor).update(new Point(i, -i));
        source.getState(descriptor).update(new Point(i, -i - 1));
        assert.equal(source.getState(descriptor).value()?.norm(), 2 * i + 1);
        source.getListState(listDescriptor).add(new Point(i, 0));
      }
      assert.equal(toPlainCalls + fromPlainCalls, 0, 'no serializer call on the state access path');
      const chunks = snapshotBytes(source);
      assert.equal(toPlainCalls, 20);

      const target = wholeRange(factory);
      target.restore(chunks);
      for (let i = 0; i < 10; i++) {
        target.setCurrentKey(i);
        const point = target.getState(descriptor).value();
        assert.ok(point instanceof Point);
        assert.equal(point.norm(), 2 * i + 1);
        const [element] = target.getListState(listDescriptor).get();
        assert.ok(element instanceof Point);
        assert.equal(element.x, i);
      }
      assert.equal(fromPlainCalls, 20);
    });

    for (const newParallelism of [2, 8]) {
      it(`rescales 4 -> ${newParallelism}: every key's state intact, in exactly one new backend`, () => {
        const keys = Array.from({ length: 600 }, (_, i) => keyOf(i));
        const old = Array.from({ length: 4 }, (_, index) => subtaskBackend(factory, 4, index));
        for (const [i, key] of keys.entries()) fill(old[ownerOf(key, 4)]!, key, i);
        const chunks = old.flatMap((backend) => snapshotBytes(backend));

        const rescaled = Array.from({ length: newParallelism }, (_, index) => subtaskBackend(factory, newParallelism, index));
        for (const backend of rescaled) backend.restore(chunks);
        const seen = rescaled.flatMap((backend) => backend.keys('value'));
        assert.equal(seen.length, keys.length, 'no key lost or duplicated');
        assert.deepEqual(keySet(seen), keySet(keys));
        for (const [index, backend] of rescaled.entries()) {
          for (const key of backend.keys('map')) assert.equal(ownerOf(key, newParallelism), index, `key ${JSON.stringify(key)} restored in the backend that owns it`);
        }
        for (const [i, key] of keys.entries()) check(rescaled[ownerOf(key, newParallelism)]!, key, i);
      });
    }

    it('refuses corrupt chunks with STATE_RESTORE_FAILED naming what is wrong', () => {
      const source = wholeRange(factory);
      fill(source, 'k', 1);
      const [good] = snapshotBytes(source);
      assert.ok(good !== undefined);
      const packr = new Packr({ useRecords: true, moreTypes: true });
      const keyGroup = assignToKeyGroup('k', MAX_PARALLELISM);
      const cases: [string, Uint8Array, RegExp][] = [
        ['garbage', Uint8Array.from([0xc1, 0xff, 0x00, 0x12]), /chunk 0 .*not valid MessagePack|chunk 0 .*decodes to/],
        ['truncated', good.subarray(0, Math.floor(good.length / 2)), /chunk 0/],
        ['not an array', packr.pack({ hello: 'world' }), /not \[formatVersion, keyGroup, states\]/],
        ['a future version', packr.pack([99, keyGroup, []]), /format version 99; this Weir reads version 1/],
        ['a bad key group', packr.pack([1, -3, []]), /key group -3/],
        ['an unknown kind', packr.pack([1, keyGroup, [['s', 'tree', false, ['k', 1]]]]), /state "s" has the unknown kind "tree"/],
        ['rows cut short', packr.pack([1, keyGroup, [['s', 'value', true, ['k', 1]]]]), /state "s" has 2 row fields, not a multiple of 3/],
        ['a list that is no list', packr.pack([1, keyGroup, [['s', 'list', false, ['k', 5]]]]), /key "k" has number 5 where a list belongs/],
        ['a bad timestamp', packr.pack([1, keyGroup, [['s', 'value', true, ['k', 1, 'yesterday']]]]), /where a last-access timestamp belongs/],
      ];
      for (const [label, bytes, message] of cases) {
        throwsCode(() => wholeRange(factory).restore([bytes]), 'STATE_RESTORE_FAILED', message);
        assert.ok(label);
      }
    });

    it('refuses chunks written at another max parallelism', () => {
      const source = factory().createKeyedStateBackend({ keyGroupRange: { start: 0, end: 255 }, maxParallelism: 256 });
      for (let i = 0; i < 50; i++) fill(source, `k${i}`, i);
      const chunks = snapshotBytes(source);
      throwsCode(() => wholeRange(factory).restore(chunks), 'STATE_RESTORE_FAILED', /max-parallelism/);
    });

    it('refuses to request restored state as another kind', () => {
      const source = wholeRange(factory);
      fill(source, 'k', 1);
      const target = wholeRange(factory);
      target.restore(snapshotBytes(source));
      throwsCode(() => target.getMapState(new MapStateDescriptor<string, number>('value')), 'STATE_DESCRIPTOR_CONFLICT', /"value" was restored as a value state but is now requested as a map state/);
    });

    it('names the state and key of a value that cannot be snapshotted', () => {
      const backend = wholeRange(factory);
      const state = backend.getState(new ValueStateDescriptor<unknown>('handlers'));
      backend.setCurrentKey('ok');
      state.update({ fine: true });
      backend.setCurrentKey('bad');
      state.update({ onEvent: () => 1 });
      const snapshot = backend.snapshot(3);
      throwsCode(() => [...snapshot.chunks()], 'STATE_SNAPSHOT_FAILED', /value state "handlers" for key "bad"/);
      snapshot.release();
    });
  });

  describe('copy-on-write snapshots', () => {
    it('keeps writes, removes and new keys made after snapshot() out of the snapshot; live state sees them', () => {
      const backend = wholeRange(factory);
      for (let i = 0; i < 30; i++) fill(backend, keyOf(i), i);
      const snapshot = backend.snapshot(1);
      for (let i = 0; i < 30; i++) {
        backend.setCurrentKey(keyOf(i));
        if (i % 3 === 0) {
          backend.getState(value).update(-1);
          backend.getListState(list).add('late');
          backend.getMapState(map).put('x', -1);
          backend.getMapState(map).remove('y');
          backend.getReducingState(sum).add(1000);
          backend.getAggregatingState(avg).add(1000);
        } else if (i % 3 === 1) {
          backend.getState(value).clear();
          backend.getListState(list).clear();
          backend.getMapState(map).clear();
          backend.getReducingState(sum).clear();
          backend.getAggregatingState(avg).clear();
        } else {
          backend.getListState(list).update(['replaced']);
        }
      }
      fill(backend, 'new-key', 99);

      const restored = wholeRange(factory);
      restored.restore(writeOut(snapshot));
      assert.equal(restored.keys('value').length, 30, 'no key made after snapshot()');
      for (let i = 0; i < 30; i++) check(restored, keyOf(i), i);

      backend.setCurrentKey(keyOf(0));
      assert.equal(backend.getState(value).value(), -1);
      assert.deepEqual(backend.getListState(list).get(), ['a0', 'b0', 'late']);
      assert.deepEqual(backend.getMapState(map).entries(), [['x', -1]]);
      assert.equal(backend.getReducingState(sum).get(), 1001);
      backend.setCurrentKey(keyOf(1));
      assert.equal(backend.getState(value).value(), undefined);
      assert.equal(backend.keys('value').length, 21);
    });

    it('keeps changes made between chunks out of the chunks still to come', () => {
      const backend = wholeRange(factory);
      const keys = Array.from({ length: 300 }, (_, i) => `key-${i}`);
      for (const [i, key] of keys.entries()) fill(backend, key, i);
      const snapshot = backend.snapshot(1);
      const chunks: Uint8Array[] = [];
      let round = 0;
      for (const { bytes } of snapshot.chunks()) {
        chunks.push(bytes);
        // Processing goes on between chunks: every key is touched each round.
        round++;
        for (const key of keys) {
          backend.setCurrentKey(key);
          backend.getState(value).update(-round);
          backend.getListState(list).add(`round ${round}`);
          backend.getAggregatingState(avg).add(round * 1000);
          if (round === 3) backend.getMapState(map).clear();
        }
        fill(backend, `fresh-${round}`, round);
      }
      snapshot.release();
      const restored = wholeRange(factory);
      restored.restore(chunks);
      assert.deepEqual(keySet(restored.keys('value')), keySet(keys));
      for (const [i, key] of keys.entries()) check(restored, key, i);
    });

    it('lets snapshots overlap, each with its own view', () => {
      const backend = wholeRange(factory);
      const counter = backend.getState(value);
      const keys = Array.from({ length: 50 }, (_, i) => i);
      const setAll = (n: number): void => {
        for (const key of keys) {
          backend.setCurrentKey(key);
          counter.update(n);
        }
      };
      setAll(1);
      const first = backend.snapshot(1);
      setAll(2);
      const second = backend.snapshot(2);
      setAll(3);
      const secondChunks = writeOut(second);
      setAll(4);
      const third = backend.snapshot(3);
      setAll(5);
      const firstChunks = writeOut(first);
      const thirdChunks = writeOut(third);

      for (const [chunks, expected] of [
        [firstChunks, 1],
        [secondChunks, 2],
        [thirdChunks, 4],
      ] as const) {
        const restored = wholeRange(factory);
        restored.restore(chunks);
        for (const key of keys) {
          restored.setCurrentKey(key);
          assert.equal(restored.getState(value).value(), expected);
        }
      }
      backend.setCurrentKey(0);
      assert.equal(counter.value(), 5);
    });

    it('refuses to write a snapshot after release()', () => {
      const backend = wholeRange(factory);
      fill(backend, 'k', 1);
      const snapshot = backend.snapshot(9);
      snapshot.release();
      snapshot.release();
      throwsCode(() => [...snapshot.chunks()], 'STATE_SNAPSHOT_FAILED', /released/);
    });
  });
}
