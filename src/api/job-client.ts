import { accumulatorValue, type AccumulatorResult } from './accumulators.js';
import { WeirError } from '../core/errors.js';

/** Flink's job states (JobStatus). */
export type JobStatus =
  | 'INITIALIZING'
  | 'CREATED'
  | 'RUNNING'
  | 'FAILING'
  | 'FAILED'
  | 'CANCELLING'
  | 'CANCELED'
  | 'FINISHED'
  | 'RESTARTING'
  | 'SUSPENDED'
  | 'RECONCILING';

export const TERMINAL_JOB_STATES: ReadonlySet<JobStatus> = new Set(['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED']);

/**
 * What `execute()` returns for a finished job (Flink's JobExecutionResult).
 * @example
 * const result = await env.execute('count');
 * console.log(result.getAccumulatorResult<number>('lines'), result.netRuntimeMs);
 */
export class JobExecutionResult {
  readonly jobId: string;
  readonly jobName: string;
  /** Milliseconds from job start to its end; 0 for a detached job. */
  readonly netRuntimeMs: number;
  /** Merged over the job's subtasks. */
  readonly accumulators: readonly AccumulatorResult[];
  /** Submitted with `--detached`: nothing about the job's end is known. */
  readonly detached: boolean;

  constructor(init: {
    readonly jobId: string;
    readonly jobName: string;
    readonly netRuntimeMs: number;
    readonly accumulators?: readonly AccumulatorResult[];
    readonly detached?: boolean;
  }) {
    this.jobId = init.jobId;
    this.jobName = init.jobName;
    this.netRuntimeMs = init.netRuntimeMs;
    this.accumulators = init.accumulators ?? [];
    this.detached = init.detached ?? false;
  }

  getNetRuntime(): number {
    return this.netRuntimeMs;
  }

  /** The accumulator `name` merged over all subtasks, as its `getLocalValue()` gives it; undefined when no task registered it. */
  getAccumulatorResult<T = unknown>(name: string): T | undefined {
    this.#checkAttached();
    const result = this.accumulators.find((a) => a.name === name);
    return result === undefined ? undefined : (accumulatorValue(result) as T);
  }

  getAllAccumulatorResults(): Record<string, unknown> {
    this.#checkAttached();
    return Object.fromEntries(this.accumulators.map((a) => [a.name, accumulatorValue(a)]));
  }

  #checkAttached(): void {
    if (this.detached) {
      throw new WeirError('ACCUMULATOR_ERROR', `job ${this.jobId} was submitted detached: its accumulators are not known here; read them with GET /jobs/${this.jobId}/accumulators`);
    }
  }
}

/** One poll of a collect sink's results. */
export interface CollectBatch {
  readonly records: readonly unknown[];
  /** True once the job ended and every record was handed out. */
  readonly finished: boolean;
}

/** A handle on a submitted job (Flink's JobClient). */
export interface JobClient {
  readonly jobId: string;
  getJobStatus(): Promise<JobStatus>;
  cancel(): Promise<void>;
  /** Resolves when the job finishes; rejects with the job's failure when it fails or is cancelled. */
  getJobExecutionResult(): Promise<JobExecutionResult>;
  /** Records of a collect sink from `offset` on; waits briefly for new ones. */
  fetchCollectResults(operatorId: string, offset: number): Promise<CollectBatch>;
}
