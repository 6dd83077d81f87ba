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
  type KeyedProcessFunction,
  type OnTimerContext,
  type ProcessContext,
  type ProcessFunction,
  type RichFunction,
  type RuntimeContext,
  type TimeDomain,
  type TimerService,
} from '../../api/functions.js';
import type { OutputTag } from '../../api/output-tag.js';
import { WeirError } from '../../core/errors.js';
import { InternalTimerService, KeyedUserTimerService, type Timer } from '../time/internal-timer-service.js';
import { ValueStateDescriptor } from '../../api/state/state-descriptors.js';
import type { ValueState } from '../../api/state/state.js';
import type { KeyedStateBackend } from '../state/state-backend.js';
import type { OperatorStateHandler } from './operator-state.js';
import { collectSide, MIN_WATERMARK, type Output, type TimeContext } from './output.js';
import type { StreamOperator } from './stream-operator.js';
import { userFailure } from './user-failure.js';

/** What every operator is built with besides its function and output. */
export interface OperatorEnvironment {
  readonly runtime: RuntimeContext;
  readonly state: OperatorStateHandler;
  readonly time: TimeContext;
  /** Runs an action on the task's thread between records (timer firings). */
  readonly scheduleOnTask: (action: () => void) => void;
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
  protected readonly time: TimeContext;

  constructor(
    readonly name: string,
    protected readonly downstream: Output,
    environment: OperatorEnvironment,
    private readonly userFunction: unknown,
  ) {
    this.runtime = environment.runtime;
    this.state = environment.state;
    this.time = environment.time;
  }

  abstract collect(value: unknown): void;

  emitWatermark(watermark: number): void {
    this.downstream.emitWatermark(watermark);
  }

  emitWatermarkStatus(idle: boolean): void {
    this.downstream.emitWatermarkStatus(idle);
  }

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
    this.downstream.collect(result);
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
    if (keep) this.downstream.collect(value);
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
      this.fn(value, this.downstream);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }
}

/** Timers need a key: on a stream that is not keyed a ProcessFunction can only read the clocks. */
class NonKeyedTimerService implements TimerService {
  watermark = MIN_WATERMARK;

  constructor(private readonly operatorName: string) {}

  currentProcessingTime(): number {
    return Date.now();
  }

  currentWatermark(): number {
    return this.watermark;
  }

  registerEventTimeTimer(): void {
    throw this.noTimers();
  }

  registerProcessingTimeTimer(): void {
    throw this.noTimers();
  }

  deleteEventTimeTimer(): void {
    throw this.noTimers();
  }

  deleteProcessingTimeTimer(): void {
    throw this.noTimers();
  }

  private noTimers(): WeirError {
    return new WeirError(
      'STATE_ACCESS_WITHOUT_KEY',
      `operator '${this.operatorName}' runs on a stream that is not keyed, so it cannot set timers: use keyBy(...).process(new KeyedProcessFunction ...)`,
    );
  }
}

export class ProcessOperator extends UserFunctionOperator implements ProcessContext {
  readonly runtimeContext: RuntimeContext;
  private readonly timers: NonKeyedTimerService;

  constructor(
    name: string,
    private readonly fn: ProcessFunction<unknown, unknown>,
    output: Output,
    environment: OperatorEnvironment,
  ) {
    super(name, output, environment, fn);
    this.runtimeContext = environment.runtime;
    this.timers = new NonKeyedTimerService(name);
  }

  timestamp(): number | undefined {
    return this.time.timestamp;
  }

  timerService(): TimerService {
    return this.timers;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    collectSide(this.downstream, tag.id, value);
  }

  override emitWatermark(watermark: number): void {
    this.timers.watermark = watermark;
    super.emitWatermark(watermark);
  }

  collect(value: unknown): void {
    try {
      this.fn.processElement(value, this, this.downstream);
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
    this.downstream.collect(next);
  }
}

export class KeyedProcessOperator extends UserFunctionOperator implements OnTimerContext<unknown> {
  readonly runtimeContext: RuntimeContext;
  private readonly backend: KeyedStateBackend;
  private readonly timers: InternalTimerService;
  private readonly userTimers: KeyedUserTimerService;
  private firing: TimeDomain | undefined;

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
    this.timers = new InternalTimerService('user', this.backend, (timer, domain) => this.onTimer(timer, domain), environment.scheduleOnTask);
    this.userTimers = new KeyedUserTimerService(this.timers);
  }

  getCurrentKey(): unknown {
    return this.backend.getCurrentKey();
  }

  timestamp(): number | undefined {
    return this.time.timestamp;
  }

  timeDomain(): TimeDomain {
    return this.firing ?? 'EVENT_TIME';
  }

  timerService(): TimerService {
    return this.userTimers;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    collectSide(this.downstream, tag.id, value);
  }

  override emitWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark);
    super.emitWatermark(watermark);
  }

  override async close(): Promise<void> {
    this.timers.dispose();
    await super.close();
  }

  private onTimer(timer: Timer, domain: TimeDomain): void {
    const onTimer = this.fn.onTimer;
    if (onTimer === undefined) return;
    this.firing = domain;
    // Records emitted from an event-time timer carry the timer's time, as in Flink.
    this.time.timestamp = domain === 'EVENT_TIME' ? timer.timestamp : undefined;
    try {
      onTimer.call(this.fn, timer.timestamp, this, this.downstream);
    } catch (error) {
      throw userFailure(this.name, error);
    } finally {
      this.firing = undefined;
    }
  }

  collect(value: unknown): void {
    try {
      this.backend.setCurrentKey(this.keySelector(value));
      this.fn.processElement(value, this, this.downstream);
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

  emitWatermark(watermark: number): void {
    this.next.emitWatermark(watermark);
  }

  emitWatermarkStatus(idle: boolean): void {
    this.next.emitWatermarkStatus(idle);
  }

  collect(value: unknown): void {
    try {
      this.backend.setCurrentKey(this.keySelector(value));
    } catch (error) {
      throw userFailure(this.operatorName, error);
    }
    this.next.collect(value);
  }
}
