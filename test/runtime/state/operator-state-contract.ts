/** Contract, part 4: operator (non-keyed) list state and its redistribution on rescale. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ListStateDescriptor } from '../../../src/api/state/state-descriptors.js';
import { redistributeOperatorState, type OperatorStateSnapshot } from '../../../src/runtime/state/state-backend.js';
import { throwsCode, type BackendFactory } from './contract-fixtures.js';

const offsets = new ListStateDescriptor<number>('offsets');
const watermarks = new ListStateDescriptor<string>('watermarks');

/** Snapshots of `parallelism` subtasks after restoring each from its share of `old`. */
function rescale(factory: BackendFactory, old: readonly OperatorStateSnapshot[], parallelism: number): { snapshots: OperatorStateSnapshot[]; offsets: number[][]; watermarks: string[][] } {
  const snapshots: OperatorStateSnapshot[] = [];
  const offsetParts: number[][] = [];
  const watermarkParts: string[][] = [];
  for (let index = 0; index < parallelism; index++) {
    const backend = factory().createOperatorStateBackend();
    backend.restore(redistributeOperatorState(old, parallelism, index));
    offsetParts.push(backend.getListState(offsets).get());
    watermarkParts.push(backend.getUnionListState(watermarks).get());
    snapshots.push(backend.snapshot());
  }
  return { snapshots, offsets: offsetParts, watermarks: watermarkParts };
}

function assertEvenSplit(parts: readonly number[][], all: readonly number[]): void {
  assert.deepEqual(parts.flat(), all, 'every element once, in order');
  const sizes = parts.map((part) => part.length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes.join(', ')} differ by at most one`);
}

export function operatorStateContract(factory: BackendFactory): void {
  describe('operator state', () => {
    it('keeps split and union lists, and snapshots and restores them as plain data', () => {
      const backend = factory().createOperatorStateBackend();
      const split = backend.getListState(offsets);
      const union = backend.getUnionListState(watermarks);
      assert.equal(backend.getListState(offsets), split, 'one state object per name');
      split.addAll([1, 2]);
      split.add(3);
      union.update(['w1', 'w2']);
      const snapshot = backend.snapshot();
      split.clear();
      assert.deepEqual(split.get(), []);
      const copy = JSON.parse(JSON.stringify(snapshot)) as OperatorStateSnapshot;
      assert.deepEqual(copy, {
        states: [
          { name: 'offsets', mode: 'split', values: [1, 2, 3] },
          { name: 'watermarks', mode: 'union', values: ['w1', 'w2'] },
        ],
      });

      const restored = factory().createOperatorStateBackend();
      restored.restore(copy);
      assert.deepEqual(restored.snapshot(), copy, 'restored state nobody asked for yet is kept');
      assert.deepEqual(restored.getListState(offsets).get(), [1, 2, 3]);
      assert.deepEqual(restored.getUnionListState(watermarks).get(), ['w1', 'w2']);
    });

    it('splits list state evenly on rescale 4 -> 2 -> 8, losing and duplicating nothing', () => {
      const all = Array.from({ length: 23 }, (_, i) => i);
      // Deliberately lopsided, one subtask empty: redistribution evens it out.
      const cuts = [0, 10, 10, 13, 23];
      const old: OperatorStateSnapshot[] = [];
      for (let index = 0; index < 4; index++) {
        const backend = factory().createOperatorStateBackend();
        backend.getListState(offsets).update(all.slice(cuts[index], cuts[index + 1]));
        backend.getUnionListState(watermarks).add(`w${index}`);
        old.push(backend.snapshot());
      }
      const two = rescale(factory, old, 2);
      assertEvenSplit(two.offsets, all);
      for (const part of two.watermarks) assert.deepEqual(part, ['w0', 'w1', 'w2', 'w3']);

      const eight = rescale(factory, two.snapshots, 8);
      assertEvenSplit(eight.offsets, all);
      for (const part of eight.watermarks) assert.deepEqual(part.sort(), ['w0', 'w0', 'w1', 'w1', 'w2', 'w2', 'w3', 'w3'], 'union lists concatenate every old subtask');
    });

    it('refuses to use one name for a split and a union list', () => {
      const backend = factory().createOperatorStateBackend();
      backend.getListState(offsets);
      throwsCode(() => backend.getUnionListState(new ListStateDescriptor<number>('offsets')), 'STATE_DESCRIPTOR_CONFLICT', /"offsets" is a split list/);
      const restored = factory().createOperatorStateBackend();
      restored.restore({ states: [{ name: 'offsets', mode: 'union', values: [1] }] });
      throwsCode(() => restored.getListState(offsets), 'STATE_DESCRIPTOR_CONFLICT', /union list/);
    });

    it('refuses old snapshots that disagree on a state mode', () => {
      throwsCode(
        () =>
          redistributeOperatorState(
            [{ states: [{ name: 's', mode: 'split', values: [] }] }, { states: [{ name: 's', mode: 'union', values: [] }] }],
            2,
            0,
          ),
        'STATE_RESTORE_FAILED',
        /"s" is a split list in one old subtask and a union list/,
      );
    });
  });
}
