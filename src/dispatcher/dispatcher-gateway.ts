import type { CollectBatch, JobExecutionResult, JobStatus } from '../api/job-client.js';
import type { AccumulatorResult } from '../api/accumulators.js';
import type { FlameGraphNode, FlameGraphSampling } from '../metrics/flame-graph.js';
import type { ThreadInfo } from '../core/thread-dump.js';
import type { SerializedError } from '../core/errors.js';
import type { JobGraph } from '../graph/job-graph.js';
import type { ProgramSpec } from '../runtime/deployment.js';
import type { JobDetailsInfo, TaskManagerInfo } from './job-info.js';
import type { JobMasterGateway } from '../jobmaster/job-master-gateway.js';
import type { TaskManagerMetricDump } from '../metrics/metric-snapshot.js';
import type { LogFileInfo, LogFileText } from '../logging/log-files.js';

export interface JobSubmission {
  readonly jobGraph: JobGraph;
  readonly program: ProgramSpec;
  readonly artifact: Uint8Array;
  /** Start from a savepoint or retained checkpoint (`weir run --from-savepoint`). */
  readonly savepointRestore?: { readonly path: string; readonly allowNonRestoredState: boolean };
}

export interface JobSummary {
  readonly jobId: string;
  readonly name: string;
  readonly state: JobStatus;
  readonly startTime: number;
  readonly endTime: number;
}

/** The outcome of a job that reached a terminal state. */
export interface JobResult {
  readonly jobId: string;
  readonly jobName: string;
  readonly state: JobStatus;
  readonly netRuntimeMs: number;
  /** Merged over the job's subtasks; empty when no function registered one. */
  readonly accumulators: readonly AccumulatorResult[];
  readonly error?: SerializedError;
}

/** Calls the Dispatcher takes from clients (Flink's DispatcherGateway). */
export interface DispatcherGateway {
  submitJob(submission: JobSubmission): Promise<{ readonly jobId: string }>;
  listJobs(): Promise<readonly JobSummary[]>;
  requestJobStatus(jobId: string): Promise<JobStatus>;
  /** Resolves when the job reaches a terminal state. */
  requestJobResult(jobId: string): Promise<JobResult>;
  cancelJob(jobId: string): Promise<void>;
  fetchCollectResults(jobId: string, operatorId: string, offset: number): Promise<CollectBatch>;
  requestJobDetails(jobId: string): Promise<JobDetailsInfo>;
  /** A flame graph of a running job's vertex (see JobMasterGateway); null when nothing of it runs. */
  requestFlameGraph(jobId: string, vertexId: string, subtaskIndex: number | null, sampling: FlameGraphSampling): Promise<FlameGraphNode | null>;
  requestClusterOverview(): Promise<ClusterOverviewInfo>;
  requestTaskManagers(): Promise<readonly TaskManagerInfo[]>;
  triggerSavepoint(jobId: string, targetDirectory: string | null): Promise<{ readonly location: string }>;
  stopWithSavepoint(jobId: string, targetDirectory: string | null, drain: boolean): Promise<{ readonly location: string }>;
  triggerCheckpoint(jobId: string): Promise<{ readonly checkpointId: number; readonly location: string }>;
  requestCheckpointStats(jobId: string): Promise<CheckpointStatsInfo>;
  /** Metrics of every TaskManager that answers in time, for the REST API's MetricFetcher. */
  requestTaskManagerMetrics?(): Promise<readonly TaskManagerMetricDump[]>;
  /** A TaskManager's log files; null for an unknown TaskManager. */
  requestTaskManagerLogList?(taskManagerId: string): Promise<readonly LogFileInfo[] | null>;
  /** The JobManager's coordinator threads, one per running job with sources (`/jobmanager/thread-dump`). */
  requestThreadDump?(): Promise<readonly ThreadInfo[]>;
  /** A TaskManager's thread dump; null for an unknown TaskManager. */
  requestTaskManagerThreadDump?(taskManagerId: string): Promise<readonly ThreadInfo[] | null>;
  /** The end of one of a TaskManager's log files; null for an unknown TaskManager or file. */
  requestTaskManagerLogFile?(taskManagerId: string, fileName: string): Promise<LogFileText | null>;
}

export type CheckpointStatsInfo = Awaited<ReturnType<JobMasterGateway['requestCheckpointStats']>>;

/** Flink's /overview body, less the version fields the REST layer adds. */
export interface ClusterOverviewInfo {
  readonly taskmanagers: number;
  readonly 'slots-total': number;
  readonly 'slots-available': number;
  readonly 'jobs-running': number;
  readonly 'jobs-finished': number;
  readonly 'jobs-cancelled': number;
  readonly 'jobs-failed': number;
}

export type { JobExecutionResult };
