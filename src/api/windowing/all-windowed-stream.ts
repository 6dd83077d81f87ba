/**
 * A whole stream cut into windows (Flink's AllWindowedStream): `windowAll(assigner)`.
 * As in Flink it is a keyed window with one constant key, run at parallelism 1.
 *
 * ```ts
 * counts.windowAll(TumblingEventTimeWindows.of(60_000)).process(new TopThree());
 * ```
 */
import type { FieldExpression } from '../aggregations.js';
import type { DataStream, KeyedStream, SingleOutputStreamOperator } from '../data-stream.js';
import type { ReduceFunction } from '../functions.js';
import type { OutputTag } from '../output-tag.js';
import type { AggregateFunction } from '../state/state.js';
import type { Evictor } from './evictors.js';
import { allWindowFunction, PASS_THROUGH } from './internal-window-function.js';
import type { Trigger } from './trigger.js';
import type { WindowAssigner } from './window-assigner.js';
import type { AllWindowFunction, ProcessAllWindowFunction } from './window-functions.js';
import { WindowedStream } from './windowed-stream.js';
import type { Window } from './windows.js';

type ResultFunction<IN, OUT, W extends Window> = AllWindowFunction<IN, OUT, W> | ProcessAllWindowFunction<IN, OUT, W>;

export class AllWindowedStream<T, W extends Window> {
  private readonly windowed: WindowedStream<T, number, W>;

  constructor(input: DataStream<T>, assigner: WindowAssigner<T, W>) {
    const keyed: KeyedStream<T, number> = input.keyBy(() => 0);
    this.windowed = new WindowedStream(keyed, assigner, 'AllWindow');
  }

  trigger(trigger: Trigger<T, W>): this {
    this.windowed.trigger(trigger);
    return this;
  }

  evictor(evictor: Evictor<T, W>): this {
    this.windowed.evictor(evictor);
    return this;
  }

  allowedLateness(ms: number): this {
    this.windowed.allowedLateness(ms);
    return this;
  }

  sideOutputLateData(tag: OutputTag<T>): this {
    this.windowed.sideOutputLateData(tag);
    return this;
  }

  reduce(fn: ReduceFunction<T>): SingleOutputStreamOperator<T>;
  reduce<R>(fn: ReduceFunction<T>, windowFunction: ResultFunction<T, R, W>): SingleOutputStreamOperator<R>;
  reduce<R>(fn: ReduceFunction<T>, windowFunction?: ResultFunction<T, R, W>): SingleOutputStreamOperator<R> {
    const inner = windowFunction === undefined ? PASS_THROUGH : allWindowFunction(windowFunction as ResultFunction<never, unknown, never>);
    return nonParallel(this.windowed.reduceWith<R>(fn, inner, windowFunction ?? fn));
  }

  aggregate<ACC, V>(fn: AggregateFunction<T, ACC, V>): SingleOutputStreamOperator<V>;
  aggregate<ACC, V, R>(fn: AggregateFunction<T, ACC, V>, windowFunction: ResultFunction<V, R, W>): SingleOutputStreamOperator<R>;
  aggregate<ACC, V, R>(fn: AggregateFunction<T, ACC, V>, windowFunction?: ResultFunction<V, R, W>): SingleOutputStreamOperator<R> {
    const inner = windowFunction === undefined ? PASS_THROUGH : allWindowFunction(windowFunction as ResultFunction<never, unknown, never>);
    return nonParallel(this.windowed.aggregateWith<R>(fn as AggregateFunction<T, unknown, unknown>, inner, windowFunction ?? fn));
  }

  apply<R>(fn: AllWindowFunction<T, R, W>): SingleOutputStreamOperator<R> {
    return nonParallel(this.windowed.build<R>('apply', { kind: 'list' }, allWindowFunction(fn as ResultFunction<never, unknown, never>), fn));
  }

  process<R>(fn: ProcessAllWindowFunction<T, R, W>): SingleOutputStreamOperator<R> {
    return nonParallel(this.windowed.build<R>('process', { kind: 'list' }, allWindowFunction(fn as ResultFunction<never, unknown, never>), fn));
  }

  sum(field: FieldExpression = 0): SingleOutputStreamOperator<T> {
    return nonParallel(this.windowed.sum(field));
  }

  min(field: FieldExpression = 0): SingleOutputStreamOperator<T> {
    return nonParallel(this.windowed.min(field));
  }

  max(field: FieldExpression = 0): SingleOutputStreamOperator<T> {
    return nonParallel(this.windowed.max(field));
  }

  minBy(field: FieldExpression = 0, first = true): SingleOutputStreamOperator<T> {
    return nonParallel(this.windowed.minBy(field, first));
  }

  maxBy(field: FieldExpression = 0, first = true): SingleOutputStreamOperator<T> {
    return nonParallel(this.windowed.maxBy(field, first));
  }
}

/**
 * Parallelism 1, and one key group, which is all one key needs: a later setParallelism(n)
 * fails at execute with the max-parallelism check, rather than running idle subtasks.
 */
function nonParallel<R>(operator: SingleOutputStreamOperator<R>): SingleOutputStreamOperator<R> {
  operator.transformation.parallelism = 1;
  operator.transformation.maxParallelism = 1;
  return operator;
}
