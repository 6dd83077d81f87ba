/**
 * The one shape the window operator calls, whatever the user gave: WindowFunction,
 * ProcessWindowFunction, their windowAll forms, or nothing (reduce and aggregate emit
 * their result as it is). With an evictor, reduce and aggregate run when the window
 * fires, over what the evictor left.
 */
import { resolveUserFunction, type Collector } from '../functions.js';
import type { AggregateFunction } from '../state/state.js';
import {
  ProcessAllWindowFunction,
  ProcessWindowFunction,
  type AllWindowFunction,
  type ProcessWindowContext,
  type WindowFunction,
} from './window-functions.js';
import type { Window } from './windows.js';

export interface InternalWindowFunction {
  process(key: unknown, window: Window, context: ProcessWindowContext<Window>, input: unknown[], out: Collector<unknown>): void;
  /** The window's state is being dropped. */
  clear(window: Window, context: ProcessWindowContext<Window>): void;
}

const noClear = (): void => {};

/** Emits the pre-aggregated value: what `reduce(fn)` and `aggregate(fn)` alone do. */
export const PASS_THROUGH: InternalWindowFunction = {
  process(_key, _window, _context, input, out) {
    for (const value of input) out.collect(value);
  },
  clear: noClear,
};

/** Keyed window functions: a WindowFunction (closure or object) or a ProcessWindowFunction. */
export function keyedWindowFunction(fn: WindowFunction<never, unknown, never, never> | ProcessWindowFunction<never, unknown, never, never>): InternalWindowFunction {
  if (fn instanceof ProcessWindowFunction || hasProcess(fn)) {
    const process = fn as unknown as ProcessWindowFunction<unknown, unknown, unknown, Window>;
    return {
      process: (key, _window, context, input, out) => process.process(key, context, input, out),
      clear: (_window, context) => process.clear?.(context),
    };
  }
  const apply = resolveUserFunction<(key: unknown, window: Window, input: unknown[], out: Collector<unknown>) => void>(fn, 'apply');
  return { process: (key, window, _context, input, out) => apply(key, window, input, out), clear: noClear };
}

/** windowAll functions: the same without a key. */
export function allWindowFunction(fn: AllWindowFunction<never, unknown, never> | ProcessAllWindowFunction<never, unknown, never>): InternalWindowFunction {
  if (fn instanceof ProcessAllWindowFunction || hasProcess(fn)) {
    const process = fn as unknown as ProcessAllWindowFunction<unknown, unknown, Window>;
    return {
      process: (_key, _window, context, input, out) => process.process(context, input, out),
      clear: (_window, context) => process.clear?.(context),
    };
  }
  const apply = resolveUserFunction<(window: Window, input: unknown[], out: Collector<unknown>) => void>(fn, 'apply');
  return { process: (_key, window, _context, input, out) => apply(window, input, out), clear: noClear };
}

function hasProcess(fn: unknown): boolean {
  return fn !== null && typeof fn === 'object' && typeof (fn as { process?: unknown }).process === 'function';
}

/** With an evictor: reduce what is left when the window fires, then hand the one value on. */
export function reduceWhenFiring(reduce: (a: unknown, b: unknown) => unknown, inner: InternalWindowFunction): InternalWindowFunction {
  return {
    process(key, window, context, input, out) {
      if (input.length === 0) return;
      let accumulator = input[0];
      for (let i = 1; i < input.length; i++) accumulator = reduce(accumulator, input[i]);
      inner.process(key, window, context, [accumulator], out);
    },
    clear: (window, context) => inner.clear(window, context),
  };
}

/** With an evictor: aggregate what is left when the window fires. */
export function aggregateWhenFiring(aggregate: AggregateFunction<unknown, unknown, unknown>, inner: InternalWindowFunction): InternalWindowFunction {
  return {
    process(key, window, context, input, out) {
      let accumulator = aggregate.createAccumulator();
      for (const value of input) accumulator = aggregate.add(value, accumulator);
      inner.process(key, window, context, [aggregate.getResult(accumulator)], out);
    },
    clear: (window, context) => inner.clear(window, context),
  };
}
