/**
 * Two streams processed by one operator: `a.connect(b)` (Flink's ConnectedStreams), the
 * broadcast state pattern `a.connect(b.broadcast(descriptor))`, and the interval join
 * `a.keyBy(k).intervalJoin(b.keyBy(k)).between(lower, upper)`.
 */
import {
  KeyedCoProcessFunction,
  type BroadcastProcessFunction,
  type CoFlatMapFunction,
  type CoMapFunction,
  type CoProcessFunction,
  type KeyedBroadcastProcessFunction,
  type ProcessJoinFunction,
} from './co-functions.js';
import { SingleOutputStreamOperator, type DataStream, type KeyedStream } from './data-stream.js';
import type { KeySelector } from './functions.js';
import type { MapStateDescriptor } from './state/state-descriptors.js';
import type { OperatorSpec, Transformation } from './transformation.js';
import { WeirError } from '../core/errors.js';

function twoInput<R>(first: DataStream<unknown>, second: Transformation, name: string, operator: OperatorSpec): SingleOutputStreamOperator<R> {
  const environment = first.environment;
  const transformation = environment.addPhysical(name, [first.transformation, second], operator, 'ALWAYS');
  return new SingleOutputStreamOperator<R>(environment, transformation);
}

export class ConnectedStreams<IN1, IN2> {
  constructor(
    readonly first: DataStream<IN1>,
    readonly second: DataStream<IN2>,
    /** Set after keyBy: both inputs are partitioned by these selectors. */
    private readonly keySelectors?: readonly [KeySelector<IN1, unknown>, KeySelector<IN2, unknown>],
  ) {}

  /** Partitions both inputs by key, so a KeyedCoProcessFunction sees equal keys together. */
  keyBy<K>(first: KeySelector<IN1, K>, second: KeySelector<IN2, K>): ConnectedStreams<IN1, IN2> {
    return new ConnectedStreams(this.first.keyBy(first), this.second.keyBy(second), [first, second]);
  }

  map<R>(fn: CoMapFunction<IN1, IN2, R>): SingleOutputStreamOperator<R> {
    return this.op('Co-Map', { kind: 'coMap', fn: fn as CoMapFunction<unknown, unknown, unknown> });
  }

  flatMap<R>(fn: CoFlatMapFunction<IN1, IN2, R>): SingleOutputStreamOperator<R> {
    return this.op('Co-Flat Map', { kind: 'coFlatMap', fn: fn as CoFlatMapFunction<unknown, unknown, unknown> });
  }

  process<R>(fn: CoProcessFunction<IN1, IN2, R> | KeyedCoProcessFunction<unknown, IN1, IN2, R>): SingleOutputStreamOperator<R> {
    const selectors = this.keySelectors;
    if (fn instanceof KeyedCoProcessFunction || selectors !== undefined) {
      if (selectors === undefined) {
        throw new WeirError('GRAPH_INVALID', 'a KeyedCoProcessFunction needs keyed inputs: call connect(...).keyBy(keyOfFirst, keyOfSecond) first');
      }
      return this.op('KeyedCoProcess', {
        kind: 'keyedCoProcess',
        fn: fn as KeyedCoProcessFunction<unknown, unknown, unknown, unknown>,
        keySelectors: selectors as readonly [KeySelector<unknown, unknown>, KeySelector<unknown, unknown>],
      });
    }
    return this.op('Co-Process', { kind: 'coProcess', fn: fn as CoProcessFunction<unknown, unknown, unknown> });
  }

  private op<R>(name: string, operator: OperatorSpec): SingleOutputStreamOperator<R> {
    return twoInput<R>(this.first as DataStream<unknown>, this.second.transformation, name, operator);
  }
}

/** A stream sent to every parallel instance, with the broadcast states it fills. */
export class BroadcastStream<T> {
  constructor(
    readonly stream: DataStream<T>,
    readonly descriptors: readonly MapStateDescriptor<unknown, unknown>[],
  ) {}
}

export class BroadcastConnectedStream<IN1, IN2> {
  constructor(
    private readonly first: DataStream<IN1>,
    private readonly broadcast: BroadcastStream<IN2>,
    private readonly keySelector: KeySelector<IN1, unknown> | undefined,
  ) {}

  process<R>(fn: BroadcastProcessFunction<IN1, IN2, R> | KeyedBroadcastProcessFunction<unknown, IN1, IN2, R>): SingleOutputStreamOperator<R> {
    const second = this.broadcast.stream.transformation;
    if (this.keySelector !== undefined) {
      return twoInput<R>(this.first as DataStream<unknown>, second, 'Co-Process-Broadcast-Keyed', {
        kind: 'keyedBroadcastProcess',
        fn: fn as KeyedBroadcastProcessFunction<unknown, unknown, unknown, unknown>,
        descriptors: this.broadcast.descriptors,
        keySelector: this.keySelector as KeySelector<unknown, unknown>,
      });
    }
    return twoInput<R>(this.first as DataStream<unknown>, second, 'Co-Process-Broadcast', {
      kind: 'broadcastProcess',
      fn: fn as BroadcastProcessFunction<unknown, unknown, unknown>,
      descriptors: this.broadcast.descriptors,
    });
  }
}

export class IntervalJoin<IN1, IN2, K> {
  constructor(
    private readonly left: KeyedStream<IN1, K>,
    private readonly right: KeyedStream<IN2, K>,
  ) {}

  /** Right records at times [left + lower, left + upper] join each left record; both bounds included. */
  between(lowerBoundMs: number, upperBoundMs: number): IntervalJoined<IN1, IN2, K> {
    if (lowerBoundMs > upperBoundMs) {
      throw new WeirError('GRAPH_INVALID', `intervalJoin: the lower bound ${lowerBoundMs} is above the upper bound ${upperBoundMs}`);
    }
    return new IntervalJoined(this.left, this.right, lowerBoundMs, upperBoundMs);
  }
}

export class IntervalJoined<IN1, IN2, K> {
  private lowerInclusive = true;
  private upperInclusive = true;

  constructor(
    private readonly left: KeyedStream<IN1, K>,
    private readonly right: KeyedStream<IN2, K>,
    private readonly lowerBoundMs: number,
    private readonly upperBoundMs: number,
  ) {}

  lowerBoundExclusive(): this {
    this.lowerInclusive = false;
    return this;
  }

  upperBoundExclusive(): this {
    this.upperInclusive = false;
    return this;
  }

  process<R>(fn: ProcessJoinFunction<IN1, IN2, R>): SingleOutputStreamOperator<R> {
    return twoInput<R>(this.left as DataStream<unknown>, this.right.transformation, 'IntervalJoin', {
      kind: 'intervalJoin',
      fn: fn as ProcessJoinFunction<unknown, unknown, unknown>,
      lowerBoundMs: this.lowerBoundMs,
      upperBoundMs: this.upperBoundMs,
      lowerInclusive: this.lowerInclusive,
      upperInclusive: this.upperInclusive,
      keySelectors: [this.left.keySelector as KeySelector<unknown, unknown>, this.right.keySelector as KeySelector<unknown, unknown>],
    });
  }
}
