/**
 * Submits programs to a Dispatcher: the executor `weir run` installs before it starts the
 * program's main, and the JobClient that follows each job.
 */
import type { EnvironmentDefaults, PipelineExecutor } from '../api/execution-context.js';
import { JobExecutionResult, type CollectBatch, type JobClient, type JobStatus } from '../api/job-client.js';
import { WeirError } from '../core/errors.js';
import type { DispatcherGateway, JobResult, JobSubmission } from '../dispatcher/dispatcher-gateway.js';
import { createJobGraph } from '../graph/job-graph.js';
import type { ProgramSpec } from '../runtime/deployment.js';
import { TrackedJobClient, type JobOutcome, type OutcomeReporting } from './job-outcome.js';

export interface DispatcherExecutorOptions {
  readonly dispatcher: DispatcherGateway;
  readonly artifact: Uint8Array;
  readonly program: ProgramSpec;
  /** Every job the program submits starts from this savepoint (`weir run --from-savepoint`), as in Flink. */
  readonly savepointRestore?: JobSubmission['savepointRestore'];
  readonly onSubmitted?: (jobId: string, jobName: string) => void;
}

export class DispatcherExecutor implements PipelineExecutor, OutcomeReporting {
  private readonly submitted: TrackedJobClient[] = [];

  constructor(private readonly options: DispatcherExecutorOptions) {}

  get defaults(): EnvironmentDefaults {
    return this.options.program.defaults;
  }

  async execute(request: Parameters<PipelineExecutor['execute']>[0]): Promise<JobClient> {
    const jobGraph = createJobGraph(request.streamGraph, {
      executionOrdinal: request.ordinal,
      jobParameters: request.jobParameters,
      checkpointing: request.checkpointing,
    });
    const { savepointRestore } = this.options;
    const { jobId } = await this.options.dispatcher.submitJob({
      jobGraph,
      program: this.options.program,
      artifact: this.options.artifact,
      ...(savepointRestore !== undefined ? { savepointRestore } : {}),
    });
    this.options.onSubmitted?.(jobId, jobGraph.jobName);
    const client = new TrackedJobClient(new DispatcherJobClient(jobId, this.options.dispatcher), jobGraph.jobName);
    this.submitted.push(client);
    return client;
  }

  /** Waits until every job this executor submitted has ended, and tells how each did. */
  awaitSubmittedJobs(): Promise<readonly JobOutcome[]> {
    return Promise.all(this.submitted.map((client) => client.outcome()));
  }
}

export class DispatcherJobClient implements JobClient {
  constructor(
    readonly jobId: string,
    private readonly dispatcher: DispatcherGateway,
  ) {}

  getJobStatus(): Promise<JobStatus> {
    return this.dispatcher.requestJobStatus(this.jobId);
  }

  cancel(): Promise<void> {
    return this.dispatcher.cancelJob(this.jobId);
  }

  async getJobExecutionResult(): Promise<JobExecutionResult> {
    return toExecutionResult(await this.dispatcher.requestJobResult(this.jobId));
  }

  fetchCollectResults(operatorId: string, offset: number): Promise<CollectBatch> {
    return this.dispatcher.fetchCollectResults(this.jobId, operatorId, offset);
  }
}

/** A finished job's result, or the job's failure as an error whose stack is the task's. */
export function toExecutionResult(result: JobResult): JobExecutionResult {
  if (result.state === 'FINISHED') {
    return new JobExecutionResult({ jobId: result.jobId, jobName: result.jobName, netRuntimeMs: result.netRuntimeMs, accumulators: result.accumulators });
  }
  if (result.state === 'CANCELED') {
    throw new WeirError('JOB_CANCELLED', `job '${result.jobName}' (${result.jobId}) was cancelled`);
  }
  const cause = result.error;
  const error = new WeirError(
    'JOB_FAILED',
    `job '${result.jobName}' (${result.jobId}) failed: ${cause?.message ?? `it ended ${result.state}`}`,
  );
  if (cause !== undefined) {
    error.stack = `${error.name}: ${error.message}\n${cause.stack}`;
    if (cause.code !== undefined) (error as { failureCode?: string }).failureCode = cause.code;
  }
  throw error;
}
