/**
 * Session windows: an element opens the window `[timestamp, timestamp + gap)`, and
 * windows that overlap or touch merge, so a session ends after `gap` without elements
 * (Flink's EventTimeSessionWindows and ProcessingTimeSessionWindows, with static or
 * per-element dynamic gaps).
 *
 * ```ts
 * clicks.keyBy((c) => c.user).window(EventTimeSessionWindows.withGap(30 * 60_000))
 * clicks.keyBy((c) => c.user).window(EventTimeSessionWindows.withDynamicGap((c) => (c.premium ? 60_000 : 30_000)))
 * ```
 */
import { WeirError } from '../../core/errors.js';
import { missingTimestamp } from './time-window-assigners.js';
import type { Trigger } from './trigger.js';
import { EventTimeTrigger, ProcessingTimeTrigger } from './triggers.js';
import { MergingWindowAssigner, type WindowAssignerContext } from './window-assigner.js';
import { TimeWindow, type MergeCallback, type WindowSerializer } from './windows.js';

/** The gap of an element's session, for dynamic session windows. */
export type SessionWindowTimeGapExtractor<T> = (element: T) => number;

function checkGap(what: string, gap: number): number {
  if (!Number.isSafeInteger(gap) || gap <= 0) {
    throw new WeirError('GRAPH_INVALID', `${what}: the session gap must be a positive number of milliseconds, got ${String(gap)}`);
  }
  return gap;
}

abstract class SessionWindows<T> extends MergingWindowAssigner<T, TimeWindow> {
  protected constructor(
    private readonly gap: SessionWindowTimeGapExtractor<T>,
    private readonly description: string,
  ) {
    super();
  }

  protected windowAt(element: T, time: number): TimeWindow[] {
    return [new TimeWindow(time, time + checkGap(`${this.constructor.name} gap of an element`, this.gap(element)))];
  }

  mergeWindows(windows: readonly TimeWindow[], callback: MergeCallback<TimeWindow>): void {
    TimeWindow.mergeWindows(windows, callback);
  }

  getWindowSerializer(): WindowSerializer<TimeWindow> {
    return TimeWindow.SERIALIZER;
  }

  override toString(): string {
    return `${this.constructor.name}(${this.description})`;
  }
}

export class EventTimeSessionWindows<T = unknown> extends SessionWindows<T> {
  static withGap(gapMs: number): EventTimeSessionWindows {
    checkGap('EventTimeSessionWindows.withGap', gapMs);
    return new EventTimeSessionWindows<unknown>(() => gapMs, String(gapMs));
  }

  static withDynamicGap<T>(extractor: SessionWindowTimeGapExtractor<T>): EventTimeSessionWindows<T> {
    return new EventTimeSessionWindows<T>(extractor, 'dynamic');
  }

  assignWindows(element: T, timestamp: number | undefined, _context?: WindowAssignerContext): TimeWindow[] {
    if (timestamp === undefined) throw missingTimestamp(this.toString());
    return this.windowAt(element, timestamp);
  }

  getDefaultTrigger(): Trigger<T, TimeWindow> {
    return EventTimeTrigger.create();
  }

  isEventTime(): boolean {
    return true;
  }
}

export class ProcessingTimeSessionWindows<T = unknown> extends SessionWindows<T> {
  static withGap(gapMs: number): ProcessingTimeSessionWindows {
    checkGap('ProcessingTimeSessionWindows.withGap', gapMs);
    return new ProcessingTimeSessionWindows<unknown>(() => gapMs, String(gapMs));
  }

  static withDynamicGap<T>(extractor: SessionWindowTimeGapExtractor<T>): ProcessingTimeSessionWindows<T> {
    return new ProcessingTimeSessionWindows<T>(extractor, 'dynamic');
  }

  assignWindows(element: T, _timestamp: number | undefined, context: WindowAssignerContext): TimeWindow[] {
    return this.windowAt(element, context.getCurrentProcessingTime());
  }

  getDefaultTrigger(): Trigger<T, TimeWindow> {
    return ProcessingTimeTrigger.create();
  }

  isEventTime(): boolean {
    return false;
  }
}
