/** The built-in triggers that fire once per window, or every N elements (Flink's). */
import { WeirError } from '../../core/errors.js';
import { ReducingStateDescriptor } from '../state/state-descriptors.js';
import { isFire, Trigger, TriggerResult, type OnMergeContext, type TriggerContext } from './trigger.js';
import type { Window } from './windows.js';

/** Fires when the watermark passes the window's end; the default of event-time assigners. */
export class EventTimeTrigger extends Trigger<unknown, Window> {
  private static readonly INSTANCE = new EventTimeTrigger();

  static create(): EventTimeTrigger {
    return EventTimeTrigger.INSTANCE;
  }

  onElement(_element: unknown, _timestamp: number | undefined, window: Window, ctx: TriggerContext): TriggerResult {
    // A late element (within the allowed lateness) fires its window again at once.
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) return TriggerResult.FIRE;
    ctx.registerEventTimeTimer(window.maxTimestamp());
    return TriggerResult.CONTINUE;
  }

  onEventTime(time: number, window: Window): TriggerResult {
    return time === window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
  }

  onProcessingTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  clear(window: Window, ctx: TriggerContext): void {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
  }

  override canMerge(): boolean {
    return true;
  }

  override onMerge(window: Window, ctx: OnMergeContext): void {
    // A timer already passed would fire nothing but the cleanup, which is registered anyway.
    if (window.maxTimestamp() > ctx.getCurrentWatermark()) ctx.registerEventTimeTimer(window.maxTimestamp());
  }
}

/** Fires when the clock passes the window's end; the default of processing-time assigners. */
export class ProcessingTimeTrigger extends Trigger<unknown, Window> {
  private static readonly INSTANCE = new ProcessingTimeTrigger();

  static create(): ProcessingTimeTrigger {
    return ProcessingTimeTrigger.INSTANCE;
  }

  onElement(_element: unknown, _timestamp: number | undefined, window: Window, ctx: TriggerContext): TriggerResult {
    ctx.registerProcessingTimeTimer(window.maxTimestamp());
    return TriggerResult.CONTINUE;
  }

  onEventTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  onProcessingTime(): TriggerResult {
    return TriggerResult.FIRE;
  }

  clear(window: Window, ctx: TriggerContext): void {
    ctx.deleteProcessingTimeTimer(window.maxTimestamp());
  }

  override canMerge(): boolean {
    return true;
  }

  override onMerge(window: Window, ctx: OnMergeContext): void {
    if (window.maxTimestamp() > ctx.getCurrentProcessingTime()) ctx.registerProcessingTimeTimer(window.maxTimestamp());
  }
}

const sum = (a: number, b: number): number => a + b;

/** Fires every `maxCount` elements of a window (the count lives in the window's state). */
export class CountTrigger extends Trigger<unknown, Window> {
  private readonly count = new ReducingStateDescriptor<number>('count', sum);

  private constructor(private readonly maxCount: number) {
    super();
  }

  static of(maxCount: number): CountTrigger {
    if (!Number.isInteger(maxCount) || maxCount < 1) {
      throw new WeirError('GRAPH_INVALID', `CountTrigger.of: expected a positive integer count, got ${String(maxCount)}`);
    }
    return new CountTrigger(maxCount);
  }

  onElement(_element: unknown, _timestamp: number | undefined, _window: Window, ctx: TriggerContext): TriggerResult {
    const count = ctx.getPartitionedState(this.count);
    count.add(1);
    if ((count.get() ?? 0) < this.maxCount) return TriggerResult.CONTINUE;
    count.clear();
    return TriggerResult.FIRE;
  }

  onEventTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  onProcessingTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  clear(_window: Window, ctx: TriggerContext): void {
    ctx.getPartitionedState(this.count).clear();
  }

  override canMerge(): boolean {
    return true;
  }

  override onMerge(_window: Window, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.count);
  }

  override toString(): string {
    return `CountTrigger(${this.maxCount})`;
  }
}

/** Turns every FIRE of the nested trigger into FIRE_AND_PURGE: each firing sees only new elements. */
export class PurgingTrigger<T, W extends Window> extends Trigger<T, W> {
  private constructor(private readonly nested: Trigger<T, W>) {
    super();
  }

  static of<T, W extends Window>(nested: Trigger<T, W>): PurgingTrigger<T, W> {
    return new PurgingTrigger(nested);
  }

  onElement(element: T, timestamp: number | undefined, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onElement(element, timestamp, window, ctx));
  }

  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onEventTime(time, window, ctx));
  }

  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onProcessingTime(time, window, ctx));
  }

  clear(window: W, ctx: TriggerContext): void {
    this.nested.clear(window, ctx);
  }

  override canMerge(): boolean {
    return this.nested.canMerge();
  }

  override onMerge(window: W, ctx: OnMergeContext): void {
    this.nested.onMerge(window, ctx);
  }

  override toString(): string {
    return `PurgingTrigger(${this.nested.toString()})`;
  }
}

function purging(result: TriggerResult): TriggerResult {
  return isFire(result) ? TriggerResult.FIRE_AND_PURGE : result;
}

/** Never fires: the default of GlobalWindows, which need a trigger of the user's. */
export class NeverTrigger extends Trigger<unknown, Window> {
  private static readonly INSTANCE = new NeverTrigger();

  static create(): NeverTrigger {
    return NeverTrigger.INSTANCE;
  }

  onElement(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  onEventTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  onProcessingTime(): TriggerResult {
    return TriggerResult.CONTINUE;
  }

  clear(): void {}

  override canMerge(): boolean {
    return true;
  }

  override onMerge(): void {}
}
