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

export interface JobExecutionResult {
  readonly jobId: string;
  readonly jobName: string;
  /** Milliseconds from job start to its end. */
  readonly netRuntimeMs: number;
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
