/** Contract, part 3: state time-to-live, driven by a fake clock. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../src/api/state/state-descriptors.js';
import type { StateTtlConfig } from '../../../src/api/state/state-ttl-config.js';
import { FakeClock, keySet, snapshotBytes, ttl, wholeRange, type BackendFactory } from './contract-fixtures.js';
import { average } from './keyed-state-contract.js';

function withTtl<D extends { enableTimeToLive(config: StateTtlConfig): void }>(descriptor: D, config: StateTtlConfig): D {
  descriptor.enableTimeToLive(config);
  return descriptor;
}

export function ttlContract(factory: BackendFactory): void {
  describe('state TTL', () => {
    it('OnCreateAndWrite: reads do not extend an entry, writes do; expired values are hidden', () => {
      const clock = new FakeClock();
      const backend = wholeRange(factory, clock);
      const state = backend.getState(withTtl(new ValueStateDescriptor<string>('v', 'default'), ttl(100, 'OnCreateAndWrite', 'NeverReturnExpired')));
      backend.setCurrentKey('a');
      state.update('x');
      clock.advance(60);
      assert.equal(state.value(), 'x');
      clock.advance(39);
      assert.equal(state.value(), 'x');
      clock.advance(1);
      assert.equal(state.value(), 'default', 'expired at lastAccess + ttl');
      assert.deepEqual(backend.keys('v'), [], 'the expired value was removed on access');
      state.update('y');
      clock.advance(99);
      state.update('z');
      clock.advance(99);
      assert.equal(state.value(), 'z');
    });

    it('OnReadAndWrite: reads extend an entry too', () => {
      const clock = new FakeClock();
      const backend = wholeRange(factory, clock);
      const state = backend.getState(withTtl(new ValueStateDescriptor<string>('v'), ttl(100, 'OnReadAndWrite', 'NeverReturnExpired')));
      backend.setCurrentKey('a');
      state.update('x');
      for (let i = 0; i < 5; i++) {
        clock.advance(90);
        assert.equal(state.value(), 'x');
      }
      clock.advance(100);
      assert.equal(state.value(), undefined);
    });

    it('ReturnExpiredIfNotCleanedUp: expired values stay visible until cleaned up', () => {
      const clock = new FakeClock();
      const backend = wholeRange(factory, clock);
      const state = backend.getState(withTtl(new ValueStateDescriptor<string>('v'), ttl(100, 'OnCreateAndWrite', 'ReturnExpiredIfNotCleanedUp')));
      backend.setCurrentKey('a');
      state.update('x');
      clock.advance(500);
      assert.equal(state.value(), 'x');
      assert.deepEqual(backend.keys('v'), ['a']);
    });

    it('Disabled update type: no TTL at all', () => {
      const clock = new FakeClock();
      const backend = wholeRange(factory, clock);
      const state = backend.getState(withTtl(new ValueStateDescriptor<string>('v'), ttl(100, 'Disabled', 'NeverReturnExpired')));
      backend.setCurrentKey('a');
      state.update('x');
      clock.advance(10_000);
      assert.equal(state.value(), 'x');
    });

    it('list state: each element expires on its own', () => {
      const clock = new FakeClock();
      const backend = wholeRange(factory, clock);
      const list = backend.getListState(withTtl(new ListStateDescriptor<string>('l'), ttl(100, 'OnCreateAndWrite', 'NeverReturnExpired')));
      backend.setCurrentKey('k');
      list.add('a');
      clock.advance(50);
      list.addAll(['b', 'c']);
      clock.advance(60);
      assert.deepEqual(list.get(), ['b', 'c']);
      list.add('d');
      clock.advance(40);
      assert.deepEqual(list.get(), ['d']);
      clock.advance(60);
      assert.deepEqual(list.get(), []);
      assert.deepEqual(backend.keys('l'), []);
    });

    it('map state: each map entry expires on its own; OnReadAndWrite refreshes the entries read', () => {
      const clock = new FakeClock();
      const backend = wholeRange(factory, clock);
      const map = backend.getMapState(withTtl(new MapStateDescriptor<string, number>('m'), ttl(100, 'OnReadAndWrite', 'NeverReturnExpired')));
      backend.setCurrentKey('k');
      map.put('old', 1);
      clock.advance(50);
      map.put('young', 2);
      map.put('read', 3);
      clock.advance(60);
      assert.equal(map.contains('old'), false);
      assert.equal(map.get('read'), 3);
      clock.advance(60);
      assert.deepEqual(map.entries(), [['read', 3]]);
      clock.advance(100);
      assert.equal(map.isEmpty(), true);
      assert.deepEqual(backend.keys('m'), []);
    });

    it('reducing and aggregating state expire as a whole and start over', () => {
      const clock = new FakeClock();
      const backend = wholeRange(factory, clock);
      const config = ttl(100, 'OnCreateAndWrite', 'NeverReturnExpired');
      const sum = backend.getReducingState(withTtl(new ReducingStateDescriptor<number>('sum', (a, b) => a + b), config));
      const avg = backend.getAggregatingState(withTtl(new AggregatingStateDescriptor('avg', average), config));
      backend.setCurrentKey('k');
      sum.add(5);
      avg.add(10);
      clock.advance(50);
      sum.add(5);
      avg.add(20);
      clock.advance(99);
      assert.equal(sum.get(), 10);
      assert.equal(avg.get(), 15);
      clock.advance(1);
      assert.equal(sum.get(), undefined);
      avg.add(1);
      assert.equal(avg.get(), 1, 'the expired accumulator is not folded into');
    });

    it('full-snapshot cleanup leaves expired entries out of snapshots', () => {
      const clock = new FakeClock();
      const source = wholeRange(factory, clock);
      const config = ttl(100, 'OnCreateAndWrite', 'ReturnExpiredIfNotCleanedUp', { fullSnapshot: true });
      const value = source.getState(withTtl(new ValueStateDescriptor<string>('v'), config));
      const list = source.getListState(withTtl(new ListStateDescriptor<string>('l'), config));
      const map = source.getMapState(withTtl(new MapStateDescriptor<string, string>('m'), config));
      source.setCurrentKey('old');
      value.update('old');
      list.add('old');
      map.put('a', 'old');
      clock.advance(60);
      source.setCurrentKey('young');
      value.update('young');
      list.add('young');
      map.put('a', 'young');
      source.setCurrentKey('old');
      list.add('young too');
      map.put('b', 'young too');
      clock.advance(60);

      const chunks = snapshotBytes(source);
      source.setCurrentKey('old');
      assert.equal(value.value(), 'old', 'the live state keeps expired entries until they are cleaned up');

      const restored = wholeRange(factory, clock);
      restored.restore(chunks);
      assert.deepEqual(restored.keys('v'), ['young']);
      const restoredList = restored.getListState(withTtl(new ListStateDescriptor<string>('l'), config));
      const restoredMap = restored.getMapState(withTtl(new MapStateDescriptor<string, string>('m'), config));
      restored.setCurrentKey('old');
      assert.deepEqual(restoredList.get(), ['young too']);
      assert.deepEqual(restoredMap.entries(), [['b', 'young too']]);
    });

    it('without full-snapshot cleanup, expired entries and their timestamps are snapshotted', () => {
      const clock = new FakeClock();
      const source = wholeRange(factory, clock);
      const descriptor = (visibility: 'NeverReturnExpired' | 'ReturnExpiredIfNotCleanedUp'): ValueStateDescriptor<string> =>
        withTtl(new ValueStateDescriptor<string>('v'), ttl(100, 'OnCreateAndWrite', visibility));
      const state = source.getState(descriptor('ReturnExpiredIfNotCleanedUp'));
      source.setCurrentKey('expired');
      state.update('e');
      clock.advance(70);
      source.setCurrentKey('alive');
      state.update('a');
      clock.advance(50);
      const chunks = snapshotBytes(source);

      const lenient = wholeRange(factory, clock);
      lenient.restore(chunks);
      lenient.setCurrentKey('expired');
      assert.equal(lenient.getState(descriptor('ReturnExpiredIfNotCleanedUp')).value(), 'e');

      const strict = wholeRange(factory, clock);
      strict.restore(chunks);
      const strictState = strict.getState(descriptor('NeverReturnExpired'));
      strict.setCurrentKey('expired');
      assert.equal(strictState.value(), undefined, 'the restored timestamp says it expired');
      strict.setCurrentKey('alive');
      assert.equal(strictState.value(), 'a');
      clock.advance(49);
      assert.equal(strictState.value(), 'a');
      clock.advance(1);
      assert.equal(strictState.value(), undefined, 'the restored timestamp, not the restore time, decides');
    });

    it('incremental cleanup removes expired entries of keys that are never read again', () => {
      const clock = new FakeClock();
      const backend = wholeRange(factory, clock);
      const config = ttl(100, 'OnCreateAndWrite', 'ReturnExpiredIfNotCleanedUp', { incremental: 10 });
      const state = backend.getState(withTtl(new ValueStateDescriptor<number>('v'), config));
      const list = backend.getListState(withTtl(new ListStateDescriptor<number>('l'), config));
      for (let i = 0; i < 100; i++) {
        backend.setCurrentKey(`old-${i}`);
        state.update(i);
        list.add(i);
      }
      clock.advance(100);
      backend.setCurrentKey('fresh');
      for (let i = 0; i < 9; i++) state.update(i);
      assert.ok(backend.keys('v').length > 10, 'cleanup goes a few entries per access, not all at once');
      for (let i = 0; i < 30; i++) {
        state.update(i);
        list.add(i);
      }
      assert.deepEqual(backend.keys('v'), ['fresh']);
      assert.deepEqual(backend.keys('l'), ['fresh']);
      assert.equal(list.get().length, 30);
    });

    it('cleanup during a snapshot does not take entries out of it', () => {
      const clock = new FakeClock();
      const backend = wholeRange(factory, clock);
      const config = ttl(100, 'OnCreateAndWrite', 'ReturnExpiredIfNotCleanedUp', { incremental: 1000 });
      const state = backend.getState(withTtl(new ValueStateDescriptor<number>('v'), config));
      for (let i = 0; i < 50; i++) {
        backend.setCurrentKey(i);
        state.update(i);
      }
      clock.advance(150);
      const snapshot = backend.snapshot(1);
      backend.setCurrentKey('trigger');
      state.update(0);
      assert.deepEqual(backend.keys('v'), ['trigger']);
      const restored = wholeRange(factory, clock);
      restored.restore([...snapshot.chunks()].map(({ bytes }) => bytes));
      snapshot.release();
      assert.deepEqual(keySet(restored.keys('v')), keySet(Array.from({ length: 50 }, (_, i) => i)));
    });
  });
}
