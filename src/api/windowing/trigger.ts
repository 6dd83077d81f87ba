/**
 * Triggers decide when a window's function runs (Flink's Trigger). Each window of each key
 * has its own trigger context: timers and state set through it belong to that window and
 * are dropped with it.
 *
 * ```ts
 * class EveryTenOrAtTheEnd extends Trigger<Click, TimeWindow> {
 *   private readonly count = new ReducingStateDescriptor<number>('count', (a, b) => a + b);
 *   onElement(_e: Click, _t: number | undefined, window: TimeWindow, ctx: TriggerContext) {
 *     ctx.registerEventTimeTimer(window.maxTimestamp());
 *     const count = ctx.getPartitionedState(this.count);
 *     count.add(1);
 *     return (count.get() ?? 0) % 10 === 0 ? TriggerResult.FIRE : TriggerResult.CONTINUE;
 *   }
 *   onEventTime(time: number, window: TimeWindow) {
 *     return time === window.maxTimestamp() ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE;
 *   }
 *   onProcessingTime() { return TriggerResult.CONTINUE; }
 *   clear(window: TimeWindow, ctx: TriggerContext) {
 *     ctx.deleteEventTimeTimer(window.maxTimestamp());
 *     ctx.getPartitionedState(this.count).clear();
 *   }
 * }
 * ```
 */
import { WeirError } from '../../core/errors.js';
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../state/state-descriptors.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/state.js';
import type { Window } from './windows.js';

/** What a trigger decides: FIRE runs the window function, PURGE drops the window's contents. */
export const TriggerResult = {
  CONTINUE: 'CONTINUE',
  FIRE: 'FIRE',
  PURGE: 'PURGE',
  FIRE_AND_PURGE: 'FIRE_AND_PURGE',
} as const;
export type TriggerResult = (typeof TriggerResult)[keyof typeof TriggerResult];

export function isFire(result: TriggerResult): boolean {
  return result === 'FIRE' || result === 'FIRE_AND_PURGE';
}

export function isPurge(result: TriggerResult): boolean {
  return result === 'PURGE' || result === 'FIRE_AND_PURGE';
}

/** Timers and state of the window a trigger method was called for. */
export interface TriggerContext {
  getCurrentProcessingTime(): number;
  getCurrentWatermark(): number;
  registerEventTimeTimer(time: number): void;
  registerProcessingTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
  /** State of this key and this window. */
  getPartitionedState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getPartitionedState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getPartitionedState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getPartitionedState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getPartitionedState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
}

export interface OnMergeContext extends TriggerContext {
  /** Folds the state of the windows being merged into the merged window's (list, reducing, aggregating). */
  mergePartitionedState<T>(descriptor: ListStateDescriptor<T>): void;
  mergePartitionedState<T>(descriptor: ReducingStateDescriptor<T>): void;
  mergePartitionedState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): void;
}

export abstract class Trigger<T, W extends Window> {
  /** Called for every element added to a window. */
  abstract onElement(element: T, timestamp: number | undefined, window: W, ctx: TriggerContext): TriggerResult;
  /** A processing-time timer this trigger set for the window fired. */
  abstract onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  /** An event-time timer this trigger set for the window fired. */
  abstract onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  /** The window is gone: delete its timers and state. */
  abstract clear(window: W, ctx: TriggerContext): void;

  /** Whether the trigger works with merging (session) windows. */
  canMerge(): boolean {
    return false;
  }

  /** Windows merged into `window`: set the timers the merged window needs, merge state. */
  onMerge(_window: W, _ctx: OnMergeContext): void {
    throw new WeirError('GRAPH_INVALID', `${this.toString()} does not support merging windows`);
  }

  toString(): string {
    return this.constructor.name;
  }
}
