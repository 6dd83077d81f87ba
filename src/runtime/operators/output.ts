/**
 * How operators hand records and time on inside a task: a synchronous `collect` per
 * record, with no promise and no wrapper object (DESIGN §4). A record's event timestamp
 * travels beside it in the task's TimeContext rather than in a wrapper. Watermarks and
 * idleness follow the same path as records, so they stay in order with them.
 */
export interface Output<T = unknown> {
  collect(value: T): void;
  /** Event time has reached `watermark`: no record with an earlier timestamp follows. */
  emitWatermark(watermark: number): void;
  /** The stream went idle (no records, no watermarks for a while) or active again. */
  emitWatermarkStatus(idle: boolean): void;
}

/** The largest watermark: event time is over (end of a bounded input, or a drain). */
export const MAX_WATERMARK = Number.MAX_SAFE_INTEGER;
/** No watermark yet. */
export const MIN_WATERMARK = Number.MIN_SAFE_INTEGER;

/**
 * The event timestamp of the record being processed, shared by the operators of a task.
 * A source's timestamp assigner sets it; operators that make new records with new times
 * (windows, timers) set it before emitting; everything else leaves it as it came.
 */
export class TimeContext {
  timestamp: number | undefined = undefined;
}

/** Fans records and time out to several outputs: an operator with more than one consumer. */
export class BroadcastingOutput implements Output {
  constructor(private readonly outputs: readonly Output[]) {}

  collect(value: unknown): void {
    const outputs = this.outputs;
    for (let i = 0; i < outputs.length; i++) (outputs[i] as Output).collect(value);
  }

  emitWatermark(watermark: number): void {
    for (const output of this.outputs) output.emitWatermark(watermark);
  }

  emitWatermarkStatus(idle: boolean): void {
    for (const output of this.outputs) output.emitWatermarkStatus(idle);
  }
}

/**
 * An operator's output when it has side outputs: records go to the main output,
 * `collectSide` to the consumers of a tag; watermarks reach all of them.
 */
export class RoutingOutput implements Output {
  constructor(
    readonly main: Output,
    private readonly sides: ReadonlyMap<string, Output>,
  ) {}

  collect(value: unknown): void {
    this.main.collect(value);
  }

  collectSide(tag: string, value: unknown): void {
    this.sides.get(tag)?.collect(value);
  }

  emitWatermark(watermark: number): void {
    this.main.emitWatermark(watermark);
    for (const side of this.sides.values()) side.emitWatermark(watermark);
  }

  emitWatermarkStatus(idle: boolean): void {
    this.main.emitWatermarkStatus(idle);
    for (const side of this.sides.values()) side.emitWatermarkStatus(idle);
  }
}

/** Drops records: the output of an operator nobody consumes. */
export const DISCARDING_OUTPUT: Output = { collect() {}, emitWatermark() {}, emitWatermarkStatus() {} };

/** Sends a record to a side output when the operator has one, and drops it otherwise. */
export function collectSide(output: Output, tag: string, value: unknown): void {
  if (output instanceof RoutingOutput) output.collectSide(tag, value);
}
