/**
 * What the Dispatcher tells about jobs and the cluster: plain data in the terms of
 * Flink's REST API, from which the REST handlers build their responses.
 */
import type { AccumulatorSnapshot } from '../api/accumulators.js';
import type { TaskManagerResources } from '../taskmanager/task-manager-resources.js';
import type { JobStatus } from '../api/job-client.js';
import type { JobPlan } from '../graph/plan.js';
import type { ExecutionState } from '../runtime/deployment.js';

export interface SubtaskInfo {
  readonly subtask: number;
  readonly attempt: number;
  readonly status: ExecutionState;
  readonly taskManagerId: string | null;
  readonly startTime: number;
  readonly endTime: number;
  readonly duration: number;
  readonly timestamps: Partial<Record<ExecutionState, number>>;
  /** The current attempt's accumulators, as last reported. */
  readonly accumulators: readonly AccumulatorSnapshot[];
}

export interface VertexInfo {
  readonly id: string;
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly status: ExecutionState;
  readonly startTime: number;
  readonly endTime: number;
  readonly duration: number;
  readonly tasks: Record<ExecutionState, number>;
  readonly subtasks: readonly SubtaskInfo[];
}

export interface ExceptionInfo {
  readonly exceptionName: string;
  readonly stacktrace: string;
  readonly timestamp: number;
  readonly taskName: string | null;
  readonly taskManagerId: string | null;
}

export interface JobDetailsInfo {
  readonly jobId: string;
  readonly name: string;
  readonly state: JobStatus;
  readonly startTime: number;
  readonly endTime: number;
  readonly duration: number;
  readonly now: number;
  readonly maxParallelism: number;
  readonly timestamps: Partial<Record<JobStatus, number>>;
  readonly vertices: readonly VertexInfo[];
  readonly plan: JobPlan;
  /** Newest first. */
  readonly exceptions: readonly ExceptionInfo[];
  readonly executionConfig: ExecutionConfigInfo;
}

/** What Flink's `/jobs/:jobid/config` tells about a job's execution settings. */
export interface ExecutionConfigInfo {
  readonly restartStrategy: string;
  /** The highest parallelism of the job's vertices. */
  readonly jobParallelism: number;
  /** The job parameters (`env.getConfig().setGlobalJobParameters`, `-D` pipeline.global-job-parameters). */
  readonly userConfig: Readonly<Record<string, string>>;
}

export interface TaskManagerInfo {
  readonly id: string;
  readonly path: string;
  readonly dataPort: number;
  readonly timeSinceLastHeartbeat: number;
  readonly slotsNumber: number;
  readonly freeSlots: number;
  readonly slots: readonly { readonly index: number; readonly jobId: string | null; readonly allocationId: string | null }[];
  readonly resources: TaskManagerResources;
}
