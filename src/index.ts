/**
 * Weir's public API: what a job file imports from 'weir'.
 */
export { StreamExecutionEnvironment, ExecutionConfig, DataStreamSource } from './api/stream-execution-environment.js';
export { DataStream, SingleOutputStreamOperator, DataStreamSink, KeyedStream } from './api/data-stream.js';
export type { FieldExpression } from './api/aggregations.js';
export {
  ProcessFunction,
  KeyedProcessFunction,
  type RuntimeContext,
  type RichFunction,
  type Collector,
  type MapFunction,
  type FlatMapFunction,
  type FilterFunction,
  type ReduceFunction,
  type KeySelector,
  type Partitioner,
  type ProcessContext,
  type KeyedProcessContext,
  type OnTimerContext,
  type TimerService,
  type TimeDomain,
} from './api/functions.js';
export { OutputTag } from './api/output-tag.js';
export { ConnectedStreams, BroadcastStream, BroadcastConnectedStream, IntervalJoin, IntervalJoined } from './api/connected-streams.js';
export {
  CoProcessFunction,
  KeyedCoProcessFunction,
  BroadcastProcessFunction,
  KeyedBroadcastProcessFunction,
  ProcessJoinFunction,
  type CoMapFunction,
  type CoFlatMapFunction,
  type BroadcastState,
  type ReadOnlyBroadcastState,
  type BroadcastContext,
  type ReadOnlyBroadcastContext,
  type KeyedBroadcastContext,
  type KeyedReadOnlyBroadcastContext,
  type KeyedCoProcessContext,
  type ProcessJoinContext,
} from './api/co-functions.js';
export {
  ValueStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  AggregatingStateDescriptor,
  type StateSerializer,
} from './api/state/state-descriptors.js';
export type { ValueState, ListState, MapState, ReducingState, AggregatingState, AggregateFunction } from './api/state/state.js';
export { StateTtlConfig, type TtlUpdateType, type TtlStateVisibility } from './api/state/state-ttl-config.js';
export type {
  CheckpointedFunction,
  CheckpointListener,
  CheckpointingMode,
  FunctionInitializationContext,
  FunctionSnapshotContext,
  KeyedStateStore,
  OperatorStateStore,
} from './api/checkpoint.js';
export { WatermarkStrategy, type TimestampAssigner } from './api/watermark-strategy.js';
export type {
  Source,
  SourceSplit,
  SourceReader,
  SourceReaderContext,
  SplitEnumerator,
  SplitEnumeratorContext,
  ReaderOutput,
  InputStatus,
  Boundedness,
} from './api/source.js';
export type {
  Sink,
  SinkWriter,
  StatefulSink,
  StatefulSinkWriter,
  TwoPhaseCommittingSink,
  CommittingSinkWriter,
  Committer,
} from './api/sink.js';
export { JobExecutionResult, type JobClient, type JobStatus } from './api/job-client.js';
export {
  IntCounter,
  LongCounter,
  DoubleCounter,
  IntMinimum,
  IntMaximum,
  DoubleMinimum,
  DoubleMaximum,
  AverageAccumulator,
  Histogram,
  ListAccumulator,
  type Accumulator,
} from './api/accumulators.js';
export { DataGeneratorSource, RateLimiterStrategy } from './connectors/data-generator-source.js';
export { NumberSequenceSource } from './connectors/number-sequence-source.js';
export { CollectionSource } from './connectors/collection-source.js';
export { WeirError, type WeirErrorCode } from './core/errors.js';
export { FileSource, FileSourceBuilder } from './connectors/file/file-source.js';
export { TextLineInputFormat } from './connectors/file/text-line-input-format.js';
export type { StreamFormat, StreamDecoder, RecordCallback } from './connectors/file/stream-format.js';
export type { FileSourceSplit, PendingSplitsCheckpoint } from './connectors/file/file-source-split.js';
export { FileSink, RowFormatBuilder } from './connectors/file/file-sink.js';
export type { FileSinkCommittable, FileWriterState } from './connectors/file/file-sink-types.js';
export { SimpleStringEncoder, type Encoder } from './connectors/file/encoder.js';
export {
  DefaultRollingPolicy,
  DefaultRollingPolicyBuilder,
  OnCheckpointRollingPolicy,
  type RollingPolicy,
  type PartFileInfo,
} from './connectors/file/rolling-policy.js';
export {
  DateTimeBucketAssigner,
  BasePathBucketAssigner,
  type BucketAssigner,
  type BucketAssignerContext,
} from './connectors/file/bucket-assigner.js';
export { OutputFileConfig, OutputFileConfigBuilder } from './connectors/file/output-file-config.js';
export { Window, TimeWindow, GlobalWindow, MAX_TIMESTAMP, type WindowSerializer, type MergeCallback } from './api/windowing/windows.js';
export { WindowAssigner, MergingWindowAssigner, type WindowAssignerContext } from './api/windowing/window-assigner.js';
export {
  TumblingEventTimeWindows,
  SlidingEventTimeWindows,
  TumblingProcessingTimeWindows,
  SlidingProcessingTimeWindows,
} from './api/windowing/time-window-assigners.js';
export {
  EventTimeSessionWindows,
  ProcessingTimeSessionWindows,
  type SessionWindowTimeGapExtractor,
} from './api/windowing/session-windows.js';
export { GlobalWindows } from './api/windowing/global-windows.js';
export { Trigger, TriggerResult, type TriggerContext, type OnMergeContext } from './api/windowing/trigger.js';
export { EventTimeTrigger, ProcessingTimeTrigger, CountTrigger, PurgingTrigger, NeverTrigger } from './api/windowing/triggers.js';
export { ContinuousEventTimeTrigger, ContinuousProcessingTimeTrigger } from './api/windowing/continuous-triggers.js';
export {
  CountEvictor,
  TimeEvictor,
  DeltaEvictor,
  type Evictor,
  type EvictorContext,
  type TimestampedValue,
  type DeltaFunction,
} from './api/windowing/evictors.js';
export {
  ProcessWindowFunction,
  ProcessAllWindowFunction,
  type ProcessWindowContext,
  type WindowFunction,
  type AllWindowFunction,
} from './api/windowing/window-functions.js';
export { WindowedStream } from './api/windowing/windowed-stream.js';
export { AllWindowedStream } from './api/windowing/all-windowed-stream.js';
export { JoinedStreams, JoinWithWindow, type JoinFunction, type FlatJoinFunction } from './api/windowing/joined-streams.js';
export { CoGroupedStreams, CoGroupWithWindow, type CoGroupFunction, type TaggedUnion } from './api/windowing/co-grouped-streams.js';
export {
  AsyncDataStream,
  AsyncRetryStrategies,
  RetryPredicates,
  RichAsyncFunction,
  type AsyncFunction,
  type AsyncFunctionLike,
  type ResultFuture,
  type AsyncRetryStrategy,
  type AsyncRetryPredicate,
} from './api/async-data-stream.js';
