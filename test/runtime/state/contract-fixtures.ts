/** Helpers shared by the parts of the state backend contract suite. */
import assert from 'node:assert/strict';

import { StateTtlConfig, type TtlStateVisibility, type TtlUpdateType } from '../../../src/api/state/state-ttl-config.js';
import { WeirError, type WeirErrorCode } from '../../../src/core/errors.js';
import { assignToKeyGroup, computeKeyGroupRangeForOperatorIndex, computeOperatorIndexForKeyGroup } from '../../../src/runtime/partitioning/key-groups.js';
import type { KeyedStateBackend, KeyedStateSnapshot, StateBackend } from '../../../src/runtime/state/state-backend.js';

export type BackendFactory = () => StateBackend;

export const MAX_PARALLELISM = 128;

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public time = 1_000_000) {}
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A keyed backend owning every key group. */
export function wholeRange(factory: BackendFactory, clock?: FakeClock): KeyedStateBackend {
  return factory().createKeyedStateBackend({
    keyGroupRange: { start: 0, end: MAX_PARALLELISM - 1 },
    maxParallelism: MAX_PARALLELISM,
    ...(clock === undefined ? {} : { clock: clock.now }),
  });
}

/** The backend of subtask `index` of `parallelism`. */
export function subtaskBackend(factory: BackendFactory, parallelism: number, index: number, clock?: FakeClock): KeyedStateBackend {
  return factory().createKeyedStateBackend({
    keyGroupRange: computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, parallelism, index),
    maxParallelism: MAX_PARALLELISM,
    ...(clock === undefined ? {} : { clock: clock.now }),
  });
}

export function ownerOf(key: unknown, parallelism: number): number {
  return computeOperatorIndexForKeyGroup(MAX_PARALLELISM, parallelism, assignToKeyGroup(key, MAX_PARALLELISM));
}

/** Writes the whole snapshot out, as a checkpoint would, and releases it. */
export function writeOut(snapshot: KeyedStateSnapshot): Uint8Array[] {
  const chunks = [...snapshot.chunks()].map(({ bytes }) => bytes);
  snapshot.release();
  return chunks;
}

export function snapshotBytes(backend: KeyedStateBackend, checkpointId = 1): Uint8Array[] {
  return writeOut(backend.snapshot(checkpointId));
}

export function ttl(ms: number, updateType: TtlUpdateType, visibility: TtlStateVisibility, options: { fullSnapshot?: boolean; incremental?: number } = {}): StateTtlConfig {
  let builder = StateTtlConfig.newBuilder(ms).setUpdateType(updateType).setStateVisibility(visibility);
  if (options.fullSnapshot === true) builder = builder.cleanupFullSnapshot();
  builder = options.incremental === undefined ? builder.disableCleanupInBackground() : builder.cleanupIncrementally(options.incremental);
  return builder.build();
}

export function throwsCode(fn: () => unknown, code: WeirErrorCode, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof WeirError, `expected a WeirError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

/** Sorted JSON of keys, so sets of composite keys compare. */
export function keySet(keys: readonly unknown[]): string[] {
  return keys.map((key) => JSON.stringify(key)).sort();
}
