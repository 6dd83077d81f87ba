/**
 * Triggers that fire early and repeatedly, every `interval`, until the window ends
 * (Flink's ContinuousEventTimeTrigger and ContinuousProcessingTimeTrigger). The next
 * firing time lives in the window's state, so it survives checkpoints and merges.
 */
import { WeirError } from '../../core/errors.js';
import { ReducingStateDescriptor } from '../state/state-descriptors.js';
import type { ReducingState } from '../state/state.js';
import { Trigger, TriggerResult, type OnMergeContext, type TriggerContext } from './trigger.js';
import type { Window } from './windows.js';

const min = (a: number, b: number): number => Math.min(a, b);

function checkInterval(what: string, interval: number): void {
  if (!Number.isInteger(interval) || interval < 1) {
    throw new WeirError('GRAPH_INVALID', `${what}.of: expected a positive interval in milliseconds, got ${String(interval)}`);
  }
}

/** Fires every `interval` of event time, and when the watermark passes the window's end. */
export class ContinuousEventTimeTrigger extends Trigger<unknown, Window> {
  private readonly fireTime = new ReducingStateDescriptor<number>('fire-time', min);

  private constructor(private readonly interval: number) {
    super();
  }

  static of(intervalMs: number): ContinuousEventTimeTrigger {
    checkInterval('ContinuousEventTimeTrigger', intervalMs);
    return new ContinuousEventTimeTrigger(intervalMs);
  }

  onElement(_element: unknown, timestamp: number | undefined, window: Window, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) return TriggerResult.FIRE;
    ctx.registerEventTimeTimer(window.maxTimestamp());
    const fireTime = ctx.getPartitionedState(this.fireTime);
    if (fireTime.get() === undefined && timestamp !== undefined) {
      this.registerNext(timestamp - (((timestamp % this.interval) + this.interval) % this.interval), window, ctx, fireTime);
    }
    return TriggerResult.CONTINUE;
  }

  onEventTime(time: number, window: Window, ctx: TriggerContext): TriggerResult {
    if (time === window.maxTimestamp()) return TriggerResult.FIRE;
    const fireTime = ctx.getPartitionedState(this.fireTime);
    if (fireTime.get() !== time) return TriggerResult.CONTINUE;
    fireTime.clear();
    this.registerNext(time, window, ctx, fireTime);
    return TriggerResult.FIRE;
  }

  onProcessingTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  clear(_window: Window, ctx: TriggerContext): void {
    const fireTime = ctx.getPartitionedState(this.fireTime);
    const next = fireTime.get();
    if (next === undefined) return;
    ctx.deleteEventTimeTimer(next);
    fireTime.clear();
  }

  override canMerge(): boolean {
    return true;
  }

  override onMerge(_window: Window, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.fireTime);
    const next = ctx.getPartitionedState(this.fireTime).get();
    if (next !== undefined) ctx.registerEventTimeTimer(next);
  }

  override toString(): string {
    return `ContinuousEventTimeTrigger(${this.interval})`;
  }

  private registerNext(time: number, window: Window, ctx: TriggerContext, fireTime: ReducingState<number>): void {
    const next = Math.min(time + this.interval, window.maxTimestamp());
    fireTime.add(next);
    ctx.registerEventTimeTimer(next);
  }
}

/** Fires every `interval` of processing time while the window has elements. */
export class ContinuousProcessingTimeTrigger extends Trigger<unknown, Window> {
  private readonly fireTime = new ReducingStateDescriptor<number>('fire-time', min);

  private constructor(private readonly interval: number) {
    super();
  }

  static of(intervalMs: number): ContinuousProcessingTimeTrigger {
    checkInterval('ContinuousProcessingTimeTrigger', intervalMs);
    return new ContinuousProcessingTimeTrigger(intervalMs);
  }

  onElement(_element: unknown, _timestamp: number | undefined, window: Window, ctx: TriggerContext): TriggerResult {
    const fireTime = ctx.getPartitionedState(this.fireTime);
    if (fireTime.get() === undefined) {
      const now = ctx.getCurrentProcessingTime();
      this.registerNext(now - (now % this.interval), window, ctx, fireTime);
    }
    return TriggerResult.CONTINUE;
  }

  onEventTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  onProcessingTime(time: number, window: Window, ctx: TriggerContext): TriggerResult {
    const fireTime = ctx.getPartitionedState(this.fireTime);
    if (fireTime.get() !== time) return TriggerResult.CONTINUE;
    fireTime.clear();
    this.registerNext(time, window, ctx, fireTime);
    return TriggerResult.FIRE;
  }

  clear(_window: Window, ctx: TriggerContext): void {
    const fireTime = ctx.getPartitionedState(this.fireTime);
    const next = fireTime.get();
    if (next === undefined) return;
    ctx.deleteProcessingTimeTimer(next);
    fireTime.clear();
  }

  override canMerge(): boolean {
    return true;
  }

  override onMerge(_window: Window, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.fireTime);
    const next = ctx.getPartitionedState(this.fireTime).get();
    if (next !== undefined) ctx.registerProcessingTimeTimer(next);
  }

  override toString(): string {
    return `ContinuousProcessingTimeTrigger(${this.interval})`;
  }

  private registerNext(time: number, window: Window, ctx: TriggerContext, fireTime: ReducingState<number>): void {
    const next = Math.min(time + this.interval, window.maxTimestamp());
    fireTime.add(next);
    ctx.registerProcessingTimeTimer(next);
  }
}
