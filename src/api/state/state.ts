/**
 * The state a function keeps (Flink's State interfaces). Keyed state is scoped to the
 * key of the record being processed; operator state to the parallel instance.
 */

export interface State {
  /** Removes the value for the current key (keyed state) or all values (operator state). */
  clear(): void;
}

export interface ValueState<T> extends State {
  /** The value, or the descriptor's default when none is set. */
  value(): T | undefined;
  update(value: T): void;
}

export interface ListState<T> extends State {
  get(): T[];
  add(value: T): void;
  addAll(values: readonly T[]): void;
  /** Replaces the whole list. */
  update(values: readonly T[]): void;
}

export interface MapState<K, V> extends State {
  get(key: K): V | undefined;
  put(key: K, value: V): void;
  putAll(entries: Iterable<readonly [K, V]>): void;
  remove(key: K): void;
  contains(key: K): boolean;
  entries(): [K, V][];
  keys(): K[];
  values(): V[];
  isEmpty(): boolean;
}

export interface AppendingState<IN, OUT> extends State {
  get(): OUT | undefined;
  add(value: IN): void;
}

export type ReducingState<T> = AppendingState<T, T>;
export type AggregatingState<IN, OUT> = AppendingState<IN, OUT>;

/** Flink's AggregateFunction: an accumulator that takes inputs and yields a result. */
export interface AggregateFunction<IN, ACC, OUT> {
  createAccumulator(): ACC;
  add(value: IN, accumulator: ACC): ACC;
  getResult(accumulator: ACC): OUT;
  merge(a: ACC, b: ACC): ACC;
}
