/**
 * Flink's HeapKeyedStateBackend: keyed state as objects on the heap, one StateTable per
 * state name, snapshotted with copy-on-write and restored key group by key group.
 */
import type { AggregatingState, ListState, MapState, ReducingState, State, ValueState } from '../../../api/state/state.js';
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  StateSerializer,
  ValueStateDescriptor,
} from '../../../api/state/state-descriptors.js';
import type { StateTtlConfig } from '../../../api/state/state-ttl-config.js';
import { WeirError } from '../../../core/errors.js';
import { assignToKeyGroup, type KeyGroupRange } from '../../partitioning/key-groups.js';
import { describeKey, KeyedStateChunkReader, peekKeyGroup, restoreFailed, type ChunkState, type KeyedStateKind } from '../keyed-state-chunk.js';
import type { KeyedStateBackend, KeyedStateBackendOptions, KeyedStateSnapshot } from '../state-backend.js';
import { restoreRows } from './chunk-rows.js';
import { CopyOnWriteVersions } from './copy-on-write.js';
import { hasLiveValue } from './expiry.js';
import { aggregating, HeapAppendingState, reducing } from './heap-appending-state.js';
import { HeapKeyedStateSnapshot } from './heap-keyed-state-snapshot.js';
import { HeapListState } from './heap-list-state.js';
import { HeapMapState } from './heap-map-state.js';
import { CurrentKey } from './heap-state-base.js';
import { HeapValueState } from './heap-value-state.js';
import { toMapKey } from './map-key.js';
import { StateTable } from './state-table.js';
import { createTtlPolicy, type TtlPolicy } from './ttl-policy.js';

/** What registering a state needs from any of the five descriptor classes. */
interface DescriptorInfo {
  readonly name: string;
  readonly kind: KeyedStateKind;
  readonly serializer?: StateSerializer<unknown> | undefined;
  readonly ttlConfig: StateTtlConfig | undefined;
}

export class HeapKeyedStateBackend implements KeyedStateBackend {
  readonly keyGroupRange: KeyGroupRange;
  readonly maxParallelism: number;
  private readonly clock: () => number;
  private readonly current = new CurrentKey();
  private readonly versions = new CopyOnWriteVersions();
  private readonly tables = new Map<string, StateTable>();
  /** Flink hands out one state object per name; it follows the current key. */
  private readonly states = new Map<string, { readonly kind: KeyedStateKind; readonly state: State }>();

  constructor(options: KeyedStateBackendOptions) {
    this.keyGroupRange = { start: options.keyGroupRange.start, end: options.keyGroupRange.end };
    this.maxParallelism = options.maxParallelism;
    this.clock = options.clock ?? Date.now;
  }

  setCurrentKey(key: unknown): void {
    const keyGroup = assignToKeyGroup(key, this.maxParallelism);
    if (keyGroup < this.keyGroupRange.start || keyGroup > this.keyGroupRange.end) throw this.keyOutOfRange(key, keyGroup);
    this.current.key = key;
    this.current.mapKey = toMapKey(key);
    this.current.groupIndex = keyGroup - this.keyGroupRange.start;
  }

  getCurrentKey(): unknown {
    return this.current.key;
  }

  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T> {
    return this.register(descriptor, (table, ttl) => new HeapValueState<T>(this.current, table, ttl, descriptor.defaultValue));
  }

  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.register(descriptor, (table, ttl) => new HeapListState<T>(this.current, table, ttl));
  }

  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V> {
    return this.register(descriptor, (table, ttl) => new HeapMapState<K, V>(this.current, table, ttl));
  }

  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T> {
    return this.register(descriptor, (table, ttl) => new HeapAppendingState(this.current, table, ttl, reducing(descriptor.reduceFunction)));
  }

  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT> {
    return this.register(descriptor, (table, ttl) => new HeapAppendingState(this.current, table, ttl, aggregating(descriptor.aggregateFunction)));
  }

  keys(stateName: string): unknown[] {
    const table = this.tables.get(stateName);
    if (table === undefined) return [];
    const ttl = table.ttl !== undefined && !table.ttl.returnExpired ? table.ttl : undefined;
    const now = ttl === undefined ? 0 : ttl.now();
    const keys: unknown[] = [];
    for (const group of table.groups) {
      if (group === undefined) continue;
      for (const entry of group.values()) {
        if (ttl === undefined || hasLiveValue(table.kind, ttl, entry, now)) keys.push(entry.key);
      }
    }
    return keys;
  }

  snapshot(checkpointId: number): KeyedStateSnapshot {
    const overlay = this.versions.begin();
    return new HeapKeyedStateSnapshot(checkpointId, [...this.tables.values()], this.keyGroupRange, this.versions, overlay, this.clock());
  }

  restore(chunks: Iterable<Uint8Array>): void {
    const reader = new KeyedStateChunkReader();
    const now = this.clock();
    let position = 0;
    for (const bytes of chunks) {
      const index = position++;
      const claimed = peekKeyGroup(bytes);
      if (claimed !== undefined && claimed < this.maxParallelism && !this.owns(claimed)) continue;
      const chunk = reader.decode(bytes, index);
      if (chunk.keyGroup >= this.maxParallelism) {
        throw restoreFailed(
          `Keyed state chunk ${index} holds key group ${chunk.keyGroup}, but this job has only ${this.maxParallelism} (max parallelism): ` +
            'pipeline.max-parallelism must not change between a checkpoint and its restore',
        );
      }
      if (!this.owns(chunk.keyGroup)) continue;
      for (const state of chunk.states) {
        this.checkKeyGroup(state, chunk.keyGroup, index);
        restoreRows(this.tableForRestore(state, index), state, chunk.keyGroup - this.keyGroupRange.start, now);
      }
    }
  }

  dispose(): void {
    this.versions.endAll();
    // State objects a function still holds point at their tables; empty them so the memory goes now.
    for (const table of this.tables.values()) table.groups.fill(undefined);
    this.tables.clear();
    this.states.clear();
    this.current.key = undefined;
    this.current.mapKey = undefined;
    this.current.groupIndex = -1;
  }

  private register<S extends State>(descriptor: DescriptorInfo, create: (table: StateTable, ttl: TtlPolicy | undefined) => S): S {
    const cached = this.states.get(descriptor.name);
    if (cached !== undefined) {
      if (cached.kind !== descriptor.kind) {
        throw new WeirError(
          'STATE_DESCRIPTOR_CONFLICT',
          `Keyed state "${descriptor.name}" is ${article(cached.kind)} state; it cannot also be requested as ${article(descriptor.kind)} state: give each state its own name`,
        );
      }
      // Same name, same kind: the cached object, as Flink returns for a re-requested descriptor.
      return cached.state as S;
    }
    let table = this.tables.get(descriptor.name);
    if (table !== undefined && table.kind !== descriptor.kind) {
      throw new WeirError(
        'STATE_DESCRIPTOR_CONFLICT',
        `Keyed state "${descriptor.name}" was restored as ${article(table.kind)} state but is now requested as ${article(descriptor.kind)} state: ` +
          'keep the kind of a state across restores, or give the new state another name',
      );
    }
    if (table === undefined) {
      table = new StateTable(descriptor.name, descriptor.kind, this.keyGroupRange.end - this.keyGroupRange.start + 1, this.versions);
      this.tables.set(descriptor.name, table);
    }
    const ttl = createTtlPolicy(descriptor.ttlConfig, this.clock);
    table.register(descriptor.serializer, ttl, this.clock());
    const state = create(table, ttl);
    this.states.set(descriptor.name, { kind: descriptor.kind, state });
    return state;
  }

  private tableForRestore(state: ChunkState, index: number): StateTable {
    const table = this.tables.get(state.name);
    if (table === undefined) {
      const created = new StateTable(state.name, state.kind, this.keyGroupRange.end - this.keyGroupRange.start + 1, this.versions);
      this.tables.set(state.name, created);
      return created;
    }
    if (table.kind !== state.kind) {
      throw restoreFailed(`Keyed state chunk ${index} holds "${state.name}" as ${article(state.kind)} state, but it is ${article(table.kind)} state here`);
    }
    return table;
  }

  /** One key per state and chunk is enough to catch a changed max parallelism or key hash. */
  private checkKeyGroup(state: ChunkState, keyGroup: number, index: number): void {
    if (state.rows.length === 0) return;
    const key = state.rows[0];
    const expected = assignToKeyGroup(key, this.maxParallelism);
    if (expected !== keyGroup) {
      throw restoreFailed(
        `Keyed state chunk ${index} puts key ${describeKey(key)} of "${state.name}" in key group ${keyGroup}, but it belongs to key group ${expected} ` +
          `at max parallelism ${this.maxParallelism}: the checkpoint was taken with another pipeline.max-parallelism, or the chunk is damaged`,
      );
    }
  }

  private owns(keyGroup: number): boolean {
    return keyGroup >= this.keyGroupRange.start && keyGroup <= this.keyGroupRange.end;
  }

  private keyOutOfRange(key: unknown, keyGroup: number): WeirError {
    const { start, end } = this.keyGroupRange;
    return new WeirError(
      'STATE_KEY_OUT_OF_RANGE',
      `Key ${describeKey(key)} belongs to key group ${keyGroup}, outside this subtask's key groups ${start}..${end}: ` +
        'the key selector must return the same key for a record every time it is called (no random values, no mutable fields)',
    );
  }
}

function article(kind: KeyedStateKind): string {
  return kind === 'aggregating' ? `an ${kind}` : `a ${kind}`;
}
