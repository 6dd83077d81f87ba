/**
 * Flink's WindowOperator (and EvictingWindowOperator): assigns each element of a keyed
 * stream to windows, keeps their contents in keyed state, asks the trigger when to fire,
 * emits the window function's results with the window's max timestamp, and drops a
 * window's state when its cleanup time (end + allowed lateness) passes.
 *
 * State layout, per key (all keyed state, so checkpointed and rescaled by key group):
 * - `_window-contents`: MapState window id → elements or accumulator (window-contents.ts)
 * - `_window-merging`: MapState window id → state window id, for merging assigners
 * - `_window-state-<name>`: per-window state of triggers and of windowState()
 * - `_timers-{event,processing}-window`: the trigger and cleanup timers, namespaced by window id
 */
import type { FunctionSnapshotContext } from '../../../api/checkpoint.js';
import { MapStateDescriptor } from '../../../api/state/state-descriptors.js';
import type { MapState } from '../../../api/state/state.js';
import type { Evictor, EvictorContext } from '../../../api/windowing/evictors.js';
import type { InternalWindowFunction } from '../../../api/windowing/internal-window-function.js';
import { isFire, isPurge, type Trigger } from '../../../api/windowing/trigger.js';
import { MergingWindowAssigner, type WindowAssigner, type WindowAssignerContext } from '../../../api/windowing/window-assigner.js';
import type { WindowOperatorSpec } from '../../../api/windowing/window-operator-spec.js';
import { MAX_TIMESTAMP, type Window, type WindowSerializer } from '../../../api/windowing/windows.js';
import { WeirError } from '../../../core/errors.js';
import type { KeyedStateBackend } from '../../state/state-backend.js';
import { InternalTimerService, type Timer, type TimerDomain } from '../../time/internal-timer-service.js';
import { UserFunctionOperator, type OperatorEnvironment } from '../basic-operators.js';
import { collectSide, type Output } from '../output.js';
import { userFailure } from '../user-failure.js';
import { MergingWindowSet } from './merging-window-set.js';
import { NamespacedStateStore } from './namespaced-state.js';
import { SnapshotEpochs } from './snapshot-epochs.js';
import { createWindowContents, type EvictableContents, type WindowContents } from './window-contents.js';
import { WindowProcessContext, WindowTriggerContext } from './window-trigger-context.js';

export class WindowOperator extends UserFunctionOperator {
  private readonly backend: KeyedStateBackend;
  private readonly timers: InternalTimerService;
  private readonly epochs = new SnapshotEpochs();
  private readonly contents: WindowContents;
  private readonly keySelector: (value: unknown) => unknown;
  private readonly assigner: WindowAssigner<unknown, Window>;
  private readonly merging: MergingWindowAssigner<unknown, Window> | undefined;
  private readonly mergingState: MapState<string, string> | undefined;
  private readonly serializer: WindowSerializer<Window>;
  private readonly trigger: Trigger<unknown, Window>;
  private readonly evictor: Evictor<unknown, Window> | undefined;
  private readonly windowFunction: InternalWindowFunction;
  private readonly eventTime: boolean;
  private readonly lateness: number;
  private readonly lateDataTag: string | undefined;
  private readonly triggerContext: WindowTriggerContext;
  private readonly processContext: WindowProcessContext;
  private readonly assignerContext: WindowAssignerContext = { getCurrentProcessingTime: () => Date.now() };
  private readonly evictorContext: EvictorContext;

  constructor(name: string, spec: WindowOperatorSpec, output: Output, environment: OperatorEnvironment) {
    super(name, output, environment, spec.userFunction);
    environment.state.keyedStore();
    this.backend = environment.state.keyed as KeyedStateBackend;
    this.keySelector = spec.keySelector;
    this.assigner = spec.assigner;
    this.merging = spec.assigner instanceof MergingWindowAssigner ? spec.assigner : undefined;
    this.serializer = spec.assigner.getWindowSerializer();
    this.trigger = spec.trigger;
    this.evictor = spec.evictor;
    this.windowFunction = spec.windowFunction;
    this.eventTime = spec.assigner.isEventTime();
    this.lateness = spec.allowedLatenessMs;
    this.lateDataTag = spec.lateDataTag;
    this.contents = createWindowContents(spec.contents, this.backend, this.epochs, spec.evictor !== undefined);
    this.mergingState =
      this.merging === undefined ? undefined : this.backend.getMapState(new MapStateDescriptor<string, string>('_window-merging'));
    this.timers = new InternalTimerService('window', this.backend, (timer, domain) => this.onTimer(timer, domain), environment.scheduleOnTask);
    const windowStates = new NamespacedStateStore(this.backend, this.epochs, '_window-state-');
    this.triggerContext = new WindowTriggerContext(this.timers, windowStates, this.serializer);
    this.processContext = new WindowProcessContext(this.timers, windowStates, this.backend, this.serializer, output);
    this.evictorContext = { getCurrentProcessingTime: () => Date.now(), getCurrentWatermark: () => this.timers.currentWatermark() };
  }

  collect(value: unknown): void {
    const timestamp = this.time.timestamp;
    try {
      const key = this.keySelector(value);
      this.backend.setCurrentKey(key);
      const windows = this.assigner.assignWindows(value, timestamp, this.assignerContext);
      const handled = this.merging === undefined ? this.addToWindows(key, value, timestamp, windows) : this.addToMergingWindows(key, value, timestamp, windows);
      if (!handled && this.isElementLate(timestamp) && this.lateDataTag !== undefined) collectSide(this.downstream, this.lateDataTag, value);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }

  override emitWatermark(watermark: number): void {
    try {
      this.timers.advanceWatermark(watermark);
    } catch (error) {
      throw userFailure(this.name, error);
    }
    super.emitWatermark(watermark);
  }

  override async snapshotState(context: FunctionSnapshotContext): Promise<void> {
    this.epochs.advance();
    await super.snapshotState(context);
  }

  override async close(): Promise<void> {
    this.timers.dispose();
    await super.close();
  }

  /** Returns false when every window was already late (the element was skipped). */
  private addToWindows(key: unknown, value: unknown, timestamp: number | undefined, windows: readonly Window[]): boolean {
    let handled = false;
    for (const window of windows) {
      if (this.isWindowLate(window)) continue;
      handled = true;
      this.addAndTrigger(key, window, this.serializer.id(window), value, timestamp);
    }
    return handled;
  }

  private addToMergingWindows(key: unknown, value: unknown, timestamp: number | undefined, windows: readonly Window[]): boolean {
    const set = this.mergingWindowSet();
    let handled = false;
    for (const window of windows) {
      const actual = set.addWindow(window, (mergeResult, mergedWindows, stateWindowResult, mergedStateWindows) =>
        this.onMerge(mergeResult, mergedWindows, stateWindowResult, mergedStateWindows),
      );
      if (this.isWindowLate(actual)) {
        set.retireWindow(actual);
        continue;
      }
      handled = true;
      const stateWindow = set.getStateWindow(actual);
      if (stateWindow === undefined) throw new Error(`window ${this.serializer.id(actual)} is not in flight after adding it`);
      this.addAndTrigger(key, actual, stateWindow, value, timestamp);
    }
    set.persist();
    return handled;
  }

  private addAndTrigger(key: unknown, window: Window, stateWindow: string, value: unknown, timestamp: number | undefined): void {
    this.contents.add(stateWindow, value, timestamp);
    this.triggerContext.setWindow(window);
    const result = this.trigger.onElement(value, timestamp, window, this.triggerContext);
    if (isFire(result)) this.fire(key, window, stateWindow);
    if (isPurge(result)) this.contents.clear(stateWindow);
    this.registerCleanupTimer(window);
  }

  private onMerge(mergeResult: Window, mergedWindows: readonly Window[], stateWindowResult: string, mergedStateWindows: readonly string[]): void {
    if (this.eventTime && this.cleanupTime(mergeResult) <= this.timers.currentWatermark()) {
      throw new WeirError(
        'USER_FUNCTION_FAILED',
        `merging made event-time window ${mergeResult.toString()} end before the current watermark ${this.timers.currentWatermark()}: ` +
          'a merging window assigner must not shrink windows',
      );
    }
    this.triggerContext.setWindow(mergeResult);
    this.triggerContext.mergedWindows = mergedWindows;
    try {
      this.trigger.onMerge(mergeResult, this.triggerContext);
    } finally {
      this.triggerContext.mergedWindows = [];
    }
    for (const merged of mergedWindows) {
      this.triggerContext.setWindow(merged);
      this.trigger.clear(merged, this.triggerContext);
      this.deleteCleanupTimer(merged);
    }
    this.contents.merge(stateWindowResult, mergedStateWindows);
  }

  /** A timer of the trigger's or a cleanup timer: the backend's current key is the timer's. */
  private onTimer(timer: Timer, domain: TimerDomain): void {
    const window = this.serializer.parse(timer.namespace);
    let set: MergingWindowSet<Window> | undefined;
    let stateWindow = timer.namespace;
    if (this.merging !== undefined) {
      set = this.mergingWindowSet();
      const found = set.getStateWindow(window);
      // The window merged away or was dropped, and a trigger left a timer behind.
      if (found === undefined) return;
      stateWindow = found;
    }
    this.triggerContext.setWindow(window);
    const result =
      domain === 'EVENT_TIME'
        ? this.trigger.onEventTime(timer.timestamp, window, this.triggerContext)
        : this.trigger.onProcessingTime(timer.timestamp, window, this.triggerContext);
    if (isFire(result)) this.fire(timer.key, window, stateWindow);
    if (isPurge(result)) this.contents.clear(stateWindow);
    if (this.eventTime === (domain === 'EVENT_TIME') && timer.timestamp === this.cleanupTime(window)) {
      this.clearAllState(window, stateWindow, set);
    }
    set?.persist();
  }

  /** Runs the window function over the window's contents; results carry the window's max timestamp. */
  private fire(key: unknown, window: Window, stateWindow: string): void {
    const evictor = this.evictor;
    const previous = this.time.timestamp;
    this.time.timestamp = window.maxTimestamp();
    this.processContext.setWindow(window);
    try {
      if (evictor === undefined) {
        const input = this.contents.get(stateWindow);
        if (input !== undefined) this.windowFunction.process(key, window, this.processContext, input, this.downstream);
        return;
      }
      const contents = this.contents as EvictableContents;
      const elements = contents.getTimestamped(stateWindow);
      if (elements === undefined) return;
      evictor.evictBefore(elements, elements.length, window, this.evictorContext);
      this.windowFunction.process(
        key,
        window,
        this.processContext,
        elements.map((element) => element.value),
        this.downstream,
      );
      evictor.evictAfter(elements, elements.length, window, this.evictorContext);
      contents.replace(stateWindow, elements);
    } finally {
      this.time.timestamp = previous;
    }
  }

  private clearAllState(window: Window, stateWindow: string, set: MergingWindowSet<Window> | undefined): void {
    this.contents.clear(stateWindow);
    this.triggerContext.setWindow(window);
    this.trigger.clear(window, this.triggerContext);
    this.processContext.setWindow(window);
    this.windowFunction.clear(window, this.processContext);
    set?.retireWindow(window);
  }

  private mergingWindowSet(): MergingWindowSet<Window> {
    return new MergingWindowSet(this.merging as MergingWindowAssigner<unknown, Window>, this.serializer, this.mergingState as MapState<string, string>);
  }

  /** When a window's state goes: its end plus the allowed lateness in event time, its end in processing time. */
  private cleanupTime(window: Window): number {
    const end = window.maxTimestamp();
    if (!this.eventTime) return end;
    return Math.min(end + this.lateness, MAX_TIMESTAMP);
  }

  private registerCleanupTimer(window: Window): void {
    const time = this.cleanupTime(window);
    // A window that ends with time itself (GlobalWindow) never needs cleaning up.
    if (time >= MAX_TIMESTAMP) return;
    this.triggerContext.setWindow(window);
    if (this.eventTime) this.triggerContext.registerEventTimeTimer(time);
    else this.triggerContext.registerProcessingTimeTimer(time);
  }

  private deleteCleanupTimer(window: Window): void {
    const time = this.cleanupTime(window);
    if (time >= MAX_TIMESTAMP) return;
    this.triggerContext.setWindow(window);
    if (this.eventTime) this.triggerContext.deleteEventTimeTimer(time);
    else this.triggerContext.deleteProcessingTimeTimer(time);
  }

  private isWindowLate(window: Window): boolean {
    return this.eventTime && this.cleanupTime(window) <= this.timers.currentWatermark();
  }

  private isElementLate(timestamp: number | undefined): boolean {
    return this.eventTime && timestamp !== undefined && timestamp + this.lateness <= this.timers.currentWatermark();
  }
}
