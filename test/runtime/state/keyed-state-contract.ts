/** Contract, part 1: what each kind of keyed state does for the current key. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../src/api/state/state-descriptors.js';
import type { AggregateFunction } from '../../../src/api/state/state.js';
import { assignToKeyGroup } from '../../../src/runtime/partitioning/key-groups.js';
import { keySet, MAX_PARALLELISM, subtaskBackend, throwsCode, wholeRange, type BackendFactory } from './contract-fixtures.js';

/** An average whose accumulator is changed in place, as Flink's examples often do. */
export const average: AggregateFunction<number, { sum: number; count: number }, number> = {
  createAccumulator: () => ({ sum: 0, count: 0 }),
  add: (value, accumulator) => {
    accumulator.sum += value;
    accumulator.count += 1;
    return accumulator;
  },
  getResult: (accumulator) => accumulator.sum / accumulator.count,
  merge: (a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
};

export function keyedStateContract(factory: BackendFactory): void {
  describe('keyed state', () => {
    it('value state keeps one value per key and gives the default to keys without one', () => {
      const backend = wholeRange(factory);
      const count = backend.getState(new ValueStateDescriptor<number>('count', 0));
      const name = backend.getState(new ValueStateDescriptor<string>('name'));
      backend.setCurrentKey('a');
      assert.equal(count.value(), 0);
      assert.equal(name.value(), undefined);
      count.update(5);
      name.update('alice');
      backend.setCurrentKey('b');
      assert.equal(count.value(), 0);
      count.update(7);
      backend.setCurrentKey('a');
      assert.equal(count.value(), 5);
      assert.equal(name.value(), 'alice');
      count.update(count.value()! + 1);
      assert.equal(count.value(), 6);
      backend.setCurrentKey('b');
      assert.equal(count.value(), 7);
      assert.equal(name.value(), undefined);
    });

    it('value state clear and update(undefined) remove the value of the current key only', () => {
      const backend = wholeRange(factory);
      const state = backend.getState(new ValueStateDescriptor<string>('v', 'none'));
      for (const key of ['a', 'b', 'c']) {
        backend.setCurrentKey(key);
        state.update(`value of ${key}`);
      }
      backend.setCurrentKey('a');
      state.clear();
      assert.equal(state.value(), 'none');
      backend.setCurrentKey('b');
      state.update(undefined as unknown as string);
      assert.equal(state.value(), 'none');
      backend.setCurrentKey('c');
      assert.equal(state.value(), 'value of c');
      assert.deepEqual(backend.keys('v'), ['c']);
    });

    it('list state adds, replaces and clears per key; get returns a copy', () => {
      const backend = wholeRange(factory);
      const list = backend.getListState(new ListStateDescriptor<number>('list'));
      backend.setCurrentKey(1);
      assert.deepEqual(list.get(), []);
      list.add(1);
      list.addAll([2, 3]);
      list.addAll([]);
      backend.setCurrentKey(2);
      list.add(10);
      backend.setCurrentKey(1);
      const got = list.get();
      assert.deepEqual(got, [1, 2, 3]);
      got.push(99);
      assert.deepEqual(list.get(), [1, 2, 3], 'changing the returned array does not change the state');
      list.update([7, 8]);
      assert.deepEqual(list.get(), [7, 8]);
      list.update([]);
      assert.deepEqual(list.get(), []);
      assert.deepEqual(backend.keys('list'), [2]);
      backend.setCurrentKey(2);
      assert.deepEqual(list.get(), [10]);
      list.clear();
      assert.deepEqual(list.get(), []);
      assert.deepEqual(backend.keys('list'), []);
    });

    it('map state puts, reads, removes and iterates per key', () => {
      const backend = wholeRange(factory);
      const map = backend.getMapState(new MapStateDescriptor<string, number>('map'));
      backend.setCurrentKey('k1');
      assert.equal(map.isEmpty(), true);
      assert.equal(map.get('x'), undefined);
      map.put('x', 1);
      map.putAll([
        ['y', 2],
        ['z', 3],
      ]);
      map.put('x', 10);
      backend.setCurrentKey('k2');
      map.put('x', 100);
      backend.setCurrentKey('k1');
      assert.equal(map.get('x'), 10);
      assert.equal(map.contains('y'), true);
      assert.equal(map.contains('w'), false);
      assert.deepEqual(map.entries().sort(), [
        ['x', 10],
        ['y', 2],
        ['z', 3],
      ]);
      assert.deepEqual(map.keys().sort(), ['x', 'y', 'z']);
      assert.deepEqual(map.values().sort((a, b) => a - b), [2, 3, 10]);
      map.remove('y');
      map.remove('nothing');
      assert.equal(map.contains('y'), false);
      assert.equal(map.isEmpty(), false);
      map.remove('x');
      map.remove('z');
      assert.equal(map.isEmpty(), true);
      assert.deepEqual(backend.keys('map'), ['k2'], 'a key whose map became empty has no value');
      backend.setCurrentKey('k2');
      assert.deepEqual(map.entries(), [['x', 100]]);
      map.clear();
      assert.equal(map.isEmpty(), true);
    });

    it('map state takes composite map keys: equal tuples are one map key', () => {
      const backend = wholeRange(factory);
      const map = backend.getMapState(new MapStateDescriptor<[string, number], string>('pairs'));
      backend.setCurrentKey('k');
      map.put(['a', 1], 'first');
      map.put(['a', 1], 'second');
      map.put(['a', 2], 'other');
      assert.equal(map.get(['a', 1]), 'second');
      assert.equal(map.contains(['a', 2]), true);
      assert.deepEqual(keySet(map.keys()), keySet([['a', 1], ['a', 2]]));
      map.remove(['a', 1]);
      assert.deepEqual(map.keys(), [['a', 2]]);
    });

    it('reducing state folds every added value with the reduce function, per key', () => {
      const backend = wholeRange(factory);
      const sum = backend.getReducingState(new ReducingStateDescriptor<number>('sum', (a, b) => a + b));
      backend.setCurrentKey('a');
      assert.equal(sum.get(), undefined);
      sum.add(1);
      assert.equal(sum.get(), 1);
      sum.add(2);
      sum.add(3);
      backend.setCurrentKey('b');
      sum.add(100);
      backend.setCurrentKey('a');
      assert.equal(sum.get(), 6);
      sum.clear();
      assert.equal(sum.get(), undefined);
      backend.setCurrentKey('b');
      assert.equal(sum.get(), 100);
    });

    it('aggregating state accumulates per key and returns the function result', () => {
      const backend = wholeRange(factory);
      const avg = backend.getAggregatingState(new AggregatingStateDescriptor('avg', average));
      backend.setCurrentKey('a');
      assert.equal(avg.get(), undefined);
      avg.add(2);
      avg.add(4);
      backend.setCurrentKey('b');
      avg.add(10);
      backend.setCurrentKey('a');
      assert.equal(avg.get(), 3);
      avg.add(6);
      assert.equal(avg.get(), 4);
      backend.setCurrentKey('b');
      assert.equal(avg.get(), 10);
      avg.clear();
      assert.equal(avg.get(), undefined);
    });

    it('composite keys: equal tuples and objects are one key, and the key comes back as given', () => {
      const backend = wholeRange(factory);
      const state = backend.getState(new ValueStateDescriptor<number>('v'));
      backend.setCurrentKey(['user', 1]);
      state.update(1);
      const sameTuple = ['user', 1];
      backend.setCurrentKey(sameTuple);
      assert.equal(state.value(), 1);
      assert.equal(backend.getCurrentKey(), sameTuple);
      backend.setCurrentKey(['user', 2]);
      assert.equal(state.value(), undefined);
      state.update(2);
      backend.setCurrentKey({ region: 'eu', id: 7 });
      state.update(3);
      backend.setCurrentKey({ id: 7, region: 'eu' });
      assert.equal(state.value(), 3, 'property order does not matter');
      assert.deepEqual(keySet(backend.keys('v')), keySet([['user', 1], ['user', 2], { region: 'eu', id: 7 }]));
    });

    it('keys of different types stay apart', () => {
      const backend = wholeRange(factory);
      const state = backend.getState(new ValueStateDescriptor<string>('v'));
      const keys: unknown[] = ['1', 1, 1n, true, 'true', '\0c["a"]', ['a'], '\0s', '\0'];
      for (const key of keys) {
        backend.setCurrentKey(key);
        state.update(typeof key === 'bigint' ? `bigint ${key}` : `${typeof key} ${JSON.stringify(key)}`);
      }
      for (const key of keys) {
        backend.setCurrentKey(key);
        assert.equal(state.value(), typeof key === 'bigint' ? `bigint ${key}` : `${typeof key} ${JSON.stringify(key)}`);
      }
      assert.equal(backend.keys('v').length, keys.length);
    });

    it('hands out one state object per name, and refuses a second kind under a name', () => {
      const backend = wholeRange(factory);
      const first = backend.getState(new ValueStateDescriptor<number>('s'));
      assert.equal(backend.getState(new ValueStateDescriptor<number>('s')), first);
      backend.setCurrentKey('a');
      first.update(1);
      assert.equal(backend.getState(new ValueStateDescriptor<number>('s')).value(), 1);
      throwsCode(() => backend.getListState(new ListStateDescriptor<number>('s')), 'STATE_DESCRIPTOR_CONFLICT', /"s" is a value state.*list state/);
      throwsCode(() => backend.getAggregatingState(new AggregatingStateDescriptor('s', average)), 'STATE_DESCRIPTOR_CONFLICT', /an aggregating state/);
    });

    it('refuses state access without a current key', () => {
      const backend = wholeRange(factory);
      assert.equal(backend.getCurrentKey(), undefined);
      const value = backend.getState(new ValueStateDescriptor<number>('v', 0));
      const list = backend.getListState(new ListStateDescriptor<number>('l'));
      const map = backend.getMapState(new MapStateDescriptor<string, number>('m'));
      const sum = backend.getReducingState(new ReducingStateDescriptor<number>('r', (a, b) => a + b));
      for (const access of [() => value.value(), () => value.update(1), () => list.add(1), () => list.get(), () => map.put('a', 1), () => map.isEmpty(), () => sum.add(1), () => value.clear()]) {
        throwsCode(access, 'STATE_ACCESS_WITHOUT_KEY', /no current key/);
      }
    });

    it('refuses a key from another subtask', () => {
      const backend = subtaskBackend(factory, 4, 0);
      let foreign = 0;
      while (assignToKeyGroup(foreign, MAX_PARALLELISM) <= backend.keyGroupRange.end) foreign++;
      throwsCode(() => backend.setCurrentKey(foreign), 'STATE_KEY_OUT_OF_RANGE', /outside this subtask's key groups 0\.\.31/);
    });

    it('keys() lists the keys with a value in the named state', () => {
      const backend = wholeRange(factory);
      const a = backend.getState(new ValueStateDescriptor<number>('a'));
      const b = backend.getListState(new ListStateDescriptor<number>('b'));
      for (let i = 0; i < 50; i++) {
        backend.setCurrentKey(`key-${i}`);
        a.update(i);
        if (i % 2 === 0) b.add(i);
      }
      assert.equal(backend.keys('a').length, 50);
      assert.deepEqual(keySet(backend.keys('b')), keySet(Array.from({ length: 25 }, (_, i) => `key-${i * 2}`)));
      assert.deepEqual(backend.keys('unknown'), []);
    });
  });
}
