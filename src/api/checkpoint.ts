/**
 * How user functions take part in checkpoints (Flink's CheckpointedFunction and
 * CheckpointListener), and the stores they get their state from.
 */
import type { AggregatingState, ListState, MapState, ReducingState, State, ValueState } from './state/state.js';
import type {
  AggregatingStateDescriptor,
  AnyStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from './state/state-descriptors.js';

export type CheckpointingMode = 'EXACTLY_ONCE' | 'AT_LEAST_ONCE';

/** Keyed state of the current key; what `RuntimeContext.getState(...)` and friends give. */
export interface KeyedStateStore {
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
}

/** The state a descriptor of any kind names, for code that handles every kind alike. */
export function stateOf(store: KeyedStateStore, descriptor: AnyStateDescriptor): State {
  switch (descriptor.kind) {
    case 'value':
      return store.getState(descriptor);
    case 'list':
      return store.getListState(descriptor);
    case 'map':
      return store.getMapState(descriptor);
    case 'reducing':
      return store.getReducingState(descriptor);
    case 'aggregating':
      return store.getAggregatingState(descriptor);
  }
}

/** State of one parallel instance, redistributed when parallelism changes. */
export interface OperatorStateStore {
  /** Split evenly over the new instances on restore. */
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  /** Every instance gets the whole list on restore. */
  getUnionListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
}

export interface FunctionSnapshotContext {
  readonly checkpointId: number;
  readonly checkpointTimestamp: number;
}

export interface FunctionInitializationContext {
  /** True when the function starts from a checkpoint or savepoint. */
  isRestored(): boolean;
  getOperatorStateStore(): OperatorStateStore;
  /** Only for functions on a keyed stream. */
  getKeyedStateStore(): KeyedStateStore | undefined;
}

/** A function with operator state: it fills its state in snapshotState and reads it back in initializeState. */
export interface CheckpointedFunction {
  snapshotState(context: FunctionSnapshotContext): void | Promise<void>;
  initializeState(context: FunctionInitializationContext): void | Promise<void>;
}

export interface CheckpointListener {
  /** The checkpoint completed everywhere: two-phase-commit sinks commit here. */
  notifyCheckpointComplete?(checkpointId: number): void | Promise<void>;
  notifyCheckpointAborted?(checkpointId: number): void | Promise<void>;
}
