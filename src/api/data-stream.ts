import { WeirError } from '../core/errors.js';
import {
  resolveUserFunction,
  type FilterFunction,
  type FlatMapFunction,
  type KeyedProcessFunction,
  type KeySelector,
  type MapFunction,
  type Partitioner,
  type ProcessFunction,
  type ReduceFunction,
} from './functions.js';
import type { Sink } from './sink.js';
import type { StreamExecutionEnvironment } from './stream-execution-environment.js';
import type {
  ChainingStrategy,
  OperatorKind,
  OperatorSpec,
  PartitioningSpec,
  PhysicalTransformation,
  Transformation,
} from './transformation.js';
import { compare, fieldAccess, type FieldExpression } from './aggregations.js';
import type { OutputTag } from './output-tag.js';
import type { MapStateDescriptor } from './state/state-descriptors.js';
import { BroadcastConnectedStream, BroadcastStream, ConnectedStreams, IntervalJoin } from './connected-streams.js';
import { AllWindowedStream } from './windowing/all-windowed-stream.js';
import { CoGroupedStreams } from './windowing/co-grouped-streams.js';
import { GlobalWindows } from './windowing/global-windows.js';
import { JoinedStreams } from './windowing/joined-streams.js';
import { CountEvictor } from './windowing/evictors.js';
import { CountTrigger, PurgingTrigger } from './windowing/triggers.js';
import type { WindowAssigner } from './windowing/window-assigner.js';
import { WindowedStream } from './windowing/windowed-stream.js';
import type { GlobalWindow, Window } from './windowing/windows.js';

/**
 * A stream of records of type T: the handle the user chains transformations on.
 *
 * ```ts
 * env.fromElements(1, 2, 3).map((x) => x * 2).filter((x) => x > 2).print();
 * ```
 */
export class DataStream<T> {
  constructor(
    readonly environment: StreamExecutionEnvironment,
    readonly transformation: Transformation,
  ) {}

  map<R>(fn: MapFunction<T, R>): SingleOutputStreamOperator<R> {
    return this.addOperator('Map', { kind: 'map', fn: fn as MapFunction<unknown, unknown> });
  }

  flatMap<R>(fn: FlatMapFunction<T, R>): SingleOutputStreamOperator<R> {
    return this.addOperator('Flat Map', { kind: 'flatMap', fn: fn as FlatMapFunction<unknown, unknown> });
  }

  filter(fn: FilterFunction<T>): SingleOutputStreamOperator<T> {
    return this.addOperator('Filter', { kind: 'filter', fn: fn as FilterFunction<unknown> });
  }

  process<R>(fn: ProcessFunction<T, R>): SingleOutputStreamOperator<R> {
    return this.addOperator('Process', { kind: 'process', fn: fn as ProcessFunction<unknown, unknown> });
  }

  /** Partitions by key: equal keys go to the same subtask, by key group as in Flink. */
  keyBy<K>(keySelector: KeySelector<T, K>): KeyedStream<T, K> {
    const selector = keySelector as KeySelector<unknown, unknown>;
    const partition = this.environment.addPartition(this.transformation, { kind: 'hash', keySelector: selector });
    return new KeyedStream<T, K>(this.environment, partition, keySelector);
  }

  /** Merges streams of the same type; records keep their order only per input. */
  union(...others: DataStream<T>[]): DataStream<T> {
    for (const other of others) {
      if (other.environment !== this.environment) {
        throw new WeirError('GRAPH_INVALID', 'union: all streams must come from the same StreamExecutionEnvironment');
      }
    }
    const union = this.environment.addUnion([this.transformation, ...others.map((o) => o.transformation)]);
    return new DataStream<T>(this.environment, union);
  }

  forward(): DataStream<T> {
    return this.partitioned({ kind: 'forward' });
  }

  rebalance(): DataStream<T> {
    return this.partitioned({ kind: 'rebalance' });
  }

  rescale(): DataStream<T> {
    return this.partitioned({ kind: 'rescale' });
  }

  shuffle(): DataStream<T> {
    return this.partitioned({ kind: 'shuffle' });
  }

  /**
   * Sends every record to every parallel instance. With state descriptors it gives a
   * BroadcastStream for the broadcast state pattern: `a.connect(b.broadcast(rules))`.
   */
  broadcast(): DataStream<T>;
  broadcast(...descriptors: [MapStateDescriptor<unknown, unknown>, ...MapStateDescriptor<unknown, unknown>[]]): BroadcastStream<T>;
  broadcast(...descriptors: MapStateDescriptor<unknown, unknown>[]): DataStream<T> | BroadcastStream<T> {
    const broadcasted = this.partitioned({ kind: 'broadcast' });
    return descriptors.length === 0 ? broadcasted : new BroadcastStream<T>(broadcasted, descriptors);
  }

  /** Two streams into one operator: co-functions, or the broadcast state pattern with a BroadcastStream. */
  connect<R>(other: DataStream<R>): ConnectedStreams<T, R>;
  connect<R>(other: BroadcastStream<R>): BroadcastConnectedStream<T, R>;
  connect<R>(other: DataStream<R> | BroadcastStream<R>): ConnectedStreams<T, R> | BroadcastConnectedStream<T, R> {
    if (other instanceof BroadcastStream) {
      const keySelector = this instanceof KeyedStream ? (this.keySelector as KeySelector<T, unknown>) : undefined;
      return new BroadcastConnectedStream<T, R>(this, other, keySelector);
    }
    // Two keyed streams connect keyed, as in Flink: a KeyedCoProcessFunction may follow.
    if (this instanceof KeyedStream && other instanceof KeyedStream) {
      return new ConnectedStreams<T, R>(this, other, [this.keySelector as KeySelector<T, unknown>, other.keySelector as KeySelector<R, unknown>]);
    }
    return new ConnectedStreams<T, R>(this, other);
  }

  global(): DataStream<T> {
    return this.partitioned({ kind: 'global' });
  }

  /** Sends each record to `partitioner(key, numPartitions)`. */
  partitionCustom<K>(partitioner: Partitioner<K>, keySelector: KeySelector<T, K>): DataStream<T> {
    return this.partitioned({
      kind: 'custom',
      customPartitioner: partitioner as Partitioner<unknown>,
      keySelector: keySelector as KeySelector<unknown, unknown>,
    });
  }

  /**
   * Windows over the whole stream, run at parallelism 1 (Flink's windowAll).
   *
   * ```ts
   * pageCounts.windowAll(TumblingEventTimeWindows.of(60_000)).process(new TopThree());
   * ```
   */
  windowAll<W extends Window>(assigner: WindowAssigner<T, W>): AllWindowedStream<T, W> {
    return new AllWindowedStream(this, assigner);
  }

  /** Windows of `size` elements of the whole stream, every `slide` elements when given. */
  countWindowAll(size: number, slide?: number): AllWindowedStream<T, GlobalWindow> {
    const windowed = this.windowAll(GlobalWindows.create());
    return slide === undefined
      ? windowed.trigger(PurgingTrigger.of(CountTrigger.of(size)))
      : windowed.evictor(CountEvictor.of(size)).trigger(CountTrigger.of(slide));
  }

  /** A window join: `a.join(b).where(keyA).equalTo(keyB).window(assigner).apply((x, y) => ...)`. */
  join<R>(other: DataStream<R>): JoinedStreams<T, R> {
    return new JoinedStreams(this, other);
  }

  /** A window coGroup: both sides' elements of a key and window in one call. */
  coGroup<R>(other: DataStream<R>): CoGroupedStreams<T, R> {
    return new CoGroupedStreams(this, other);
  }

  /** Prints each record to standard out, prefixed with `subtask> ` when parallelism > 1. */
  print(sinkIdentifier?: string): DataStreamSink<T> {
    return this.addSink('Print to Std. Out', { kind: 'print', stdErr: false, prefix: sinkIdentifier });
  }

  printToErr(sinkIdentifier?: string): DataStreamSink<T> {
    return this.addSink('Print to Std. Err', { kind: 'print', stdErr: true, prefix: sinkIdentifier });
  }

  sinkTo(sink: Sink<T>): DataStreamSink<T> {
    return this.addSink('Sink', { kind: 'sink', sink: sink as Sink<unknown> });
  }

  /**
   * Runs the program and returns this stream's records to the client, stopping the job
   * after `limit` records when a limit is given.
   */
  async executeAndCollect(limit?: number, jobName?: string): Promise<T[]> {
    const sink = this.addSink('Collect Stream Sink', { kind: 'collect' });
    const records = await this.environment.executeCollecting(sink.transformation, limit, jobName);
    return records as T[];
  }

  protected partitioned(partitioning: PartitioningSpec): DataStream<T> {
    return new DataStream<T>(this.environment, this.environment.addPartition(this.transformation, partitioning));
  }

  protected addOperator<R>(name: string, operator: OperatorSpec): SingleOutputStreamOperator<R> {
    const transformation = this.environment.addPhysical(name, [this.transformation], operator, 'ALWAYS');
    return new SingleOutputStreamOperator<R>(this.environment, transformation);
  }

  private addSink(name: string, operator: OperatorSpec): DataStreamSink<T> {
    const transformation = this.environment.addPhysical(
      operatorName(operator.kind, name),
      [this.transformation],
      operator,
      'ALWAYS',
    );
    return new DataStreamSink<T>(transformation);
  }
}

/**
 * The name Flink shows for an operator the user named `name`: sources and sinks keep
 * their role in it (`Source: lines`, `Sink: out`, `kafka: Writer` for a `sinkTo` sink).
 */
export function operatorName(kind: OperatorKind, name: string): string {
  switch (kind) {
    case 'source':
      return `Source: ${name}`;
    case 'sink':
      return `${name}: Writer`;
    case 'print':
    case 'collect':
      return `Sink: ${name}`;
    default:
      return name;
  }
}

/** Settings shared by operators and sinks. */
function configure(transformation: PhysicalTransformation) {
  return {
    name(name: string): void {
      transformation.name = operatorName(transformation.operator.kind, name);
    },
    uid(uid: string): void {
      transformation.uid = uid;
    },
    setParallelism(parallelism: number): void {
      assertPositiveInt('setParallelism', parallelism);
      if (transformation.nonParallel && parallelism !== 1) {
        throw new WeirError(
          'GRAPH_INVALID',
          `'${transformation.name}' is not a parallel source: its parallelism must be 1; use fromSequence or a DataGeneratorSource for parallel input`,
        );
      }
      transformation.parallelism = parallelism;
    },
    setMaxParallelism(maxParallelism: number): void {
      assertPositiveInt('setMaxParallelism', maxParallelism);
      transformation.maxParallelism = maxParallelism;
    },
    slotSharingGroup(group: string): void {
      transformation.slotSharingGroup = group;
    },
    setChaining(strategy: ChainingStrategy): void {
      transformation.chaining = strategy;
    },
  };
}

export function assertPositiveInt(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new WeirError('GRAPH_INVALID', `${what}: expected a positive integer, got ${String(value)}`);
  }
}

/** The result of a transformation: a stream whose operator can be named and tuned. */
export class SingleOutputStreamOperator<T> extends DataStream<T> {
  declare readonly transformation: PhysicalTransformation;

  name(name: string): this {
    configure(this.transformation).name(name);
    return this;
  }

  /** A stable id that survives program changes; state is matched by it on restore. */
  uid(uid: string): this {
    configure(this.transformation).uid(uid);
    return this;
  }

  setParallelism(parallelism: number): this {
    configure(this.transformation).setParallelism(parallelism);
    return this;
  }

  setMaxParallelism(maxParallelism: number): this {
    configure(this.transformation).setMaxParallelism(maxParallelism);
    return this;
  }

  slotSharingGroup(group: string): this {
    configure(this.transformation).slotSharingGroup(group);
    return this;
  }

  /** Keeps this operator out of any chain. */
  disableChaining(): this {
    configure(this.transformation).setChaining('NEVER');
    return this;
  }

  /** The records this operator emitted with `ctx.output(tag, value)`. */
  getSideOutput<X>(tag: OutputTag<X>): DataStream<X> {
    return new DataStream<X>(this.environment, this.environment.addSideOutput(this.transformation, tag.id));
  }

  /** Starts a new chain at this operator; later operators may still chain to it. */
  startNewChain(): this {
    configure(this.transformation).setChaining('HEAD');
    return this;
  }
}

/** What `print`, `sinkTo` return: the sink can be named and tuned, but not transformed further. */
export class DataStreamSink<T> {
  private readonly settings;

  constructor(readonly transformation: PhysicalTransformation) {
    this.settings = configure(transformation);
  }

  name(name: string): this {
    this.settings.name(name);
    return this;
  }

  uid(uid: string): this {
    this.settings.uid(uid);
    return this;
  }

  setParallelism(parallelism: number): this {
    this.settings.setParallelism(parallelism);
    return this;
  }

  slotSharingGroup(group: string): this {
    this.settings.slotSharingGroup(group);
    return this;
  }

  disableChaining(): this {
    this.settings.setChaining('NEVER');
    return this;
  }

  /** Marks the element type; sinks accept records of type T. */
  declare readonly __elementType?: T;
}

/**
 * A stream partitioned by key. Rolling aggregations keep one accumulator per key and emit
 * it after every record, as Flink's do.
 */
export class KeyedStream<T, K> extends DataStream<T> {
  constructor(
    environment: StreamExecutionEnvironment,
    transformation: Transformation,
    readonly keySelector: KeySelector<T, K>,
  ) {
    super(environment, transformation);
  }

  /** Joins records of two keyed streams whose event times are within an interval of each other. */
  intervalJoin<R>(other: KeyedStream<R, K>): IntervalJoin<T, R, K> {
    return new IntervalJoin<T, R, K>(this, other);
  }

  reduce(fn: ReduceFunction<T>): SingleOutputStreamOperator<T> {
    const reduce = resolveUserFunction<(acc: unknown, value: unknown) => unknown>(fn, 'reduce');
    return this.keyedReduce('Keyed Reduce', reduce, fn);
  }

  /** Rolling sum of a field; the other fields keep the values of the key's first record. */
  sum(field: FieldExpression = 0): SingleOutputStreamOperator<T> {
    const access = fieldAccess(field);
    return this.aggregation((acc, value) => access.with(acc, (access.get(acc) as number) + (access.get(value) as number)));
  }

  /** Rolling minimum of a field; the other fields keep the values of the key's first record. */
  min(field: FieldExpression = 0): SingleOutputStreamOperator<T> {
    const access = fieldAccess(field);
    return this.aggregation((acc, value) =>
      compare(access.get(value), access.get(acc)) < 0 ? access.with(acc, access.get(value)) : acc,
    );
  }

  max(field: FieldExpression = 0): SingleOutputStreamOperator<T> {
    const access = fieldAccess(field);
    return this.aggregation((acc, value) =>
      compare(access.get(value), access.get(acc)) > 0 ? access.with(acc, access.get(value)) : acc,
    );
  }

  /** The record with the smallest field so far; on a tie the earlier record wins unless `first` is false. */
  minBy(field: FieldExpression = 0, first = true): SingleOutputStreamOperator<T> {
    const access = fieldAccess(field);
    return this.aggregation((acc, value) => {
      const order = compare(access.get(value), access.get(acc));
      return order < 0 || (order === 0 && !first) ? value : acc;
    });
  }

  maxBy(field: FieldExpression = 0, first = true): SingleOutputStreamOperator<T> {
    const access = fieldAccess(field);
    return this.aggregation((acc, value) => {
      const order = compare(access.get(value), access.get(acc));
      return order > 0 || (order === 0 && !first) ? value : acc;
    });
  }

  override process<R>(fn: KeyedProcessFunction<K, T, R> | Parameters<DataStream<T>['process']>[0]): SingleOutputStreamOperator<R> {
    return this.addOperator('KeyedProcess', {
      kind: 'keyedProcess',
      keySelector: this.keySelector as KeySelector<unknown, unknown>,
      fn: fn as unknown as KeyedProcessFunction<unknown, unknown, unknown>,
    });
  }

  /**
   * Cuts each key's elements into windows.
   *
   * ```ts
   * clicks.keyBy((c) => c.user).window(TumblingEventTimeWindows.of(60_000)).reduce((a, b) => ...);
   * ```
   */
  window<W extends Window>(assigner: WindowAssigner<T, W>): WindowedStream<T, K, W> {
    return new WindowedStream(this, assigner);
  }

  /** Windows of `size` elements per key, every `slide` elements when given (Flink's countWindow). */
  countWindow(size: number, slide?: number): WindowedStream<T, K, GlobalWindow> {
    const windowed = this.window(GlobalWindows.create());
    return slide === undefined
      ? windowed.trigger(PurgingTrigger.of(CountTrigger.of(size)))
      : windowed.evictor(CountEvictor.of(size)).trigger(CountTrigger.of(slide));
  }

  private aggregation(reduce: (acc: unknown, value: unknown) => unknown): SingleOutputStreamOperator<T> {
    return this.keyedReduce('Keyed Aggregation', reduce, undefined);
  }

  private keyedReduce(
    name: string,
    reduce: (acc: unknown, value: unknown) => unknown,
    richFunction: unknown,
  ): SingleOutputStreamOperator<T> {
    return this.addOperator(name, {
      kind: 'keyedReduce',
      keySelector: this.keySelector as KeySelector<unknown, unknown>,
      reduce,
      ...(richFunction !== null && typeof richFunction === 'object' ? { rich: richFunction } : {}),
    });
  }
}

