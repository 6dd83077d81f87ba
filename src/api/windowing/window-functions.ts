/**
 * The functions a window runs when it fires (Flink's WindowFunction, ProcessWindowFunction,
 * AllWindowFunction, ProcessAllWindowFunction). They get the window's elements (or the one
 * pre-aggregated value after `reduce`/`aggregate`) as a fresh array they may keep.
 */
import type { KeyedStateStore } from '../checkpoint.js';
import type { Collector, RichFunction, RuntimeContext } from '../functions.js';
import type { OutputTag } from '../output-tag.js';
import type { Window } from './windows.js';

/** What a process window function may ask about the window it runs for. */
export interface ProcessWindowContext<W extends Window> {
  window(): W;
  currentProcessingTime(): number;
  currentWatermark(): number;
  /** State of this key and this window; clear it in `clear(context)`. */
  windowState(): KeyedStateStore;
  /** State of this key, across its windows. */
  globalState(): KeyedStateStore;
  /** Emits to a side output. */
  output<X>(tag: OutputTag<X>, value: X): void;
}

export type WindowFunction<IN, OUT, K, W extends Window> =
  | ((key: K, window: W, input: IN[], out: Collector<OUT>) => void)
  | (RichFunction & { apply(key: K, window: W, input: IN[], out: Collector<OUT>): void });

export type AllWindowFunction<IN, OUT, W extends Window> =
  | ((window: W, input: IN[], out: Collector<OUT>) => void)
  | (RichFunction & { apply(window: W, input: IN[], out: Collector<OUT>): void });

/**
 * A window function with the window's context: its time, state and side outputs.
 *
 * ```ts
 * class CountClicks extends ProcessWindowFunction<Click, [string, number, number], string, TimeWindow> {
 *   process(user: string, ctx: ProcessWindowContext<TimeWindow>, clicks: Click[], out: Collector<[string, number, number]>) {
 *     out.collect([user, ctx.window().end, clicks.length]);
 *   }
 * }
 * ```
 */
export abstract class ProcessWindowFunction<IN, OUT, K, W extends Window> implements RichFunction {
  abstract process(key: K, context: ProcessWindowContext<W>, elements: IN[], out: Collector<OUT>): void;
  /** The window is gone (its end plus allowed lateness passed): clear its windowState() here. */
  clear?(context: ProcessWindowContext<W>): void;
  open?(ctx: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** ProcessWindowFunction for `windowAll`: there is no key. */
export abstract class ProcessAllWindowFunction<IN, OUT, W extends Window> implements RichFunction {
  abstract process(context: ProcessWindowContext<W>, elements: IN[], out: Collector<OUT>): void;
  clear?(context: ProcessWindowContext<W>): void;
  open?(ctx: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
}
