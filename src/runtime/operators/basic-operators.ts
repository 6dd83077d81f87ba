/**
 * The one-input operators of the DataStream API. Each is a small class whose `collect`
 * is the per-record path; user functions are resolved to plain callables once, at
 * construction, so the hot path is a direct call.
 */
import type { CheckpointedFunction, CheckpointListener, FunctionSnapshotContext } from '../../api/checkpoint.js';
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
import { ValueStateDescriptor } from '../../api/state/state-descriptors.js';
import type { ValueState } from '../../api/state/state.js';
import type { KeyedStateBackend } from '../state/state-backend.js';
import type { OperatorStateHandler } from './operator-state.js';
import type { Output } from './output.js';
import type { StreamOperator } from './stream-operator.js';
import { userFailure } from './user-failure.js';

/** What every operator is built with besides its function and output. */
export interface OperatorEnvironment {
  readonly runtime: RuntimeContext;
  readonly state: OperatorStateHandler;
}

function isCheckpointedFunction(fn: unknown): fn is CheckpointedFunction {
  return (
    fn !== null &&
    typeof fn === 'object' &&
    typeof (fn as Partial<CheckpointedFunction>).snapshotState === 'function' &&
    typeof (fn as Partial<CheckpointedFunction>).initializeState === 'function'
  );
}

export abstract class UserFunctionOperator implements StreamOperator {
  protected readonly runtime: RuntimeContext;
  protected readonly state: OperatorStateHandler;

  constructor(
    readonly name: string,
    protected readonly output: Output,
    environment: OperatorEnvironment,
    private readonly userFunction: unknown,
  ) {
    this.runtime = environment.runtime;
    this.state = environment.state;
  }

  abstract collect(value: unknown): void;

  async initializeState(): Promise<void> {
    const fn = this.userFunction;
    if (isCheckpointedFunction(fn)) await this.call(() => fn.initializeState(this.state.initializationContext()));
  }

  async open(): Promise<void> {
    const rich = richPart(this.userFunction) as RichFunction | undefined;
    await this.call(() => rich?.open?.(this.runtime));
  }

  async finish(): Promise<void> {}

  async close(): Promise<void> {
    const rich = richPart(this.userFunction) as RichFunction | undefined;
    await this.call(() => rich?.close?.());
  }

  async snapshotState(context: FunctionSnapshotContext): Promise<void> {
    const fn = this.userFunction;
    if (isCheckpointedFunction(fn)) await this.call(() => fn.snapshotState(context));
  }

  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    const listener = richPart(this.userFunction) as CheckpointListener | undefined;
    await this.call(() => listener?.notifyCheckpointComplete?.(checkpointId));
  }

  async notifyCheckpointAborted(checkpointId: number): Promise<void> {
    const listener = richPart(this.userFunction) as CheckpointListener | undefined;
    await this.call(() => listener?.notifyCheckpointAborted?.(checkpointId));
  }

  /** Runs a user hook, naming this operator if it throws. */
  protected async call(hook: () => unknown): Promise<void> {
    try {
      await hook();
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }
}

export class MapOperator extends UserFunctionOperator {
  private readonly fn: (value: unknown) => unknown;

  constructor(name: string, fn: unknown, output: Output, environment: OperatorEnvironment) {
    super(name, output, environment, fn);
    this.fn = resolveUserFunction(fn, 'map');
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

  constructor(name: string, fn: unknown, output: Output, environment: OperatorEnvironment) {
    super(name, output, environment, fn);
    this.fn = resolveUserFunction(fn, 'filter');
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

  constructor(name: string, fn: unknown, output: Output, environment: OperatorEnvironment) {
    super(name, output, environment, fn);
    this.fn = resolveUserFunction(fn, 'flatMap');
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
  readonly runtimeContext: RuntimeContext;

  constructor(
    name: string,
    private readonly fn: ProcessFunction<unknown, unknown>,
    output: Output,
    environment: OperatorEnvironment,
  ) {
    super(name, output, environment, fn);
    this.runtimeContext = environment.runtime;
  }

  collect(value: unknown): void {
    try {
      this.fn.processElement(value, this, this.output);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }
}

/** The keyed state backend of an operator that must have one (it follows a keyBy). */
function keyedBackend(environment: OperatorEnvironment): KeyedStateBackend {
  environment.state.keyedStore();
  return environment.state.keyed as KeyedStateBackend;
}

/** Rolling reduce: the accumulator of each key lives in keyed state, emitted after every record. */
export class KeyedReduceOperator extends UserFunctionOperator {
  private readonly backend: KeyedStateBackend;
  private readonly accumulator: ValueState<unknown>;

  constructor(
    name: string,
    private readonly keySelector: (value: unknown) => unknown,
    private readonly reduce: (acc: unknown, value: unknown) => unknown,
    rich: object | undefined,
    output: Output,
    environment: OperatorEnvironment,
  ) {
    super(name, output, environment, rich);
    this.backend = keyedBackend(environment);
    this.accumulator = this.backend.getState(new ValueStateDescriptor<unknown>('_reduce'));
  }

  collect(value: unknown): void {
    let next: unknown;
    try {
      this.backend.setCurrentKey(this.keySelector(value));
      const previous = this.accumulator.value();
      next = previous === undefined ? value : this.reduce(previous, value);
      this.accumulator.update(next);
    } catch (error) {
      throw userFailure(this.name, error);
    }
    this.output.collect(next);
  }
}

export class KeyedProcessOperator extends UserFunctionOperator implements KeyedProcessContext<unknown> {
  readonly runtimeContext: RuntimeContext;
  private readonly backend: KeyedStateBackend;

  constructor(
    name: string,
    private readonly keySelector: (value: unknown) => unknown,
    private readonly fn: KeyedProcessFunction<unknown, unknown, unknown>,
    output: Output,
    environment: OperatorEnvironment,
  ) {
    super(name, output, environment, fn);
    this.runtimeContext = environment.runtime;
    this.backend = keyedBackend(environment);
  }

  getCurrentKey(): unknown {
    return this.backend.getCurrentKey();
  }

  collect(value: unknown): void {
    try {
      this.backend.setCurrentKey(this.keySelector(value));
      this.fn.processElement(value, this, this.output);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }
}

/**
 * Sets the current key before an operator that runs on a keyed stream without being a
 * keyed operator itself (a map after keyBy), so its function can use keyed state.
 */
export class KeyContextOutput implements Output {
  constructor(
    private readonly backend: KeyedStateBackend,
    private readonly keySelector: (value: unknown) => unknown,
    private readonly next: Output,
    private readonly operatorName: string,
  ) {}

  collect(value: unknown): void {
    try {
      this.backend.setCurrentKey(this.keySelector(value));
    } catch (error) {
      throw userFailure(this.operatorName, error);
    }
    this.next.collect(value);
  }
}
