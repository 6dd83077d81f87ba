/**
 * Transformations are what the DataStream API records as the user builds a program;
 * the StreamGraph is generated from them at execute time, once every parallelism is final.
 */
import type {
  FilterFunction,
  FlatMapFunction,
  KeyedProcessFunction,
  KeySelector,
  MapFunction,
  Partitioner,
  ProcessFunction,
} from './functions.js';
import type { Sink } from './sink.js';
import type {
  BroadcastProcessFunction,
  CoFlatMapFunction,
  CoMapFunction,
  CoProcessFunction,
  KeyedBroadcastProcessFunction,
  KeyedCoProcessFunction,
  ProcessJoinFunction,
} from './co-functions.js';
import type { MapStateDescriptor } from './state/state-descriptors.js';
import type { Source, SourceSplit } from './source.js';
import type { WatermarkStrategy } from './watermark-strategy.js';
import type { WindowOperatorSpec } from './windowing/window-operator-spec.js';
import type { AsyncWaitOperatorSpec } from './async-data-stream.js';

/** Flink's chaining strategies: ALWAYS chains both ways, HEAD only starts chains, NEVER does neither. */
export type ChainingStrategy = 'ALWAYS' | 'HEAD' | 'NEVER';

export type PartitionKind = 'forward' | 'rebalance' | 'rescale' | 'shuffle' | 'broadcast' | 'global' | 'hash' | 'custom';

/** An explicit partitioning between two operators, with the user functions it needs. */
export interface PartitioningSpec {
  readonly kind: PartitionKind;
  readonly keySelector?: KeySelector<unknown, unknown>;
  readonly customPartitioner?: Partitioner<unknown>;
}

/** What to build in the slot for one stream node. */
export type OperatorSpec =
  | {
      readonly kind: 'source';
      readonly source: Source<unknown, SourceSplit>;
      readonly watermarkStrategy: WatermarkStrategy<unknown>;
    }
  | { readonly kind: 'map'; readonly fn: MapFunction<unknown, unknown> }
  | { readonly kind: 'flatMap'; readonly fn: FlatMapFunction<unknown, unknown> }
  | { readonly kind: 'filter'; readonly fn: FilterFunction<unknown> }
  | { readonly kind: 'process'; readonly fn: ProcessFunction<unknown, unknown> }
  | {
      readonly kind: 'keyedReduce';
      readonly keySelector: KeySelector<unknown, unknown>;
      readonly reduce: (accumulator: unknown, value: unknown) => unknown;
      /** The user's object when `reduce` was given one, for its open/close hooks. */
      readonly rich?: object;
    }
  | {
      readonly kind: 'keyedProcess';
      readonly keySelector: KeySelector<unknown, unknown>;
      readonly fn: KeyedProcessFunction<unknown, unknown, unknown>;
    }
  | { readonly kind: 'coMap'; readonly fn: CoMapFunction<unknown, unknown, unknown> }
  | { readonly kind: 'coFlatMap'; readonly fn: CoFlatMapFunction<unknown, unknown, unknown> }
  | { readonly kind: 'coProcess'; readonly fn: CoProcessFunction<unknown, unknown, unknown> }
  | {
      readonly kind: 'keyedCoProcess';
      readonly fn: KeyedCoProcessFunction<unknown, unknown, unknown, unknown>;
      readonly keySelectors: readonly [KeySelector<unknown, unknown>, KeySelector<unknown, unknown>];
    }
  | {
      readonly kind: 'broadcastProcess';
      readonly fn: BroadcastProcessFunction<unknown, unknown, unknown>;
      readonly descriptors: readonly MapStateDescriptor<unknown, unknown>[];
    }
  | {
      readonly kind: 'keyedBroadcastProcess';
      readonly fn: KeyedBroadcastProcessFunction<unknown, unknown, unknown, unknown>;
      readonly descriptors: readonly MapStateDescriptor<unknown, unknown>[];
      readonly keySelector: KeySelector<unknown, unknown>;
    }
  | {
      readonly kind: 'intervalJoin';
      readonly fn: ProcessJoinFunction<unknown, unknown, unknown>;
      readonly lowerBoundMs: number;
      readonly upperBoundMs: number;
      readonly lowerInclusive: boolean;
      readonly upperInclusive: boolean;
      readonly keySelectors: readonly [KeySelector<unknown, unknown>, KeySelector<unknown, unknown>];
    }
  | { readonly kind: 'sink'; readonly sink: Sink<unknown> }
  | { readonly kind: 'print'; readonly stdErr: boolean; readonly prefix: string | undefined }
  | { readonly kind: 'collect' }
  | WindowOperatorSpec
  | AsyncWaitOperatorSpec;

export type OperatorKind = OperatorSpec['kind'];

/** Every operator kind, for validating job graphs that arrive from outside (REST). */
export const OPERATOR_KIND_SET = {
  source: true,
  map: true,
  flatMap: true,
  filter: true,
  process: true,
  keyedReduce: true,
  keyedProcess: true,
  coMap: true,
  coFlatMap: true,
  coProcess: true,
  keyedCoProcess: true,
  broadcastProcess: true,
  keyedBroadcastProcess: true,
  intervalJoin: true,
  sink: true,
  print: true,
  collect: true,
  window: true,
  asyncWait: true,
} as const satisfies Record<OperatorKind, true>;

interface TransformationBase {
  readonly id: number;
  name: string;
  uid: string | undefined;
  parallelism: number | undefined;
  maxParallelism: number | undefined;
  slotSharingGroup: string | undefined;
}

/** A transformation that becomes a node of the StreamGraph. */
export interface PhysicalTransformation extends TransformationBase {
  readonly type: 'physical';
  readonly inputs: readonly Transformation[];
  readonly operator: OperatorSpec;
  chaining: ChainingStrategy;
  /** Sources such as fromElements cannot run in parallel. */
  readonly nonParallel: boolean;
}

/** keyBy, rebalance, …: changes how records reach the next operator, not a node itself. */
export interface PartitionTransformation extends TransformationBase {
  readonly type: 'partition';
  readonly input: Transformation;
  readonly partitioning: PartitioningSpec;
}

/** The records an operator emits to one side output: a stream of its own, not a node. */
export interface SideOutputTransformation extends TransformationBase {
  readonly type: 'sideOutput';
  readonly input: PhysicalTransformation;
  readonly tag: string;
}

export interface UnionTransformation extends TransformationBase {
  readonly type: 'union';
  readonly inputs: readonly Transformation[];
}

export type Transformation = PhysicalTransformation | PartitionTransformation | UnionTransformation | SideOutputTransformation;
