import { WeirError } from '../core/errors.js';
import { createJobGraph, type JobGraph } from '../graph/job-graph.js';
import { streamGraphPlan } from '../graph/plan.js';
import { generateStreamGraph, type StreamGraph } from '../graph/stream-graph.js';
import { CollectionSource } from '../connectors/collection-source.js';
import { NumberSequenceSource } from '../connectors/number-sequence-source.js';
import { assertPositiveInt, DataStream, operatorName, SingleOutputStreamOperator } from './data-stream.js';
import {
  currentPipelineExecutor,
  nextExecutionOrdinal,
  type EnvironmentDefaults,
  type PipelineExecutor,
} from './execution-context.js';
import type { JobClient, JobExecutionResult } from './job-client.js';
import type { CheckpointingMode } from './checkpoint.js';
import type { Source, SourceSplit } from './source.js';
import type {
  ChainingStrategy,
  OperatorSpec,
  PartitioningSpec,
  PartitionTransformation,
  PhysicalTransformation,
  SideOutputTransformation,
  Transformation,
  UnionTransformation,
} from './transformation.js';
import { WatermarkStrategy } from './watermark-strategy.js';

const FALLBACK_DEFAULTS: EnvironmentDefaults = { parallelism: 1, maxParallelism: 128, chainingEnabled: true };

/** Job-wide settings every task can read (Flink's ExecutionConfig). */
export class ExecutionConfig {
  private parameters: Record<string, string> = {};

  /** Parameters every rich function sees in `ctx.jobParameters`. */
  setGlobalJobParameters(parameters: Readonly<Record<string, string | number | boolean>>): void {
    this.parameters = Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, String(v)]));
  }

  getGlobalJobParameters(): Readonly<Record<string, string>> {
    return this.parameters;
  }
}

/**
 * The entry point of every program: creates sources and runs the pipeline.
 *
 * ```ts
 * const env = StreamExecutionEnvironment.getExecutionEnvironment();
 * env.fromSequence(1, 100).map((n) => n * n).print();
 * await env.execute('squares');
 * ```
 */
export class StreamExecutionEnvironment {
  private transformations: Transformation[] = [];
  private nextId = 1;
  private parallelism: number;
  private maxParallelism: number;
  private chainingEnabled: boolean;
  private readonly config = new ExecutionConfig();
  private checkpointing: { intervalMs: number; mode: CheckpointingMode } | undefined;

  private constructor(defaults: EnvironmentDefaults) {
    this.parallelism = defaults.parallelism;
    this.maxParallelism = defaults.maxParallelism;
    this.chainingEnabled = defaults.chainingEnabled;
  }

  /** The environment of the context the program runs in: `weir run`, a slot, or standalone. */
  static getExecutionEnvironment(): StreamExecutionEnvironment {
    return new StreamExecutionEnvironment(currentPipelineExecutor()?.defaults ?? FALLBACK_DEFAULTS);
  }

  setParallelism(parallelism: number): this {
    assertPositiveInt('setParallelism', parallelism);
    this.parallelism = parallelism;
    return this;
  }

  getParallelism(): number {
    return this.parallelism;
  }

  /** The number of key groups: the upper bound for rescaling keyed state. Default 128. */
  setMaxParallelism(maxParallelism: number): this {
    assertPositiveInt('setMaxParallelism', maxParallelism);
    this.maxParallelism = maxParallelism;
    return this;
  }

  getMaxParallelism(): number {
    return this.maxParallelism;
  }

  /**
   * Checkpoints every `intervalMs` so state and output survive failures exactly once (or
   * at least once). Overrides `execution.checkpointing.interval` and `.mode`.
   */
  enableCheckpointing(intervalMs: number, mode: CheckpointingMode = 'EXACTLY_ONCE'): this {
    assertPositiveInt('enableCheckpointing', intervalMs);
    if (mode !== 'EXACTLY_ONCE' && mode !== 'AT_LEAST_ONCE') {
      throw new WeirError('GRAPH_INVALID', `enableCheckpointing: mode must be 'EXACTLY_ONCE' or 'AT_LEAST_ONCE', got ${String(mode)}`);
    }
    this.checkpointing = { intervalMs, mode };
    return this;
  }

  disableOperatorChaining(): this {
    this.chainingEnabled = false;
    return this;
  }

  isChainingEnabled(): boolean {
    return this.chainingEnabled;
  }

  getConfig(): ExecutionConfig {
    return this.config;
  }

  /** A non-parallel source of the given values. */
  fromElements<T>(...elements: T[]): DataStreamSource<T> {
    return this.fromData(elements);
  }

  /** A non-parallel source of the given values (Flink 1.19's name for fromCollection). */
  fromData<T>(elements: Iterable<T>): DataStreamSource<T> {
    const values = [...elements];
    return this.addSource('Collection Source', new CollectionSource<T>(values), true);
  }

  fromCollection<T>(elements: Iterable<T>): DataStreamSource<T> {
    return this.fromData(elements);
  }

  /** A parallel source of the numbers from `from` to `to`, both included. */
  fromSequence(from: number, to: number): DataStreamSource<number> {
    return this.addSource('Sequence Source', new NumberSequenceSource(from, to), false);
  }

  fromSource<T, S extends SourceSplit>(
    source: Source<T, S>,
    watermarkStrategy: WatermarkStrategy<T>,
    sourceName: string,
  ): DataStreamSource<T> {
    return this.addSource(sourceName, source, false, watermarkStrategy);
  }

  /** The StreamGraph of the program so far, as Flink's JSON plan. */
  getExecutionPlan(): string {
    return streamGraphPlan(this.buildStreamGraph('Plan', false));
  }

  /** Builds the StreamGraph; `clear` forgets the transformations as execute() does. */
  getStreamGraph(jobName = 'Weir Streaming Job', clear = true): StreamGraph {
    return this.buildStreamGraph(jobName, clear);
  }

  /** The JobGraph the program would submit, for tools such as `weir info`. */
  getJobGraph(jobName = 'Weir Streaming Job'): JobGraph {
    return createJobGraph(this.buildStreamGraph(jobName, false), {
      jobParameters: this.config.getGlobalJobParameters(),
    });
  }

  /** Runs the program and waits for it to end. */
  async execute(jobName?: string): Promise<JobExecutionResult> {
    const client = await this.executeAsync(jobName);
    return client.getJobExecutionResult();
  }

  /** Submits the program and returns at once with a handle on the job. */
  async executeAsync(jobName = 'Weir Streaming Job'): Promise<JobClient> {
    const graph = this.buildStreamGraph(jobName, true);
    const executor = await this.executor();
    return executor.execute({
      streamGraph: graph,
      ordinal: nextExecutionOrdinal(),
      jobParameters: this.config.getGlobalJobParameters(),
      checkpointing: this.checkpointing,
    });
  }

  /** @internal used by `DataStream.executeAndCollect`. */
  async executeCollecting(sink: PhysicalTransformation, limit: number | undefined, jobName?: string): Promise<unknown[]> {
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new WeirError('GRAPH_INVALID', `executeAndCollect: limit must be a non-negative integer, got ${String(limit)}`);
    }
    const graph = this.buildStreamGraph(jobName ?? 'Weir Streaming Job', true);
    const operatorId = graph.node(sink.id).operatorId;
    const executor = await this.executor();
    const client = await executor.execute({
      streamGraph: graph,
      ordinal: nextExecutionOrdinal(),
      jobParameters: this.config.getGlobalJobParameters(),
      checkpointing: this.checkpointing,
    });
    const records: unknown[] = [];
    for (;;) {
      const batch = await client.fetchCollectResults(operatorId, records.length);
      for (const record of batch.records) records.push(record);
      if (limit !== undefined && records.length >= limit) {
        await client.cancel();
        return records.slice(0, limit);
      }
      if (batch.finished) break;
    }
    await client.getJobExecutionResult();
    return records;
  }

  /** @internal */
  addPhysical(
    name: string,
    inputs: readonly Transformation[],
    operator: OperatorSpec,
    chaining: ChainingStrategy,
    nonParallel = false,
  ): PhysicalTransformation {
    const t: PhysicalTransformation = {
      type: 'physical',
      id: this.nextId++,
      name,
      uid: undefined,
      parallelism: nonParallel ? 1 : undefined,
      maxParallelism: undefined,
      slotSharingGroup: undefined,
      inputs,
      operator,
      chaining,
      nonParallel,
    };
    this.transformations.push(t);
    return t;
  }

  /** @internal */
  addPartition(input: Transformation, partitioning: PartitioningSpec): PartitionTransformation {
    return {
      type: 'partition',
      id: this.nextId++,
      name: partitioning.kind,
      uid: undefined,
      parallelism: undefined,
      maxParallelism: undefined,
      slotSharingGroup: undefined,
      input,
      partitioning,
    };
  }

  /** @internal */
  addSideOutput(input: PhysicalTransformation, tag: string): SideOutputTransformation {
    return {
      type: 'sideOutput',
      id: this.nextId++,
      name: `side output ${tag}`,
      uid: undefined,
      parallelism: undefined,
      maxParallelism: undefined,
      slotSharingGroup: undefined,
      input,
      tag,
    };
  }

  /** @internal */
  addUnion(inputs: readonly Transformation[]): UnionTransformation {
    return {
      type: 'union',
      id: this.nextId++,
      name: 'Union',
      uid: undefined,
      parallelism: undefined,
      maxParallelism: undefined,
      slotSharingGroup: undefined,
      inputs,
    };
  }

  private addSource<T, S extends SourceSplit>(
    name: string,
    source: Source<T, S>,
    nonParallel: boolean,
    watermarkStrategy: WatermarkStrategy<T> = WatermarkStrategy.noWatermarks(),
  ): DataStreamSource<T> {
    const t = this.addPhysical(
      operatorName('source', name),
      [],
      {
        kind: 'source',
        source: source as unknown as Source<unknown, SourceSplit>,
        watermarkStrategy: watermarkStrategy as WatermarkStrategy<unknown>,
      },
      'HEAD',
      nonParallel,
    );
    return new DataStreamSource<T>(this, t);
  }

  private buildStreamGraph(jobName: string, clear: boolean): StreamGraph {
    const graph = generateStreamGraph(this.transformations, {
      jobName,
      defaultParallelism: this.parallelism,
      maxParallelism: this.maxParallelism,
      chainingEnabled: this.chainingEnabled,
    });
    if (clear) this.transformations = [];
    return graph;
  }

  private async executor(): Promise<PipelineExecutor> {
    const current = currentPipelineExecutor();
    if (current !== undefined) return current;
    const { installStandaloneExecutor } = await import('../client/standalone-executor.js');
    return installStandaloneExecutor();
  }
}

/** A source stream; like any operator it can be named and tuned. */
export class DataStreamSource<T> extends SingleOutputStreamOperator<T> {}

export { DataStream };
