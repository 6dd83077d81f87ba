/**
 * The TriggerContext and ProcessWindowContext of the window operator: one object each,
 * pointed at the current key's window before every trigger or function call (as Flink's
 * WindowOperator.Context is). Timers go to the operator's InternalTimerService with the
 * window's id as namespace; state goes to per-window keyed state.
 */
import { stateOf, type KeyedStateStore } from '../../../api/checkpoint.js';
import type { OutputTag } from '../../../api/output-tag.js';
import type {
  AggregatingStateDescriptor,
  AnyStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../api/state/state-descriptors.js';
import type { AggregatingState, ListState, MapState, ReducingState, State, ValueState } from '../../../api/state/state.js';
import type { OnMergeContext } from '../../../api/windowing/trigger.js';
import type { ProcessWindowContext } from '../../../api/windowing/window-functions.js';
import type { Window, WindowSerializer } from '../../../api/windowing/windows.js';
import type { InternalTimerService } from '../../time/internal-timer-service.js';
import { collectSide, type Output } from '../output.js';
import type { NamespacedStateStore } from './namespaced-state.js';

type MergeableDescriptor = ListStateDescriptor<unknown> | ReducingStateDescriptor<unknown> | AggregatingStateDescriptor<unknown, unknown, unknown>;

export class WindowTriggerContext implements OnMergeContext {
  private namespace = '';
  /** The windows being merged into the current one, during onMerge. */
  mergedWindows: readonly Window[] = [];

  constructor(
    private readonly timers: InternalTimerService,
    private readonly states: NamespacedStateStore,
    private readonly serializer: WindowSerializer<Window>,
  ) {}

  /** Points the context at `window` (of the backend's current key). */
  setWindow(window: Window): void {
    this.namespace = this.serializer.id(window);
  }

  getCurrentProcessingTime(): number {
    return Date.now();
  }

  getCurrentWatermark(): number {
    return this.timers.currentWatermark();
  }

  registerEventTimeTimer(time: number): void {
    this.timers.registerEventTimeTimer(this.namespace, time);
  }

  registerProcessingTimeTimer(time: number): void {
    this.timers.registerProcessingTimeTimer(this.namespace, time);
  }

  deleteEventTimeTimer(time: number): void {
    this.timers.deleteEventTimeTimer(this.namespace, time);
  }

  deleteProcessingTimeTimer(time: number): void {
    this.timers.deleteProcessingTimeTimer(this.namespace, time);
  }

  getPartitionedState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getPartitionedState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getPartitionedState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getPartitionedState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getPartitionedState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
  getPartitionedState(descriptor: AnyStateDescriptor): State {
    return stateOf(this.states.store(this.namespace), descriptor);
  }

  mergePartitionedState<T>(descriptor: ListStateDescriptor<T>): void;
  mergePartitionedState<T>(descriptor: ReducingStateDescriptor<T>): void;
  mergePartitionedState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): void;
  mergePartitionedState(descriptor: MergeableDescriptor): void {
    if (this.mergedWindows.length === 0) return;
    this.states.merge(
      descriptor,
      this.namespace,
      this.mergedWindows.map((w) => this.serializer.id(w)),
    );
  }
}

/** What ProcessWindowFunction.process and clear see. */
export class WindowProcessContext implements ProcessWindowContext<Window> {
  private current: Window | undefined;
  private namespace = '';

  constructor(
    private readonly timers: InternalTimerService,
    private readonly states: NamespacedStateStore,
    private readonly keyed: KeyedStateStore,
    private readonly serializer: WindowSerializer<Window>,
    private readonly downstream: Output,
  ) {}

  setWindow(window: Window): void {
    this.current = window;
    this.namespace = this.serializer.id(window);
  }

  window(): Window {
    return this.current as Window;
  }

  currentProcessingTime(): number {
    return Date.now();
  }

  currentWatermark(): number {
    return this.timers.currentWatermark();
  }

  windowState(): KeyedStateStore {
    return this.states.store(this.namespace);
  }

  globalState(): KeyedStateStore {
    return this.keyed;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    collectSide(this.downstream, tag.id, value);
  }
}
