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
} from './api/functions.js';
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
export type { Sink, SinkWriter } from './api/sink.js';
export type { JobClient, JobExecutionResult, JobStatus } from './api/job-client.js';
export { DataGeneratorSource, RateLimiterStrategy } from './connectors/data-generator-source.js';
export { NumberSequenceSource } from './connectors/number-sequence-source.js';
export { CollectionSource } from './connectors/collection-source.js';
export { WeirError, type WeirErrorCode } from './core/errors.js';
