/**
 * The one-input operators of the DataStream API. Each is a small class whose `collect`
 * is the per-record path; user functions are resolved to plain callables once, at
 * construction, so the hot path is a direct call.
 */
import {
  resolveUserFunction,
  richPart,
  type Collector,
  type KeyedProcessContext,
  type KeyedProcessFunction,
  type ProcessContext,
  type ProcessFunction,
  type RichFunction,
  type RuntimeContext,
} from '../../api/functions.js';
import type { Output } from './output.js';
import { userFailure } from './user-failure.js';
import type { StreamOperator } from './stream-operator.js';

abstract class UserFunctionOperator implements StreamOperator {
  constructor(
    readonly name: string,
    protected readonly output: Output,
    private readonly runtime: RuntimeContext,
    private readonly rich: RichFunction | undefined,
  ) {}

  abstract collect(value: unknown): void;

  async open(): Promise<void> {
    await this.rich?.open?.(this.runtime);
  }

  async finish(): Promise<void> {}

  async close(): Promise<void> {
    await this.rich?.close?.();
  }
}

export class MapOperator extends UserFunctionOperator {
  private readonly fn: (value: unknown) => unknown;

  constructor(name: string, fn: unknown, output: Output, runtime: RuntimeContext) {
    super(name, output, runtime, richPart(fn));
    this.fn = resolveUserFunction(fn as (value: unknown) => unknown, 'map');
  }

  collect(value: unknown): void {
    let result: unknown;
    try {
      result = this.fn(value);
    } catch (error) {
      throw userFailure(this.name, error);
    }
    this.output.collect(result);
  }
}

export class FilterOperator extends UserFunctionOperator {
  private readonly fn: (value: unknown) => boolean;

  constructor(name: string, fn: unknown, output: Output, runtime: RuntimeContext) {
    super(name, output, runtime, richPart(fn));
    this.fn = resolveUserFunction(fn as (value: unknown) => boolean, 'filter');
  }

  collect(value: unknown): void {
    let keep: boolean;
    try {
      keep = this.fn(value);
    } catch (error) {
      throw userFailure(this.name, error);
    }
    if (keep) this.output.collect(value);
  }
}

export class FlatMapOperator extends UserFunctionOperator {
  private readonly fn: (value: unknown, out: Collector<unknown>) => void;

  constructor(name: string, fn: unknown, output: Output, runtime: RuntimeContext) {
    super(name, output, runtime, richPart(fn));
    this.fn = resolveUserFunction(fn as (value: unknown, out: Collector<unknown>) => void, 'flatMap');
  }

  collect(value: unknown): void {
    try {
      this.fn(value, this.output);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }
}

export class ProcessOperator extends UserFunctionOperator implements ProcessContext {
  constructor(
    name: string,
    private readonly fn: ProcessFunction<unknown, unknown>,
    output: Output,
    readonly runtimeContext: RuntimeContext,
  ) {
    super(name, output, runtimeContext, fn);
  }

  collect(value: unknown): void {
    try {
      this.fn.processElement(value, this, this.output);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }
}

/**
 * Keys used as Map keys: primitives as they are; tuples and objects by their JSON text,
 * so that two equal composite keys are the same entry.
 */
export function normalizeKey(key: unknown): unknown {
  return key !== null && typeof key === 'object' ? JSON.stringify(key) : key;
}

/** Rolling reduce: one accumulator per key, emitted after every record. */
export class KeyedReduceOperator extends UserFunctionOperator {
  private readonly accumulators = new Map<unknown, unknown>();

  constructor(
    name: string,
    private readonly keySelector: (value: unknown) => unknown,
    private readonly reduce: (acc: unknown, value: unknown) => unknown,
    rich: RichFunction | undefined,
    output: Output,
    runtime: RuntimeContext,
  ) {
    super(name, output, runtime, rich);
  }

  collect(value: unknown): void {
    const accumulators = this.accumulators;
    let next: unknown;
    try {
      const key = normalizeKey(this.keySelector(value));
      const previous = accumulators.get(key);
      next = previous === undefined && !accumulators.has(key) ? value : this.reduce(previous, value);
      accumulators.set(key, next);
    } catch (error) {
      throw userFailure(this.name, error);
    }
    this.output.collect(next);
  }
}

export class KeyedProcessOperator extends UserFunctionOperator implements KeyedProcessContext<unknown> {
  private currentKey: unknown;

  constructor(
    name: string,
    private readonly keySelector: (value: unknown) => unknown,
    private readonly fn: KeyedProcessFunction<unknown, unknown, unknown>,
    output: Output,
    readonly runtimeContext: RuntimeContext,
  ) {
    super(name, output, runtimeContext, fn);
  }

  getCurrentKey(): unknown {
    return this.currentKey;
  }

  collect(value: unknown): void {
    try {
      this.currentKey = this.keySelector(value);
      this.fn.processElement(value, this, this.output);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }
}
