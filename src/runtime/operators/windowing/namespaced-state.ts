/**
 * Keyed state per window: Flink keeps window state in the keyed backend under a namespace
 * (the window); here every namespaced state is a MapState of the key, keyed by the
 * window's id (`_window-…` names), so it is checkpointed, restored and rescaled with its
 * key like any keyed state, and dropped per window by removing one map entry.
 *
 * The state objects handed out are bound to the namespace they were asked for. List,
 * reducing and aggregating values sit in epoch slots (snapshot-epochs.ts) and change in
 * place when no snapshot can see them.
 */
import type { KeyedStateStore } from '../../../api/checkpoint.js';
import {
  MapStateDescriptor,
  type AggregatingStateDescriptor,
  type ListStateDescriptor,
  type ReducingStateDescriptor,
  type ValueStateDescriptor,
} from '../../../api/state/state-descriptors.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../../../api/state/state.js';
import { WeirError } from '../../../core/errors.js';
import type { KeyedStateBackend } from '../../state/state-backend.js';
import { SlotMap } from './slot-map.js';
import type { Slot, SnapshotEpochs } from './snapshot-epochs.js';

type Kind = 'value' | 'list' | 'map' | 'reducing' | 'aggregating';
type MergeableDescriptor =
  | ListStateDescriptor<unknown>
  | ReducingStateDescriptor<unknown>
  | AggregatingStateDescriptor<unknown, unknown, unknown>;

export class NamespacedStateStore {
  private readonly backings = new Map<string, { readonly kind: Kind; readonly state: MapState<unknown, unknown> }>();

  constructor(
    private readonly backend: KeyedStateBackend,
    private readonly epochs: SnapshotEpochs,
    /** Keeps these states apart from the user's own keyed state of the same name. */
    private readonly prefix: string,
  ) {}

  /** The state of the current key in `namespace`, as a KeyedStateStore. */
  store(namespace: string): KeyedStateStore {
    return {
      getState: <T>(descriptor: ValueStateDescriptor<T>) => this.valueState(descriptor, namespace),
      getListState: <T>(descriptor: ListStateDescriptor<T>) => this.listState(descriptor, namespace),
      getMapState: <K, V>(descriptor: MapStateDescriptor<K, V>) => this.mapState(descriptor, namespace),
      getReducingState: <T>(descriptor: ReducingStateDescriptor<T>) => this.reducingState(descriptor, namespace),
      getAggregatingState: <IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>) =>
        this.aggregatingState(descriptor, namespace),
    };
  }

  /** Folds the state of `sources` into `target` and drops the sources (merging windows). */
  merge(descriptor: MergeableDescriptor, target: string, sources: readonly string[]): void {
    const slots = this.slots(descriptor.name, descriptor.kind);
    switch (descriptor.kind) {
      case 'list':
        slots.mergeArrays(target, sources);
        return;
      case 'reducing':
        slots.mergeAccumulators(target, sources, descriptor.reduceFunction);
        return;
      case 'aggregating':
        slots.mergeAccumulators(target, sources, (a, b) => descriptor.aggregateFunction.merge(a, b));
        return;
    }
  }

  /** List, reducing and aggregating state: values in epoch slots, changed in place when safe. */
  private slots(name: string, kind: 'list' | 'reducing' | 'aggregating'): SlotMap {
    return new SlotMap(this.backing(name, kind) as MapState<string, Slot<unknown>>, this.epochs);
  }

  private backing(name: string, kind: Kind): MapState<unknown, unknown> {
    const known = this.backings.get(name);
    if (known !== undefined) {
      if (known.kind !== kind) {
        throw new WeirError(
          'STATE_DESCRIPTOR_CONFLICT',
          `Window state "${name}" is ${known.kind} state; it cannot also be requested as ${kind} state: give each state its own name`,
        );
      }
      return known.state;
    }
    const state = this.backend.getMapState(new MapStateDescriptor<unknown, unknown>(`${this.prefix}${name}`));
    this.backings.set(name, { kind, state });
    return state;
  }

  private valueState<T>(descriptor: ValueStateDescriptor<T>, namespace: string): ValueState<T> {
    const state = this.backing(descriptor.name, 'value');
    return {
      value: () => (state.contains(namespace) ? (state.get(namespace) as T) : descriptor.defaultValue),
      update: (value) => (value === undefined ? state.remove(namespace) : state.put(namespace, value)),
      clear: () => state.remove(namespace),
    };
  }

  private listState<T>(descriptor: ListStateDescriptor<T>, namespace: string): ListState<T> {
    const slots = this.slots(descriptor.name, 'list');
    return {
      get: () => (slots.get<T[]>(namespace) ?? []).slice(),
      add: (value) => slots.append(namespace, [value]),
      addAll: (values) => slots.append(namespace, values),
      update: (values) => (values.length === 0 ? slots.remove(namespace) : slots.set(namespace, values.slice())),
      clear: () => slots.remove(namespace),
    };
  }

  private mapState<K, V>(descriptor: MapStateDescriptor<K, V>, namespace: string): MapState<K, V> {
    const state = this.backing(descriptor.name, 'map');
    const mine = (): [K, V][] => {
      const entries: [K, V][] = [];
      for (const [compound, value] of state.entries()) {
        const [ns, key] = compound as readonly [string, K];
        if (ns === namespace) entries.push([key, value as V]);
      }
      return entries;
    };
    return {
      get: (key) => state.get([namespace, key]) as V | undefined,
      put: (key, value) => state.put([namespace, key], value),
      putAll: (entries) => {
        for (const [key, value] of entries) state.put([namespace, key], value);
      },
      remove: (key) => state.remove([namespace, key]),
      contains: (key) => state.contains([namespace, key]),
      entries: mine,
      keys: () => mine().map(([key]) => key),
      values: () => mine().map(([, value]) => value),
      isEmpty: () => mine().length === 0,
      clear: () => {
        for (const [key] of mine()) state.remove([namespace, key]);
      },
    };
  }

  private reducingState<T>(descriptor: ReducingStateDescriptor<T>, namespace: string): ReducingState<T> {
    const slots = this.slots(descriptor.name, 'reducing');
    const reduce = descriptor.reduceFunction as (a: unknown, b: unknown) => unknown;
    return {
      get: () => slots.handOut(namespace)?.value as T | undefined,
      add: (value) => slots.fold(namespace, value, undefined, reduce),
      clear: () => slots.remove(namespace),
    };
  }

  private aggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>, namespace: string): AggregatingState<IN, OUT> {
    const slots = this.slots(descriptor.name, 'aggregating');
    const aggregate = descriptor.aggregateFunction;
    return {
      get: () => {
        const accumulator = slots.handOut(namespace);
        return accumulator === undefined ? undefined : aggregate.getResult(accumulator.value as ACC);
      },
      add: (value) => slots.fold(namespace, value, () => aggregate.createAccumulator(), (accumulator, v) => aggregate.add(v as IN, accumulator as ACC)),
      clear: () => slots.remove(namespace),
    };
  }
}
