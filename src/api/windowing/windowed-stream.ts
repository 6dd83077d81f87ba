/**
 * A keyed stream cut into windows (Flink's WindowedStream): `keyBy(...).window(assigner)`,
 * optionally with a trigger, an evictor, allowed lateness and a side output for late
 * data, finished by the function that runs per window.
 *
 * ```ts
 * clicks
 *   .keyBy((c) => c.user)
 *   .window(TumblingEventTimeWindows.of(60_000))
 *   .allowedLateness(10_000)
 *   .sideOutputLateData(lateClicks)
 *   .aggregate(countClicks, new WithWindowEnd());
 * ```
 */
import { WeirError } from '../../core/errors.js';
import { compare, fieldAccess, type FieldExpression } from '../aggregations.js';
import { SingleOutputStreamOperator, type KeyedStream } from '../data-stream.js';
import { resolveUserFunction, type ReduceFunction } from '../functions.js';
import type { OutputTag } from '../output-tag.js';
import type { AggregateFunction } from '../state/state.js';
import type { Evictor } from './evictors.js';
import {
  aggregateWhenFiring,
  keyedWindowFunction,
  PASS_THROUGH,
  reduceWhenFiring,
  type InternalWindowFunction,
} from './internal-window-function.js';
import type { Trigger } from './trigger.js';
import { MergingWindowAssigner, type WindowAssigner } from './window-assigner.js';
import type { ProcessWindowFunction, WindowFunction } from './window-functions.js';
import type { WindowContentsSpec, WindowOperatorSpec } from './window-operator-spec.js';
import type { Window } from './windows.js';

/** What ends a windowed stream: per-window function with or without pre-aggregation. */
type ResultFunction<IN, OUT, K, W extends Window> = WindowFunction<IN, OUT, K, W> | ProcessWindowFunction<IN, OUT, K, W>;

export class WindowedStream<T, K, W extends Window> {
  private windowTrigger: Trigger<T, W>;
  private windowEvictor: Evictor<T, W> | undefined;
  private lateness = 0;
  private lateDataTag: string | undefined;

  constructor(
    readonly input: KeyedStream<T, K>,
    readonly assigner: WindowAssigner<T, W>,
    /** `AllWindow` for windowAll, whose key is a constant. */
    private readonly kindName = 'Window',
  ) {
    this.windowTrigger = assigner.getDefaultTrigger();
  }

  /** Replaces the assigner's default trigger. */
  trigger(trigger: Trigger<T, W>): this {
    if (this.assigner instanceof MergingWindowAssigner && !trigger.canMerge()) {
      throw new WeirError(
        'GRAPH_INVALID',
        `${trigger.toString()} does not support merging, so it cannot be used with ${this.assigner.toString()}: implement canMerge() and onMerge() in the trigger`,
      );
    }
    this.windowTrigger = trigger;
    return this;
  }

  /** Removes elements before and/or after the window function runs; the window then keeps every element. */
  evictor(evictor: Evictor<T, W>): this {
    this.windowEvictor = evictor;
    return this;
  }

  /**
   * Keeps event-time windows `ms` past their end: late elements within it fire the window
   * again with everything so far. Processing-time windows ignore it.
   */
  allowedLateness(ms: number): this {
    if (!Number.isSafeInteger(ms) || ms < 0) {
      throw new WeirError('GRAPH_INVALID', `allowedLateness: expected a non-negative number of milliseconds, got ${String(ms)}`);
    }
    this.lateness = ms;
    return this;
  }

  /** Elements later than the allowed lateness go to this side output instead of being dropped. */
  sideOutputLateData(tag: OutputTag<T>): this {
    this.lateDataTag = tag.id;
    return this;
  }

  /** Folds each window's elements into one as they arrive, and emits it when the window fires. */
  reduce(fn: ReduceFunction<T>): SingleOutputStreamOperator<T>;
  reduce<R>(fn: ReduceFunction<T>, windowFunction: ResultFunction<T, R, K, W>): SingleOutputStreamOperator<R>;
  reduce<R>(fn: ReduceFunction<T>, windowFunction?: ResultFunction<T, R, K, W>): SingleOutputStreamOperator<R> {
    return this.reduceWith(fn, windowFunction === undefined ? PASS_THROUGH : keyed(windowFunction), windowFunction ?? fn);
  }

  /** Adds each element to an accumulator as it arrives; emits `getResult` when the window fires. */
  aggregate<ACC, V>(fn: AggregateFunction<T, ACC, V>): SingleOutputStreamOperator<V>;
  aggregate<ACC, V, R>(fn: AggregateFunction<T, ACC, V>, windowFunction: ResultFunction<V, R, K, W>): SingleOutputStreamOperator<R>;
  aggregate<ACC, V, R>(fn: AggregateFunction<T, ACC, V>, windowFunction?: ResultFunction<V, R, K, W>): SingleOutputStreamOperator<R> {
    return this.aggregateWith(fn, windowFunction === undefined ? PASS_THROUGH : keyed(windowFunction), windowFunction ?? fn);
  }

  /** Runs `fn` over all of a window's elements when it fires. */
  apply<R>(fn: WindowFunction<T, R, K, W>): SingleOutputStreamOperator<R> {
    return this.build('apply', { kind: 'list' }, keyed(fn as ResultFunction<never, unknown, never, never>), fn);
  }

  /** Runs a ProcessWindowFunction over all of a window's elements when it fires. */
  process<R>(fn: ProcessWindowFunction<T, R, K, W>): SingleOutputStreamOperator<R> {
    return this.build('process', { kind: 'list' }, keyed(fn as ResultFunction<never, unknown, never, never>), fn);
  }

  /** Per window: the sum of a field; other fields keep the values of the window's first element. */
  sum(field: FieldExpression = 0): SingleOutputStreamOperator<T> {
    const access = fieldAccess(field);
    return this.reduce((acc, value) => access.with(acc, (access.get(acc) as number) + (access.get(value) as number)) as T);
  }

  min(field: FieldExpression = 0): SingleOutputStreamOperator<T> {
    const access = fieldAccess(field);
    return this.reduce((acc, value) => (compare(access.get(value), access.get(acc)) < 0 ? (access.with(acc, access.get(value)) as T) : acc));
  }

  max(field: FieldExpression = 0): SingleOutputStreamOperator<T> {
    const access = fieldAccess(field);
    return this.reduce((acc, value) => (compare(access.get(value), access.get(acc)) > 0 ? (access.with(acc, access.get(value)) as T) : acc));
  }

  /** The element with the smallest field; on a tie the earlier one unless `first` is false. */
  minBy(field: FieldExpression = 0, first = true): SingleOutputStreamOperator<T> {
    const access = fieldAccess(field);
    return this.reduce((acc, value) => {
      const order = compare(access.get(value), access.get(acc));
      return order < 0 || (order === 0 && !first) ? value : acc;
    });
  }

  maxBy(field: FieldExpression = 0, first = true): SingleOutputStreamOperator<T> {
    const access = fieldAccess(field);
    return this.reduce((acc, value) => {
      const order = compare(access.get(value), access.get(acc));
      return order > 0 || (order === 0 && !first) ? value : acc;
    });
  }

  /**
   * @internal Adds the window operator. Reduce and aggregate keep one value per window,
   * unless an evictor needs every element: then they run when the window fires.
   */
  build<R>(functionName: string, contents: WindowContentsSpec, windowFunction: InternalWindowFunction, userFunction: unknown): SingleOutputStreamOperator<R> {
    const spec: WindowOperatorSpec = {
      kind: 'window',
      keySelector: this.input.keySelector as (value: unknown) => unknown,
      assigner: this.assigner as unknown as WindowAssigner<unknown, Window>,
      trigger: this.windowTrigger as unknown as Trigger<unknown, Window>,
      evictor: this.windowEvictor as unknown as Evictor<unknown, Window> | undefined,
      allowedLatenessMs: this.lateness,
      lateDataTag: this.lateDataTag,
      contents,
      windowFunction,
      userFunction,
    };
    const name = `${this.kindName}(${this.assigner.toString()}, ${this.windowTrigger.toString()}, ${functionName})`;
    const environment = this.input.environment;
    return new SingleOutputStreamOperator<R>(environment, environment.addPhysical(name, [this.input.transformation], spec, 'ALWAYS'));
  }

  /** @internal reduce with any window function (windowAll passes its own). */
  reduceWith<R>(fn: ReduceFunction<T>, inner: InternalWindowFunction, userFunction: unknown): SingleOutputStreamOperator<R> {
    const reduce = resolveUserFunction<(a: unknown, b: unknown) => unknown>(fn, 'reduce');
    if (this.windowEvictor !== undefined) return this.build('reduce', { kind: 'list' }, reduceWhenFiring(reduce, inner), userFunction);
    return this.build('reduce', { kind: 'reduce', reduce }, inner, userFunction);
  }

  /** @internal aggregate with any window function. */
  aggregateWith<R>(fn: AggregateFunction<T, unknown, unknown>, inner: InternalWindowFunction, userFunction: unknown): SingleOutputStreamOperator<R> {
    const aggregate = fn as AggregateFunction<unknown, unknown, unknown>;
    if (this.windowEvictor !== undefined) return this.build('aggregate', { kind: 'list' }, aggregateWhenFiring(aggregate, inner), userFunction);
    return this.build('aggregate', { kind: 'aggregate', aggregate }, inner, userFunction);
  }
}

function keyed(fn: ResultFunction<never, unknown, never, never> | ResultFunction<never, never, never, never>): InternalWindowFunction {
  return keyedWindowFunction(fn as ResultFunction<never, unknown, never, never>);
}
