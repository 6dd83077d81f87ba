/**
 * Tumbling and sliding time windows, in event time and processing time (Flink's
 * TumblingEventTimeWindows, SlidingEventTimeWindows, TumblingProcessingTimeWindows,
 * SlidingProcessingTimeWindows). Window starts are aligned to the epoch plus `offset`:
 * `TumblingEventTimeWindows.of(86_400_000, -8 * 3_600_000)` gives the days of UTC+8.
 */
import { WeirError } from '../../core/errors.js';
import { EventTimeTrigger, ProcessingTimeTrigger } from './triggers.js';
import type { Trigger } from './trigger.js';
import { WindowAssigner, type WindowAssignerContext } from './window-assigner.js';
import { TimeWindow, type WindowSerializer } from './windows.js';

function positive(what: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new WeirError('GRAPH_INVALID', `${what}: ${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
}

function offsetWithin(what: string, offset: number, bound: number, boundName: string): void {
  if (!Number.isSafeInteger(offset) || Math.abs(offset) >= bound) {
    throw new WeirError('GRAPH_INVALID', `${what}: the offset must be an integer with abs(offset) < ${boundName} (${bound}), got ${String(offset)}`);
  }
}

/** Every element whose event timestamp needs a window but has none fails with this. */
export function missingTimestamp(assigner: string): WeirError {
  return new WeirError(
    'GRAPH_INVALID',
    `${assigner} needs event timestamps, but a record has none: give the source a WatermarkStrategy with a timestamp assigner ` +
      "(WatermarkStrategy.forBoundedOutOfOrderness(ms).withTimestampAssigner(...)), or use processing-time windows",
  );
}

abstract class TimeWindowAssigner extends WindowAssigner<unknown, TimeWindow> {
  getWindowSerializer(): WindowSerializer<TimeWindow> {
    return TimeWindow.SERIALIZER;
  }
}

function tumbling(time: number, size: number, offset: number): TimeWindow[] {
  const start = TimeWindow.getWindowStartWithOffset(time, offset, size);
  return [new TimeWindow(start, start + size)];
}

function sliding(time: number, size: number, slide: number, offset: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  const lastStart = TimeWindow.getWindowStartWithOffset(time, offset, slide);
  for (let start = lastStart; start > time - size; start -= slide) windows.push(new TimeWindow(start, start + size));
  return windows;
}

export class TumblingEventTimeWindows extends TimeWindowAssigner {
  private constructor(
    readonly size: number,
    readonly offset: number,
  ) {
    super();
  }

  static of(sizeMs: number, offsetMs = 0): TumblingEventTimeWindows {
    positive('TumblingEventTimeWindows.of', 'the size', sizeMs);
    offsetWithin('TumblingEventTimeWindows.of', offsetMs, sizeMs, 'size');
    return new TumblingEventTimeWindows(sizeMs, offsetMs);
  }

  assignWindows(_element: unknown, timestamp: number | undefined, _context?: WindowAssignerContext): TimeWindow[] {
    if (timestamp === undefined) throw missingTimestamp(this.toString());
    return tumbling(timestamp, this.size, this.offset);
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return EventTimeTrigger.create();
  }

  isEventTime(): boolean {
    return true;
  }

  override toString(): string {
    return `TumblingEventTimeWindows(${this.size})`;
  }
}

export class SlidingEventTimeWindows extends TimeWindowAssigner {
  private constructor(
    readonly size: number,
    readonly slide: number,
    readonly offset: number,
  ) {
    super();
  }

  static of(sizeMs: number, slideMs: number, offsetMs = 0): SlidingEventTimeWindows {
    positive('SlidingEventTimeWindows.of', 'the size', sizeMs);
    positive('SlidingEventTimeWindows.of', 'the slide', slideMs);
    offsetWithin('SlidingEventTimeWindows.of', offsetMs, slideMs, 'slide');
    return new SlidingEventTimeWindows(sizeMs, slideMs, offsetMs);
  }

  assignWindows(_element: unknown, timestamp: number | undefined, _context?: WindowAssignerContext): TimeWindow[] {
    if (timestamp === undefined) throw missingTimestamp(this.toString());
    return sliding(timestamp, this.size, this.slide, this.offset);
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return EventTimeTrigger.create();
  }

  isEventTime(): boolean {
    return true;
  }

  override toString(): string {
    return `SlidingEventTimeWindows(${this.size}, ${this.slide})`;
  }
}

export class TumblingProcessingTimeWindows extends TimeWindowAssigner {
  private constructor(
    readonly size: number,
    readonly offset: number,
  ) {
    super();
  }

  static of(sizeMs: number, offsetMs = 0): TumblingProcessingTimeWindows {
    positive('TumblingProcessingTimeWindows.of', 'the size', sizeMs);
    offsetWithin('TumblingProcessingTimeWindows.of', offsetMs, sizeMs, 'size');
    return new TumblingProcessingTimeWindows(sizeMs, offsetMs);
  }

  assignWindows(_element: unknown, _timestamp: number | undefined, context: WindowAssignerContext): TimeWindow[] {
    return tumbling(context.getCurrentProcessingTime(), this.size, this.offset);
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return ProcessingTimeTrigger.create();
  }

  isEventTime(): boolean {
    return false;
  }

  override toString(): string {
    return `TumblingProcessingTimeWindows(${this.size})`;
  }
}

export class SlidingProcessingTimeWindows extends TimeWindowAssigner {
  private constructor(
    readonly size: number,
    readonly slide: number,
    readonly offset: number,
  ) {
    super();
  }

  static of(sizeMs: number, slideMs: number, offsetMs = 0): SlidingProcessingTimeWindows {
    positive('SlidingProcessingTimeWindows.of', 'the size', sizeMs);
    positive('SlidingProcessingTimeWindows.of', 'the slide', slideMs);
    offsetWithin('SlidingProcessingTimeWindows.of', offsetMs, slideMs, 'slide');
    return new SlidingProcessingTimeWindows(sizeMs, slideMs, offsetMs);
  }

  assignWindows(_element: unknown, _timestamp: number | undefined, context: WindowAssignerContext): TimeWindow[] {
    return sliding(context.getCurrentProcessingTime(), this.size, this.slide, this.offset);
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return ProcessingTimeTrigger.create();
  }

  isEventTime(): boolean {
    return false;
  }

  override toString(): string {
    return `SlidingProcessingTimeWindows(${this.size}, ${this.slide})`;
  }
}
