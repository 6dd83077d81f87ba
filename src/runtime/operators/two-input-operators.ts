/**
 * Operators with two inputs: connected streams, the broadcast state pattern and the
 * interval join. The task calls `collect` for records of the first input and `collect2`
 * for the second; watermarks arrive combined (the minimum over both inputs).
 */
import { stateOf, type FunctionSnapshotContext } from '../../api/checkpoint.js';
import type {
  BroadcastProcessFunction,
  BroadcastState,
  CoFlatMapFunction,
  CoMapFunction,
  CoProcessFunction,
  KeyedBroadcastProcessFunction,
  KeyedCoProcessFunction,
  ProcessJoinFunction,
} from '../../api/co-functions.js';
import type { Collector, RuntimeContext, TimeDomain, TimerService } from '../../api/functions.js';
import type { OutputTag } from '../../api/output-tag.js';
import { ListStateDescriptor, MapStateDescriptor, type AnyStateDescriptor } from '../../api/state/state-descriptors.js';
import type { MapState, State } from '../../api/state/state.js';
import { WeirError } from '../../core/errors.js';
import type { KeyedStateBackend } from '../state/state-backend.js';
import { InternalTimerService, KeyedUserTimerService, type Timer } from '../time/internal-timer-service.js';
import { UserFunctionOperator, type OperatorEnvironment } from './basic-operators.js';
import { collectSide, MIN_WATERMARK, type Output } from './output.js';
import type { StreamOperator } from './stream-operator.js';
import { userFailure } from './user-failure.js';

export interface TwoInputOperator extends StreamOperator {
  collect2(value: unknown): void;
}

export function isTwoInputOperator(operator: StreamOperator): operator is TwoInputOperator {
  return typeof (operator as Partial<TwoInputOperator>).collect2 === 'function';
}

/** The context every two-input function gets: timestamp, clocks, side outputs, and timers when keyed. */
abstract class TwoInputBase extends UserFunctionOperator implements TwoInputOperator {
  readonly runtimeContext: RuntimeContext;
  protected watermark = MIN_WATERMARK;

  constructor(name: string, output: Output, environment: OperatorEnvironment, fn: unknown) {
    super(name, output, environment, fn);
    this.runtimeContext = environment.runtime;
  }

  abstract collect2(value: unknown): void;

  timestamp(): number | undefined {
    return this.time.timestamp;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    collectSide(this.downstream, tag.id, value);
  }

  override emitWatermark(watermark: number): void {
    this.watermark = watermark;
    super.emitWatermark(watermark);
  }

  protected guarded(action: () => void): void {
    try {
      action();
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }
}

/** Clocks only: timers need a keyed stream. */
function clockOnlyTimerService(name: string, watermark: () => number): TimerService {
  const refuse = (): never => {
    throw new WeirError('STATE_ACCESS_WITHOUT_KEY', `operator '${name}' is not keyed, so it cannot set timers: key both inputs first`);
  };
  return {
    currentProcessingTime: () => Date.now(),
    currentWatermark: watermark,
    registerEventTimeTimer: refuse,
    registerProcessingTimeTimer: refuse,
    deleteEventTimeTimer: refuse,
    deleteProcessingTimeTimer: refuse,
  };
}

export class CoMapOperator extends TwoInputBase {
  constructor(
    name: string,
    private readonly fn: CoMapFunction<unknown, unknown, unknown>,
    output: Output,
    environment: OperatorEnvironment,
  ) {
    super(name, output, environment, fn);
  }

  collect(value: unknown): void {
    let result: unknown;
    this.guarded(() => (result = this.fn.map1(value)));
    this.downstream.collect(result);
  }

  collect2(value: unknown): void {
    let result: unknown;
    this.guarded(() => (result = this.fn.map2(value)));
    this.downstream.collect(result);
  }
}

export class CoFlatMapOperator extends TwoInputBase {
  constructor(
    name: string,
    private readonly fn: CoFlatMapFunction<unknown, unknown, unknown>,
    output: Output,
    environment: OperatorEnvironment,
  ) {
    super(name, output, environment, fn);
  }

  collect(value: unknown): void {
    this.guarded(() => this.fn.flatMap1(value, this.downstream));
  }

  collect2(value: unknown): void {
    this.guarded(() => this.fn.flatMap2(value, this.downstream));
  }
}

export class CoProcessOperator extends TwoInputBase {
  private readonly timers: TimerService = clockOnlyTimerService(this.name, () => this.watermark);

  constructor(
    name: string,
    private readonly fn: CoProcessFunction<unknown, unknown, unknown>,
    output: Output,
    environment: OperatorEnvironment,
  ) {
    super(name, output, environment, fn);
  }

  timerService(): TimerService {
    return this.timers;
  }

  collect(value: unknown): void {
    this.guarded(() => this.fn.processElement1(value, this, this.downstream));
  }

  collect2(value: unknown): void {
    this.guarded(() => this.fn.processElement2(value, this, this.downstream));
  }
}

/** Keyed two-input operators: each input has its key selector; timers by key. */
abstract class KeyedTwoInputBase extends TwoInputBase {
  protected readonly backend: KeyedStateBackend;
  protected readonly timers: InternalTimerService;
  private readonly userTimers: KeyedUserTimerService;
  protected firing: TimeDomain | undefined;

  constructor(
    name: string,
    output: Output,
    environment: OperatorEnvironment,
    fn: unknown,
    private readonly keySelectors: readonly [(value: unknown) => unknown, (value: unknown) => unknown],
    timerName: string,
  ) {
    super(name, output, environment, fn);
    environment.state.keyedStore();
    this.backend = environment.state.keyed as KeyedStateBackend;
    this.timers = new InternalTimerService(timerName, this.backend, (timer, domain) => this.fireTimer(timer, domain), environment.scheduleOnTask);
    this.userTimers = new KeyedUserTimerService(this.timers);
  }

  getCurrentKey(): unknown {
    return this.backend.getCurrentKey();
  }

  timeDomain(): TimeDomain {
    return this.firing ?? 'EVENT_TIME';
  }

  timerService(): TimerService {
    return this.userTimers;
  }

  override emitWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark);
    super.emitWatermark(watermark);
  }

  override async close(): Promise<void> {
    this.timers.dispose();
    await super.close();
  }

  protected setKey(input: 0 | 1, value: unknown): void {
    this.backend.setCurrentKey((this.keySelectors[input] as (v: unknown) => unknown)(value));
  }

  private fireTimer(timer: Timer, domain: TimeDomain): void {
    this.firing = domain;
    this.time.timestamp = domain === 'EVENT_TIME' ? timer.timestamp : undefined;
    try {
      this.onTimer(timer);
    } finally {
      this.firing = undefined;
    }
  }

  protected abstract onTimer(timer: Timer): void;
}

export class KeyedCoProcessOperator extends KeyedTwoInputBase {
  constructor(
    name: string,
    private readonly fn: KeyedCoProcessFunction<unknown, unknown, unknown, unknown>,
    keySelectors: readonly [(value: unknown) => unknown, (value: unknown) => unknown],
    output: Output,
    environment: OperatorEnvironment,
  ) {
    super(name, output, environment, fn, keySelectors, 'user');
  }

  collect(value: unknown): void {
    this.guarded(() => {
      this.setKey(0, value);
      this.fn.processElement1(value, this, this.downstream);
    });
  }

  collect2(value: unknown): void {
    this.guarded(() => {
      this.setKey(1, value);
      this.fn.processElement2(value, this, this.downstream);
    });
  }

  protected onTimer(timer: Timer): void {
    const onTimer = this.fn.onTimer;
    if (onTimer !== undefined) this.guarded(() => onTimer.call(this.fn, timer.timestamp, this, this.downstream));
  }
}

/**
 * Broadcast state: the same maps in every parallel instance, changed only by broadcast
 * records, so each instance can snapshot its own copy and any one copy restores all.
 */
class BroadcastStates {
  private readonly maps = new Map<string, Map<unknown, unknown>>();
  /** Only while a broadcast record is processed may the states change. */
  private writable = false;

  constructor(
    private readonly descriptors: readonly MapStateDescriptor<unknown, unknown>[],
    private readonly environment: OperatorEnvironment,
  ) {}

  state(descriptor: MapStateDescriptor<unknown, unknown>): BroadcastState<unknown, unknown> {
    const map = this.map(descriptor.name);
    return {
      get: (key) => map.get(key),
      contains: (key) => map.has(key),
      entries: () => [...map.entries()],
      put: (key, value) => void map.set(key, value),
      remove: (key) => void map.delete(key),
      clear: () => map.clear(),
    };
  }

  readOnly(descriptor: MapStateDescriptor<unknown, unknown>): BroadcastState<unknown, unknown> {
    const state = this.state(descriptor);
    const refuse = (): never => {
      throw new WeirError('STATE_ACCESS_WITHOUT_KEY', `broadcast state '${descriptor.name}' is read-only on the non-broadcast side; change it in processBroadcastElement`);
    };
    return { ...state, put: refuse, remove: refuse, clear: refuse };
  }

  /** What a function sees: read-write on the broadcast side, read-only on the other. */
  view<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    const d = descriptor as unknown as MapStateDescriptor<unknown, unknown>;
    return (this.writable ? this.state(d) : this.readOnly(d)) as BroadcastState<K, V>;
  }

  asBroadcastSide(action: () => void): void {
    this.writable = true;
    try {
      action();
    } finally {
      this.writable = false;
    }
  }

  restore(): void {
    const store = this.environment.state.operator;
    for (const descriptor of this.descriptors) {
      const copies = store.getUnionListState(new ListStateDescriptor<[number, [unknown, unknown][]]>(`_broadcast-${descriptor.name}`)).get();
      const first = copies.sort(([a], [b]) => a - b)[0];
      if (first !== undefined) this.maps.set(descriptor.name, new Map(first[1]));
    }
  }

  snapshot(): void {
    const store = this.environment.state.operator;
    const subtask = this.environment.runtime.indexOfThisSubtask;
    for (const descriptor of this.descriptors) {
      store
        .getUnionListState(new ListStateDescriptor<[number, [unknown, unknown][]]>(`_broadcast-${descriptor.name}`))
        .update([[subtask, [...this.map(descriptor.name).entries()]]]);
    }
  }

  private map(name: string): Map<unknown, unknown> {
    if (!this.descriptors.some((d) => d.name === name)) {
      throw new WeirError('STATE_DESCRIPTOR_CONFLICT', `broadcast state '${name}' was not declared: pass its descriptor to broadcast(...)`);
    }
    let map = this.maps.get(name);
    if (map === undefined) {
      map = new Map();
      this.maps.set(name, map);
    }
    return map;
  }
}

export class BroadcastProcessOperator extends TwoInputBase {
  private readonly states: BroadcastStates;
  private readonly timers: TimerService = clockOnlyTimerService(this.name, () => this.watermark);

  constructor(
    name: string,
    private readonly fn: BroadcastProcessFunction<unknown, unknown, unknown>,
    descriptors: readonly MapStateDescriptor<unknown, unknown>[],
    output: Output,
    environment: OperatorEnvironment,
  ) {
    super(name, output, environment, fn);
    this.states = new BroadcastStates(descriptors, environment);
  }

  timerService(): TimerService {
    return this.timers;
  }

  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    return this.states.view(descriptor);
  }

  override async initializeState(): Promise<void> {
    this.states.restore();
    await super.initializeState();
  }

  override async snapshotState(context: FunctionSnapshotContext): Promise<void> {
    this.states.snapshot();
    await super.snapshotState(context);
  }

  collect(value: unknown): void {
    this.guarded(() => this.fn.processElement(value, this, this.downstream));
  }

  collect2(value: unknown): void {
    this.states.asBroadcastSide(() => this.guarded(() => this.fn.processBroadcastElement(value, this, this.downstream)));
  }
}

export class KeyedBroadcastProcessOperator extends KeyedTwoInputBase {
  private readonly states: BroadcastStates;

  constructor(
    name: string,
    private readonly fn: KeyedBroadcastProcessFunction<unknown, unknown, unknown, unknown>,
    descriptors: readonly MapStateDescriptor<unknown, unknown>[],
    keySelector: (value: unknown) => unknown,
    output: Output,
    environment: OperatorEnvironment,
  ) {
    super(name, output, environment, fn, [keySelector, keySelector], 'user');
    this.states = new BroadcastStates(descriptors, environment);
  }

  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    return this.states.view(descriptor);
  }

  applyToKeyedState<S extends State>(descriptor: { readonly name: string }, fn: (key: unknown, state: S) => void): void {
    const d = descriptor as AnyStateDescriptor;
    for (const key of this.backend.keys(d.name)) {
      this.backend.setCurrentKey(key);
      fn(key, stateOf(this.runtimeContext, d) as unknown as S);
    }
  }

  override async initializeState(): Promise<void> {
    this.states.restore();
    await super.initializeState();
  }

  override async snapshotState(context: FunctionSnapshotContext): Promise<void> {
    this.states.snapshot();
    await super.snapshotState(context);
  }

  collect(value: unknown): void {
    this.guarded(() => {
      this.setKey(0, value);
      this.fn.processElement(value, this, this.downstream);
    });
  }

  collect2(value: unknown): void {
    this.states.asBroadcastSide(() => this.guarded(() => this.fn.processBroadcastElement(value, this, this.downstream)));
  }

  protected onTimer(timer: Timer): void {
    const onTimer = this.fn.onTimer;
    if (onTimer !== undefined) this.guarded(() => onTimer.call(this.fn, timer.timestamp, this, this.downstream));
  }
}

/**
 * Flink's interval join: a left record at time t joins right records at times in
 * [t + lower, t + upper], both sides buffered in keyed state until the watermark makes
 * further matches impossible; a record later than the watermark is dropped.
 */
export class IntervalJoinOperator extends KeyedTwoInputBase {
  private readonly left: MapState<number, unknown[]>;
  private readonly right: MapState<number, unknown[]>;
  private joinLeft = 0;
  private joinRight = 0;
  private readonly lower: number;
  private readonly upper: number;

  constructor(
    name: string,
    private readonly fn: ProcessJoinFunction<unknown, unknown, unknown>,
    bounds: { lowerBoundMs: number; upperBoundMs: number; lowerInclusive: boolean; upperInclusive: boolean },
    keySelectors: readonly [(value: unknown) => unknown, (value: unknown) => unknown],
    output: Output,
    environment: OperatorEnvironment,
  ) {
    super(name, output, environment, fn, keySelectors, 'interval-join');
    this.lower = bounds.lowerBoundMs + (bounds.lowerInclusive ? 0 : 1);
    this.upper = bounds.upperBoundMs - (bounds.upperInclusive ? 0 : 1);
    this.left = this.backend.getMapState(new MapStateDescriptor<number, unknown[]>('_interval-join-left'));
    this.right = this.backend.getMapState(new MapStateDescriptor<number, unknown[]>('_interval-join-right'));
  }

  collect(value: unknown): void {
    this.guarded(() => {
      this.setKey(0, value);
      this.process(value, this.left, this.right, this.lower, this.upper, true);
    });
  }

  collect2(value: unknown): void {
    this.guarded(() => {
      this.setKey(1, value);
      this.process(value, this.right, this.left, -this.upper, -this.lower, false);
    });
  }

  protected onTimer(timer: Timer): void {
    const [side, time] = timer.namespace.split(':');
    (side === 'left' ? this.left : this.right).remove(Number(time));
  }

  leftTimestamp(): number {
    return this.joinLeft;
  }

  rightTimestamp(): number {
    return this.joinRight;
  }

  private process(value: unknown, own: MapState<number, unknown[]>, other: MapState<number, unknown[]>, lower: number, upper: number, isLeft: boolean): void {
    const time = this.time.timestamp;
    if (time === undefined) {
      throw new WeirError('USER_FUNCTION_FAILED', `interval join '${this.name}' needs event timestamps: give the sources a WatermarkStrategy with a timestamp assigner`);
    }
    if (time < this.watermark) return;
    own.put(time, [...(own.get(time) ?? []), value]);
    for (const [otherTime, values] of other.entries()) {
      if (otherTime < time + lower || otherTime > time + upper) continue;
      for (const match of values) this.emit(isLeft ? [value, time, match, otherTime] : [match, otherTime, value, time]);
    }
    // A buffered record is useless once the watermark passed the latest time it can still match.
    const cleanupAt = isLeft ? time + Math.max(0, this.upper) : time + Math.max(0, -this.lower);
    this.timers.registerEventTimeTimer(`${isLeft ? 'left' : 'right'}:${time}`, cleanupAt);
  }

  private emit([left, leftTime, right, rightTime]: readonly [unknown, number, unknown, number]): void {
    this.joinLeft = leftTime;
    this.joinRight = rightTime;
    const joined = Math.max(leftTime, rightTime);
    this.time.timestamp = joined;
    const context = { leftTimestamp: () => leftTime, rightTimestamp: () => rightTime, timestamp: () => joined };
    this.fn.processElement(left, right, context, this.downstream as Collector<unknown>);
  }
}
