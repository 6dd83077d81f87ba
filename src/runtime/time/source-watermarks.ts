/**
 * Event time at a source: assigns each record's timestamp and generates watermarks from
 * them as the WatermarkStrategy says, per split when the reader reports splits (Flink's
 * per-split watermarks: the source's watermark is the minimum over its active splits), and
 * marks the source idle when no records came for the idleness timeout.
 */
import type { ReaderOutput } from '../../api/source.js';
import type { TimestampAssigner, WatermarkStrategySpec } from '../../api/watermark-strategy.js';
import { MAX_WATERMARK, MIN_WATERMARK, type Output, type TimeContext } from '../operators/output.js';

class SplitWatermark {
  maxTimestamp = MIN_WATERMARK;
  lastActivity = Date.now();
  idle = false;
}

/** The ReaderOutput a reader writes to: timestamps and watermark bookkeeping on the way into the chain. */
export class SourceTimeOutput implements ReaderOutput<unknown> {
  private readonly splits = new Map<string, SplitWatermark>();
  private readonly main = new SplitWatermark();
  private emitted = MIN_WATERMARK;
  private idle = false;
  readonly eventTime: boolean;

  constructor(
    private readonly output: Output,
    private readonly time: TimeContext,
    private readonly spec: WatermarkStrategySpec,
    private readonly assigner: TimestampAssigner<unknown> | undefined,
  ) {
    this.eventTime = spec.kind !== 'none' || assigner !== undefined;
  }

  collect(value: unknown, timestamp?: number): void {
    this.emit(this.main, value, timestamp);
  }

  /** A reader that tracks splits emits each split's records through its own output. */
  createOutputForSplit(splitId: string): ReaderOutput<unknown> {
    let split = this.splits.get(splitId);
    if (split === undefined) {
      split = new SplitWatermark();
      this.splits.set(splitId, split);
    }
    const tracked = split;
    return { collect: (value: unknown, timestamp?: number) => this.emit(tracked, value, timestamp) };
  }

  releaseOutputForSplit(splitId: string): void {
    this.splits.delete(splitId);
  }

  /** The periodic watermark emission (every pipeline.auto-watermark-interval). */
  onPeriodicEmit(): void {
    if (this.spec.kind === 'none') return;
    const idleness = this.spec.idlenessMs;
    const now = Date.now();
    const tracked = this.splits.size > 0 ? [...this.splits.values()] : [this.main];
    if (idleness !== undefined) for (const split of tracked) if (now - split.lastActivity >= idleness) split.idle = true;
    const active = tracked.filter((s) => !s.idle);
    if (active.length === 0) {
      if (idleness !== undefined) this.setIdle(true);
      return;
    }
    this.setIdle(false);
    const maxTimestamp = Math.min(...active.map((s) => s.maxTimestamp));
    if (maxTimestamp === MIN_WATERMARK) return;
    const watermark = maxTimestamp - this.spec.maxOutOfOrdernessMs - 1;
    if (watermark > this.emitted) {
      this.emitted = watermark;
      this.output.emitWatermark(watermark);
    }
  }

  /** The input ended: event time is over for this source. */
  endOfInput(): void {
    this.setIdle(false);
    if (this.emitted < MAX_WATERMARK) {
      this.emitted = MAX_WATERMARK;
      this.output.emitWatermark(MAX_WATERMARK);
    }
  }

  private emit(split: SplitWatermark, value: unknown, recordTimestamp: number | undefined): void {
    const assigner = this.assigner;
    const timestamp = assigner !== undefined ? assigner(value, recordTimestamp ?? MIN_WATERMARK) : recordTimestamp;
    this.time.timestamp = timestamp;
    if (timestamp !== undefined && timestamp > split.maxTimestamp) split.maxTimestamp = timestamp;
    if (this.spec.idlenessMs !== undefined) {
      split.lastActivity = Date.now();
      split.idle = false;
      if (this.idle) this.setIdle(false);
    }
    this.output.collect(value);
  }

  private setIdle(idle: boolean): void {
    if (this.idle === idle) return;
    this.idle = idle;
    this.output.emitWatermarkStatus(idle);
  }
}
