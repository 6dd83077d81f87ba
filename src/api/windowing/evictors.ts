/**
 * Evictors remove elements from a window before and/or after its function runs (Flink's
 * Evictor, CountEvictor, TimeEvictor, DeltaEvictor). A window with an evictor keeps every
 * element (no incremental aggregation), since any of them may have to go.
 *
 * ```ts
 * stream.keyBy(k).window(GlobalWindows.create()).trigger(CountTrigger.of(10)).evictor(CountEvictor.of(100))
 * ```
 */
import { WeirError } from '../../core/errors.js';
import type { Window } from './windows.js';

/** An element of a window with its event timestamp (undefined without event time). */
export interface TimestampedValue<T> {
  readonly value: T;
  readonly timestamp: number | undefined;
}

export interface EvictorContext {
  getCurrentProcessingTime(): number;
  getCurrentWatermark(): number;
}

/**
 * Removes elements from `elements` in place (splice); what is left is what the window
 * function sees (evictBefore) or what the window keeps (evictAfter).
 */
export interface Evictor<T, W extends Window> {
  evictBefore(elements: TimestampedValue<T>[], size: number, window: W, context: EvictorContext): void;
  evictAfter(elements: TimestampedValue<T>[], size: number, window: W, context: EvictorContext): void;
}

/** Keeps the elements for which `keep` holds, in order, in place. */
function retain<T>(elements: TimestampedValue<T>[], keep: (element: TimestampedValue<T>) => boolean): void {
  let kept = 0;
  for (const element of elements) if (keep(element)) elements[kept++] = element;
  elements.length = kept;
}

abstract class BeforeOrAfterEvictor<T> implements Evictor<T, Window> {
  protected constructor(private readonly doEvictAfter: boolean) {}

  evictBefore(elements: TimestampedValue<T>[], size: number, _window: Window, context: EvictorContext): void {
    if (!this.doEvictAfter) this.evict(elements, size, context);
  }

  evictAfter(elements: TimestampedValue<T>[], size: number, _window: Window, context: EvictorContext): void {
    if (this.doEvictAfter) this.evict(elements, size, context);
  }

  protected abstract evict(elements: TimestampedValue<T>[], size: number, context: EvictorContext): void;
}

/** Keeps the last `maxCount` elements (in the order they arrived). */
export class CountEvictor extends BeforeOrAfterEvictor<unknown> {
  private constructor(
    private readonly maxCount: number,
    doEvictAfter: boolean,
  ) {
    super(doEvictAfter);
  }

  static of(maxCount: number, doEvictAfter = false): CountEvictor {
    if (!Number.isInteger(maxCount) || maxCount < 0) {
      throw new WeirError('GRAPH_INVALID', `CountEvictor.of: expected a non-negative integer count, got ${String(maxCount)}`);
    }
    return new CountEvictor(maxCount, doEvictAfter);
  }

  protected evict(elements: TimestampedValue<unknown>[], size: number): void {
    if (size > this.maxCount) elements.splice(0, size - this.maxCount);
  }
}

/** Keeps the elements within `windowSize` of the newest element's timestamp. */
export class TimeEvictor extends BeforeOrAfterEvictor<unknown> {
  private constructor(
    private readonly windowSize: number,
    doEvictAfter: boolean,
  ) {
    super(doEvictAfter);
  }

  static of(windowSizeMs: number, doEvictAfter = false): TimeEvictor {
    if (!Number.isSafeInteger(windowSizeMs) || windowSizeMs < 0) {
      throw new WeirError('GRAPH_INVALID', `TimeEvictor.of: expected a non-negative size in milliseconds, got ${String(windowSizeMs)}`);
    }
    return new TimeEvictor(windowSizeMs, doEvictAfter);
  }

  protected evict(elements: TimestampedValue<unknown>[]): void {
    // Without event timestamps there is nothing to measure against: keep everything.
    if (elements.length === 0 || elements[0]?.timestamp === undefined) return;
    let newest = Number.NEGATIVE_INFINITY;
    for (const element of elements) if (element.timestamp !== undefined && element.timestamp > newest) newest = element.timestamp;
    const cutoff = newest - this.windowSize;
    retain(elements, (element) => element.timestamp === undefined || element.timestamp > cutoff);
  }
}

/** The distance between two elements, for DeltaEvictor. */
export type DeltaFunction<T> = (oldPoint: T, newPoint: T) => number;

/** Keeps the elements whose delta to the last element is below `threshold`. */
export class DeltaEvictor<T> extends BeforeOrAfterEvictor<T> {
  private constructor(
    private readonly threshold: number,
    private readonly delta: DeltaFunction<T>,
    doEvictAfter: boolean,
  ) {
    super(doEvictAfter);
  }

  static of<T>(threshold: number, delta: DeltaFunction<T>, doEvictAfter = false): DeltaEvictor<T> {
    return new DeltaEvictor(threshold, delta, doEvictAfter);
  }

  protected evict(elements: TimestampedValue<T>[]): void {
    const last = elements[elements.length - 1];
    if (last === undefined) return;
    retain(elements, (element) => this.delta(element.value, last.value) < this.threshold);
  }
}
