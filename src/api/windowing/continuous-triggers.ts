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

/**
 * The firing-time bookkeeping both continuous triggers share; they differ only in
 * which clock their timers run on.
 */
abstract class ContinuousTrigger extends Trigger<unknown, Window> {
  private readonly fireTime = new ReducingStateDescriptor<number>('fire-time', min);

  protected constructor(protected readonly interval: number) {
    super();
  }

  protected abstract registerTimer(ctx: TriggerContext, time: number): void;
  protected abstract deleteTimer(ctx: TriggerContext, time: number): void;

  /** Starts the firing schedule at the interval boundary at or before `time`, once per window. */
  protected startSchedule(time: number, window: Window, ctx: TriggerContext): void {
    const fireTime = ctx.getPartitionedState(this.fireTime);
    if (fireTime.get() !== undefined) return;
    this.registerNext(time - (((time % this.interval) + this.interval) % this.interval), window, ctx, fireTime);
  }

  /** FIRE when `time` is the scheduled firing, after scheduling the next one. */
  protected onScheduledTime(time: number, window: Window, ctx: TriggerContext): TriggerResult {
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
    this.deleteTimer(ctx, next);
    fireTime.clear();
  }

  override canMerge(): boolean {
    return true;
  }

  override onMerge(_window: Window, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.fireTime);
    const next = ctx.getPartitionedState(this.fireTime).get();
    if (next !== undefined) this.registerTimer(ctx, next);
  }

  private registerNext(time: number, window: Window, ctx: TriggerContext, fireTime: ReducingState<number>): void {
    const next = Math.min(time + this.interval, window.maxTimestamp());
    fireTime.add(next);
    this.registerTimer(ctx, next);
  }
}

/** Fires every `interval` of event time, and when the watermark passes the window's end. */
export class ContinuousEventTimeTrigger extends ContinuousTrigger {
  static of(intervalMs: number): ContinuousEventTimeTrigger {
    checkInterval('ContinuousEventTimeTrigger', intervalMs);
    return new ContinuousEventTimeTrigger(intervalMs);
  }

  onElement(_element: unknown, timestamp: number | undefined, window: Window, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) return TriggerResult.FIRE;
    ctx.registerEventTimeTimer(window.maxTimestamp());
    if (timestamp !== undefined) this.startSchedule(timestamp, window, ctx);
    return TriggerResult.CONTINUE;
  }

  onEventTime(time: number, window: Window, ctx: TriggerContext): TriggerResult {
    if (time === window.maxTimestamp()) return TriggerResult.FIRE;
    return this.onScheduledTime(time, window, ctx);
  }

  onProcessingTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  protected registerTimer(ctx: TriggerContext, time: number): void {
    ctx.registerEventTimeTimer(time);
  }

  protected deleteTimer(ctx: TriggerContext, time: number): void {
    ctx.deleteEventTimeTimer(time);
  }

  override toString(): string {
    return `ContinuousEventTimeTrigger(${this.interval})`;
  }
}

/** Fires every `interval` of processing time while the window has elements. */
export class ContinuousProcessingTimeTrigger extends ContinuousTrigger {
  static of(intervalMs: number): ContinuousProcessingTimeTrigger {
    checkInterval('ContinuousProcessingTimeTrigger', intervalMs);
    return new ContinuousProcessingTimeTrigger(intervalMs);
  }

  onElement(_element: unknown, _timestamp: number | undefined, window: Window, ctx: TriggerContext): TriggerResult {
    this.startSchedule(ctx.getCurrentProcessingTime(), window, ctx);
    return TriggerResult.CONTINUE;
  }

  onEventTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  onProcessingTime(time: number, window: Window, ctx: TriggerContext): TriggerResult {
    return this.onScheduledTime(time, window, ctx);
  }

  protected registerTimer(ctx: TriggerContext, time: number): void {
    ctx.registerProcessingTimeTimer(time);
  }

  protected deleteTimer(ctx: TriggerContext, time: number): void {
    ctx.deleteProcessingTimeTimer(time);
  }

  override toString(): string {
    return `ContinuousProcessingTimeTrigger(${this.interval})`;
  }
}
