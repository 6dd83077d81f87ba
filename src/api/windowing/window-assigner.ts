/**
 * Window assigners put each element into zero or more windows (Flink's WindowAssigner).
 * Merging assigners (sessions) also say how windows merge.
 *
 * ```ts
 * stream.keyBy((c) => c.user).window(TumblingEventTimeWindows.of(60_000)).reduce(...)
 * ```
 */
import type { Trigger } from './trigger.js';
import type { MergeCallback, Window, WindowSerializer } from './windows.js';

export interface WindowAssignerContext {
  getCurrentProcessingTime(): number;
}

export abstract class WindowAssigner<T, W extends Window> {
  /**
   * The windows of an element. `timestamp` is its event timestamp, undefined when the
   * stream has none (processing-time assigners ignore it).
   */
  abstract assignWindows(element: T, timestamp: number | undefined, context: WindowAssignerContext): W[];
  /** The trigger used when the user sets none. */
  abstract getDefaultTrigger(): Trigger<T, W>;
  abstract getWindowSerializer(): WindowSerializer<W>;
  /** Event-time windows end with the watermark, and have late elements and allowed lateness. */
  abstract isEventTime(): boolean;

  toString(): string {
    return this.constructor.name;
  }
}

/** An assigner whose windows can merge into bigger ones as elements arrive (sessions). */
export abstract class MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {
  /** Calls `callback` for every group of `windows` that becomes one window. */
  abstract mergeWindows(windows: readonly W[], callback: MergeCallback<W>): void;
}
