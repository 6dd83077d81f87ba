/**
 * How a source assigns event timestamps and emits watermarks. Sources take one in
 * `fromSource(source, strategy, name)`.
 */
export type TimestampAssigner<T> = (element: T, recordTimestamp: number) => number;

export interface WatermarkStrategySpec {
  readonly kind: 'none' | 'monotonous' | 'bounded-out-of-orderness';
  readonly maxOutOfOrdernessMs: number;
  readonly idlenessMs: number | undefined;
}

export class WatermarkStrategy<T> {
  private constructor(
    readonly spec: WatermarkStrategySpec,
    readonly timestampAssigner: TimestampAssigner<T> | undefined,
  ) {}

  /** No event time: records keep no timestamps and no watermarks flow. */
  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>({ kind: 'none', maxOutOfOrdernessMs: 0, idlenessMs: undefined }, undefined);
  }

  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>({ kind: 'monotonous', maxOutOfOrdernessMs: 0, idlenessMs: undefined }, undefined);
  }

  static forBoundedOutOfOrderness<T>(maxOutOfOrdernessMs: number): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(
      { kind: 'bounded-out-of-orderness', maxOutOfOrdernessMs, idlenessMs: undefined },
      undefined,
    );
  }

  withTimestampAssigner(assigner: TimestampAssigner<T>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(this.spec, assigner);
  }

  withIdleness(idlenessMs: number): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>({ ...this.spec, idlenessMs }, this.timestampAssigner);
  }
}
