/**
 * User functions. Each may be a plain closure or an object with the same method plus
 * optional `open(ctx)` / `close()` hooks (Flink's rich functions).
 */

import type { MetricGroup } from '../metrics/metric-group.js';
import type { AccumulatorAccess } from './accumulators.js';
import type { KeyedStateStore } from './checkpoint.js';
import type { OutputTag } from './output-tag.js';

/**
 * What a rich function sees of the task it runs in. The state getters give keyed state
 * of the current record's key; they work on keyed streams only (after keyBy).
 */
export interface RuntimeContext extends KeyedStateStore, AccumulatorAccess {
  readonly taskName: string;
  readonly operatorName: string;
  readonly indexOfThisSubtask: number;
  readonly numberOfParallelSubtasks: number;
  readonly maxNumberOfParallelSubtasks: number;
  readonly attemptNumber: number;
  readonly jobId: string;
  /** The job parameters set with `env.getConfig().setGlobalJobParameters(...)`. */
  readonly jobParameters: Readonly<Record<string, string>>;
  /**
   * The metric group of this operator in this subtask: what is registered here is reported
   * with the task's metrics (REST, Prometheus). With `metrics.enabled: false` it records nothing.
   * @example open(ctx) { this.parsed = ctx.getMetricGroup().counter('parsed'); }
   */
  getMetricGroup(): MetricGroup;
}

export interface RichFunction {
  open?(ctx: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** Receives the records a function emits. */
export interface Collector<T> {
  collect(value: T): void;
}

type FunctionOrObject<F extends (...args: never[]) => unknown, K extends string> =
  | F
  | (RichFunction & { [P in K]: F });

export type MapFunction<IN, OUT> = FunctionOrObject<(value: IN) => OUT, 'map'>;
export type FlatMapFunction<IN, OUT> = FunctionOrObject<(value: IN, out: Collector<OUT>) => void, 'flatMap'>;
export type FilterFunction<T> = FunctionOrObject<(value: T) => boolean, 'filter'>;
export type ReduceFunction<T> = FunctionOrObject<(a: T, b: T) => T, 'reduce'>;
export type KeySelector<T, K> = (value: T) => K;

/** `partitionCustom`: picks a partition in `[0, numPartitions)` for a key. */
export type Partitioner<K> = (key: K, numPartitions: number) => number;

/** Time as a process function sees it; timers exist on keyed streams only. */
export interface TimerService {
  currentProcessingTime(): number;
  currentWatermark(): number;
  registerEventTimeTimer(time: number): void;
  registerProcessingTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
}

export type TimeDomain = 'EVENT_TIME' | 'PROCESSING_TIME';

/** What `ProcessFunction.processElement` may do besides emitting. */
export interface ProcessContext {
  readonly runtimeContext: RuntimeContext;
  /** The record's event timestamp, if it has one. */
  timestamp(): number | undefined;
  timerService(): TimerService;
  /** Emits to a side output. */
  output<X>(tag: OutputTag<X>, value: X): void;
}

/** Flink's ProcessFunction: the lowest-level one-input function. */
export abstract class ProcessFunction<IN, OUT> implements RichFunction {
  abstract processElement(value: IN, ctx: ProcessContext, out: Collector<OUT>): void;
  open?(ctx: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** A keyed ProcessFunction: the context also names the current key. */
export interface KeyedProcessContext<K> extends ProcessContext {
  getCurrentKey(): K;
}

export interface OnTimerContext<K> extends KeyedProcessContext<K> {
  timeDomain(): TimeDomain;
}

/** Flink's KeyedProcessFunction: per-key state and timers. */
export abstract class KeyedProcessFunction<K, IN, OUT> implements RichFunction {
  abstract processElement(value: IN, ctx: KeyedProcessContext<K>, out: Collector<OUT>): void;
  /** A timer registered for the current key fired; `timestamp` is the timer's time. */
  onTimer?(timestamp: number, ctx: OnTimerContext<K>, out: Collector<OUT>): void;
  open?(ctx: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** Resolves a function-or-object into a callable bound to its object. */
export function resolveUserFunction<F extends (...args: never[]) => unknown>(fn: unknown, method: string): F {
  if (typeof fn === 'function') return fn as F;
  const member = fn !== null && typeof fn === 'object' ? (fn as Record<string, unknown>)[method] : undefined;
  if (typeof member !== 'function') {
    throw new TypeError(`expected a function or an object with a '${method}' method`);
  }
  return (member as F).bind(fn) as F;
}

/** The object whose `open`/`close` hooks should run, if the user passed one. */
export function richPart(fn: unknown): RichFunction | undefined {
  if (fn !== null && typeof fn === 'object') return fn as RichFunction;
  return undefined;
}
