/**
 * Submits programs to a remote JobManager through its REST API (`POST /jobs`), as Flink's
 * RestClusterClient does, and follows each job over REST: status, cancel, its result
 * (polled) and a collect sink's records (the client coordination route).
 */
import type { EnvironmentDefaults, PipelineExecutor } from '../api/execution-context.js';
import { JobExecutionResult, type CollectBatch, type JobClient, type JobStatus } from '../api/job-client.js';
import { WeirError } from '../core/errors.js';
import { createJobGraph } from '../graph/job-graph.js';
import { jobResultFromBody } from '../rest/job-result-body.js';
import type { JobSubmission } from '../dispatcher/dispatcher-gateway.js';
import type { ProgramSpec } from '../runtime/deployment.js';
import { toExecutionResult } from './dispatcher-executor.js';
import type { RestClient } from './rest-client.js';
import { TrackedJobClient, type JobOutcome, type OutcomeReporting } from './job-outcome.js';

export interface RestExecutorOptions {
  readonly client: RestClient;
  readonly artifact: Uint8Array;
  readonly program: ProgramSpec;
  /** Every job the program submits starts from this savepoint (`weir run --from-savepoint`), as in Flink. */
  readonly savepointRestore?: JobSubmission['savepointRestore'];
  /**
   * Submit and let go (`weir run --detached`): a job's `getJobExecutionResult()` resolves at
   * once with `netRuntimeMs` 0, as Flink's DetachedJobExecutionResult, so `execute()`
   * returns as soon as the job is submitted and the program's main runs on.
   */
  readonly detached?: boolean;
  readonly onSubmitted?: (jobId: string, jobName: string) => void;
  /** How often a job's result is polled; default 150 ms. */
  readonly pollIntervalMs?: number;
}

/**
 * @example
 * const executor = new RestExecutor({ client: new RestClient({ baseUrl }), artifact: artifact.bytes, program });
 * setPipelineExecutor(executor); // then run the program's main
 * const outcomes = await executor.awaitSubmittedJobs();
 */
export class RestExecutor implements PipelineExecutor, OutcomeReporting {
  readonly #options: RestExecutorOptions;
  readonly #submitted: TrackedJobClient[] = [];

  constructor(options: RestExecutorOptions) {
    this.#options = options;
  }

  get defaults(): EnvironmentDefaults {
    return this.#options.program.defaults;
  }

  async execute(request: Parameters<PipelineExecutor['execute']>[0]): Promise<JobClient> {
    const jobGraph = createJobGraph(request.streamGraph, {
      executionOrdinal: request.ordinal,
      jobParameters: request.jobParameters,
      checkpointing: request.checkpointing,
    });
    const { client, artifact, program, savepointRestore, detached } = this.#options;
    await client.submitJob({ jobGraph, program, artifact, ...(savepointRestore !== undefined ? { savepointRestore } : {}) });
    this.#options.onSubmitted?.(jobGraph.jobId, jobGraph.jobName);
    const remote = new RestJobClient(jobGraph.jobId, jobGraph.jobName, client, this.#options.pollIntervalMs ?? 150);
    const jobClient = new TrackedJobClient(detached === true ? new DetachedJobClient(remote) : remote, jobGraph.jobName);
    this.#submitted.push(jobClient);
    return jobClient;
  }

  /** Waits until every job this executor submitted has ended, and tells how each did; at once when detached. */
  async awaitSubmittedJobs(): Promise<readonly JobOutcome[]> {
    if (this.#options.detached === true) {
      return this.#submitted.map((job) => ({ kind: 'detached', jobId: job.jobId, jobName: job.jobName }) as const);
    }
    return Promise.all(this.#submitted.map((job) => job.outcome()));
  }
}

/** A job submitted in detached mode: followed no further, its result is Flink's DetachedJobExecutionResult. */
class DetachedJobClient implements JobClient {
  constructor(private readonly remote: RestJobClient) {}

  get jobId(): string {
    return this.remote.jobId;
  }

  getJobStatus(): Promise<JobStatus> {
    return this.remote.getJobStatus();
  }

  cancel(): Promise<void> {
    return this.remote.cancel();
  }

  async getJobExecutionResult(): Promise<JobExecutionResult> {
    return new JobExecutionResult({ jobId: this.remote.jobId, jobName: this.remote.jobName, netRuntimeMs: 0, detached: true });
  }

  fetchCollectResults(operatorId: string, offset: number): Promise<CollectBatch> {
    return this.remote.fetchCollectResults(operatorId, offset);
  }
}

export class RestJobClient implements JobClient {
  #result: Promise<JobExecutionResult> | undefined;

  constructor(
    readonly jobId: string,
    /** Flink's execution result has no job name; the submitter knows it. */
    readonly jobName: string,
    private readonly client: RestClient,
    private readonly pollIntervalMs: number,
  ) {}

  async getJobStatus(): Promise<JobStatus> {
    return (await this.client.jobStatus(this.jobId)).status;
  }

  async cancel(): Promise<void> {
    try {
      await this.client.cancelJob(this.jobId);
    } catch (error) {
      // The job ended first; cancelling an ended job is a no-op, as with a local Dispatcher.
      if (!(error instanceof WeirError && error.code === 'REST_CONFLICT')) throw error;
    }
  }

  /** Polls `/execution-result`; rejects as `toExecutionResult` does for a failed or cancelled job. */
  getJobExecutionResult(): Promise<JobExecutionResult> {
    this.#result ??= this.#pollResult();
    return this.#result;
  }

  fetchCollectResults(operatorId: string, offset: number): Promise<CollectBatch> {
    return this.client.fetchCollectResults(this.jobId, operatorId, offset);
  }

  async #pollResult(): Promise<JobExecutionResult> {
    for (;;) {
      const body = await this.client.jobExecutionResult(this.jobId);
      const result = body['job-execution-result'];
      if (body.status.id === 'COMPLETED' && result !== undefined) return toExecutionResult(jobResultFromBody(result, this.jobName));
      await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
    }
  }
}
