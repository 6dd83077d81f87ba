/**
 * State backends (Flink's StateBackend, KeyedStateBackend, OperatorStateBackend): where a
 * task keeps the keyed and operator state of its operators, and how that state is
 * snapshotted for a checkpoint and restored, possibly at another parallelism.
 *
 * ```ts
 * const backend = createStateBackend('hashmap');
 * const keyed = backend.createKeyedStateBackend({ keyGroupRange: { start: 0, end: 127 }, maxParallelism: 128 });
 * const count = keyed.getState(new ValueStateDescriptor<number>('count', 0));
 * keyed.setCurrentKey('alice');
 * count.update((count.value() ?? 0) + 1);
 * const snapshot = keyed.snapshot(1);
 * for (const { bytes } of snapshot.chunks()) write(bytes);
 * snapshot.release();
 * ```
 */
import type { KeyedStateStore, OperatorStateStore } from '../../api/checkpoint.js';
import { WeirError } from '../../core/errors.js';
import type { KeyGroupRange } from '../partitioning/key-groups.js';
import type { ChunkBuffer } from './keyed-state-chunk.js';
import { HashMapStateBackend } from './heap/hashmap-state-backend.js';

export { redistributeOperatorState } from './operator-state-redistribution.js';

export interface KeyedStateBackend extends KeyedStateStore {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  /**
   * Scopes every keyed state object to `key` until the next call. Computes the key group
   * once; throws `STATE_KEY_OUT_OF_RANGE` when the key belongs to another subtask.
   */
  setCurrentKey(key: unknown): void;
  /** The key given to the last `setCurrentKey`, as given; undefined before the first. */
  getCurrentKey(): unknown;
  /** Keys that have a value in the named state (for timers and windows later). */
  keys(stateName: string): unknown[];
  /**
   * Synchronous part of a snapshot: O(1) or close to it — freezes a consistent view
   * (copy-on-write); the returned snapshot is serialized later, in slices, while
   * processing continues and state keeps changing.
   */
  snapshot(checkpointId: number): KeyedStateSnapshot;
  /**
   * Loads key-group chunks written by snapshots of any earlier parallelism; chunks for key
   * groups outside this backend's range are skipped. Throws `STATE_RESTORE_FAILED` for a
   * chunk that cannot be read.
   */
  restore(chunks: Iterable<Uint8Array>): void;
  dispose(): void;
}

export interface KeyedStateSnapshot {
  /**
   * Encoded chunks, one per non-empty key group, in key-group order; each decodes alone.
   * Serializing happens as the caller iterates, so the caller can yield between chunks.
   * The chunks are appended to `into`, their bytes valid until the caller hands their
   * memory back with `into.exchange`; without `into` each chunk gets memory of its own.
   */
  chunks(into?: ChunkBuffer): Iterable<{ keyGroup: number; bytes: Uint8Array }>;
  /** Ends the copy-on-write overlay; call after writing (or abandoning) the snapshot. */
  release(): void;
}

export type OperatorStateMode = 'split' | 'union';

/** Operator state as plain data: what a checkpoint stores for one subtask. */
export interface OperatorStateSnapshot {
  readonly states: readonly { readonly name: string; readonly mode: OperatorStateMode; readonly values: readonly unknown[] }[];
}

export interface OperatorStateBackend extends OperatorStateStore {
  snapshot(): OperatorStateSnapshot;
  /** Loads a snapshot, usually one made by {@link redistributeOperatorState} for this subtask. */
  restore(snapshot: OperatorStateSnapshot): void;
  dispose(): void;
}

export interface KeyedStateBackendOptions {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  /** Milliseconds since the epoch, for state TTL; `Date.now` unless a test passes a fake. */
  readonly clock?: () => number;
}

export interface StateBackend {
  /** The `state.backend.type` value that selects this backend. */
  readonly name: string;
  createKeyedStateBackend(options: KeyedStateBackendOptions): KeyedStateBackend;
  createOperatorStateBackend(): OperatorStateBackend;
}

const STATE_BACKEND_TYPES = ['hashmap'] as const;

/** The backend named by `state.backend.type`; only `hashmap` (state as objects on the heap) exists so far. */
export function createStateBackend(type = 'hashmap'): StateBackend {
  if (type === 'hashmap') return new HashMapStateBackend();
  throw new WeirError(
    'CONFIG_INVALID_VALUE',
    `state.backend.type is "${type}", which is not a state backend: valid values are ${STATE_BACKEND_TYPES.join(', ')}`,
  );
}
