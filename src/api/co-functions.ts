/**
 * Functions of two-input operators: connected streams, the broadcast state pattern and
 * the interval join. Each may also be a rich function (open/close).
 */
import type { Collector, OnTimerContext, ProcessContext, RichFunction, RuntimeContext, TimeDomain } from './functions.js';
import type { MapStateDescriptor } from './state/state-descriptors.js';
import type { State } from './state/state.js';

export interface CoMapFunction<IN1, IN2, OUT> extends RichFunction {
  map1(value: IN1): OUT;
  map2(value: IN2): OUT;
}

export interface CoFlatMapFunction<IN1, IN2, OUT> extends RichFunction {
  flatMap1(value: IN1, out: Collector<OUT>): void;
  flatMap2(value: IN2, out: Collector<OUT>): void;
}

export abstract class CoProcessFunction<IN1, IN2, OUT> implements RichFunction {
  open?(ctx: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
  abstract processElement1(value: IN1, ctx: ProcessContext, out: Collector<OUT>): void;
  abstract processElement2(value: IN2, ctx: ProcessContext, out: Collector<OUT>): void;
}

export interface KeyedCoProcessContext<K> extends ProcessContext {
  getCurrentKey(): K;
}

export abstract class KeyedCoProcessFunction<K, IN1, IN2, OUT> implements RichFunction {
  open?(ctx: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
  abstract processElement1(value: IN1, ctx: KeyedCoProcessContext<K>, out: Collector<OUT>): void;
  abstract processElement2(value: IN2, ctx: KeyedCoProcessContext<K>, out: Collector<OUT>): void;
  onTimer?(timestamp: number, ctx: OnTimerContext<K>, out: Collector<OUT>): void;
}

/** Read-only view of a broadcast state, for the non-broadcast side. */
export interface ReadOnlyBroadcastState<K, V> {
  get(key: K): V | undefined;
  contains(key: K): boolean;
  entries(): [K, V][];
}

/** The same map in every parallel instance, written only by the broadcast side. */
export interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V>, State {
  put(key: K, value: V): void;
  remove(key: K): void;
}

export interface ReadOnlyBroadcastContext extends ProcessContext {
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): ReadOnlyBroadcastState<K, V>;
}

export interface BroadcastContext extends ProcessContext {
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V>;
}

export abstract class BroadcastProcessFunction<IN1, IN2, OUT> implements RichFunction {
  open?(ctx: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
  abstract processElement(value: IN1, ctx: ReadOnlyBroadcastContext, out: Collector<OUT>): void;
  abstract processBroadcastElement(value: IN2, ctx: BroadcastContext, out: Collector<OUT>): void;
}

export interface KeyedReadOnlyBroadcastContext<K> extends ReadOnlyBroadcastContext {
  getCurrentKey(): K;
}

export interface KeyedBroadcastContext extends BroadcastContext {
  /** Runs `fn` for every key that has a value in the keyed state named by `descriptor`. */
  applyToKeyedState<S extends State>(descriptor: { readonly name: string }, fn: (key: unknown, state: S) => void): void;
}

export interface KeyedBroadcastOnTimerContext<K> extends KeyedReadOnlyBroadcastContext<K> {
  timeDomain(): TimeDomain;
}

export abstract class KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> implements RichFunction {
  open?(ctx: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
  abstract processElement(value: IN1, ctx: KeyedReadOnlyBroadcastContext<K>, out: Collector<OUT>): void;
  abstract processBroadcastElement(value: IN2, ctx: KeyedBroadcastContext, out: Collector<OUT>): void;
  onTimer?(timestamp: number, ctx: KeyedBroadcastOnTimerContext<K>, out: Collector<OUT>): void;
}

export interface ProcessJoinContext {
  leftTimestamp(): number;
  rightTimestamp(): number;
  /** The joined pair's timestamp: the later of the two. */
  timestamp(): number;
}

export abstract class ProcessJoinFunction<IN1, IN2, OUT> implements RichFunction {
  open?(ctx: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
  abstract processElement(left: IN1, right: IN2, ctx: ProcessJoinContext, out: Collector<OUT>): void;
}
