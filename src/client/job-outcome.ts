/**
 * How each job a program submitted ended, and whether the program saw it. `weir run`
 * reports a failure the program never read (a job started with executeAsync whose result
 * nobody awaited) instead of exiting 0 over it.
 */
import type { CollectBatch, JobClient, JobExecutionResult, JobStatus } from '../api/job-client.js';
import { WeirError } from '../core/errors.js';

export type JobOutcome =
  | { readonly kind: 'finished'; readonly jobId: string; readonly jobName: string; readonly result: JobExecutionResult }
  | {
      readonly kind: 'failed';
      readonly jobId: string;
      readonly jobName: string;
      readonly error: unknown;
      /** The program asked for the job's result, so the failure reached it. */
      readonly observed: boolean;
      /** The program cancelled the job itself (executeAndCollect with a limit does). */
      readonly cancelledByProgram: boolean;
    }
  /** Submitted with `--detached`: this client does not follow it. */
  | { readonly kind: 'detached'; readonly jobId: string; readonly jobName: string };

/** An executor that can tell, once the program's main is done, how its jobs ended. */
export interface OutcomeReporting {
  /** Waits until every job submitted has ended (at once in detached mode). */
  awaitSubmittedJobs(): Promise<readonly JobOutcome[]>;
}

/** Failures `weir run` must report itself: neither seen nor caused by the program. */
export function unreportedFailures(outcomes: readonly JobOutcome[]): Extract<JobOutcome, { kind: 'failed' }>[] {
  return outcomes.filter(
    (o): o is Extract<JobOutcome, { kind: 'failed' }> =>
      o.kind === 'failed' && !o.observed && !(o.cancelledByProgram && o.error instanceof WeirError && o.error.code === 'JOB_CANCELLED'),
  );
}

/** A JobClient that notes what the program did with it. */
export class TrackedJobClient implements JobClient {
  #observed = false;
  #cancelRequested = false;

  constructor(
    private readonly inner: JobClient,
    readonly jobName: string,
  ) {}

  get jobId(): string {
    return this.inner.jobId;
  }

  getJobStatus(): Promise<JobStatus> {
    return this.inner.getJobStatus();
  }

  cancel(): Promise<void> {
    this.#cancelRequested = true;
    return this.inner.cancel();
  }

  getJobExecutionResult(): Promise<JobExecutionResult> {
    this.#observed = true;
    return this.inner.getJobExecutionResult();
  }

  fetchCollectResults(operatorId: string, offset: number): Promise<CollectBatch> {
    return this.inner.fetchCollectResults(operatorId, offset);
  }

  /** Waits for the job's end without counting as the program reading it. */
  async outcome(): Promise<JobOutcome> {
    const { jobId, jobName } = this;
    try {
      return { kind: 'finished', jobId, jobName, result: await this.inner.getJobExecutionResult() };
    } catch (error) {
      return { kind: 'failed', jobId, jobName, error, observed: this.#observed, cancelledByProgram: this.#cancelRequested };
    }
  }
}
