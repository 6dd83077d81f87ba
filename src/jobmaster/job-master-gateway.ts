import type { JobStatus } from '../api/job-client.js';
import type { CollectBatch } from '../api/job-client.js';
import type { SerializedError } from '../core/errors.js';
import type { ExecutionState } from '../runtime/deployment.js';
import type { SlotOffer } from '../taskmanager/task-executor-gateway.js';
import type { JobDetailsInfo } from '../dispatcher/job-info.js';
import type { CheckpointStats, TaskStateSnapshot } from '../runtime/checkpoint/state-handles.js';
import type { CheckpointCoordinator, CheckpointSettings } from './checkpoint/checkpoint-coordinator.js';
import type { AccumulatorSnapshot } from '../api/accumulators.js';
import type { FlameGraphNode, FlameGraphSampling } from '../metrics/flame-graph.js';

export type CheckpointStatsSnapshot = ReturnType<CheckpointCoordinator['snapshotStats']> & { readonly settings: CheckpointSettings };

export interface TaskExecutionStateUpdate {
  readonly executionAttemptId: string;
  readonly state: ExecutionState;
  readonly error?: SerializedError;
  /** With a final state: the task's accumulators as it ended. */
  readonly accumulators?: readonly AccumulatorSnapshot[];
}

/** Calls a JobMaster takes; fenced by its JobMasterId except where noted. */
export interface JobMasterGateway {
  offerSlots(
    taskManagerId: string,
    taskManagerAddress: string,
    dataAddress: string,
    offers: readonly SlotOffer[],
  ): Promise<readonly SlotOffer[]>;
  updateTaskExecutionState(update: TaskExecutionStateUpdate): Promise<boolean>;
  sendOperatorEventToCoordinator(executionAttemptId: string, operatorId: string, event: unknown): Promise<void>;
  /** From the ResourceManager: the job's slot requirement cannot be met by this cluster. */
  notifyNotEnoughResources(required: number, available: number): Promise<void>;
  requestJobStatus(): Promise<JobStatus>;
  cancel(): Promise<void>;
  fetchCollectResults(operatorId: string, offset: number): Promise<CollectBatch>;
  requestJobDetails(): Promise<JobDetailsInfo>;
  /**
   * A flame graph of the slot threads running the vertex's subtasks (one subtask's, with
   * `subtaskIndex`), sampled now; null when none of them runs.
   */
  requestFlameGraph(vertexId: string, subtaskIndex: number | null, sampling: FlameGraphSampling): Promise<FlameGraphNode | null>;
  acknowledgeCheckpoint(executionAttemptId: string, checkpointId: number, state: TaskStateSnapshot, stats: CheckpointStats): Promise<void>;
  declineCheckpoint(executionAttemptId: string, checkpointId: number, reason: SerializedError): Promise<void>;
  triggerCheckpoint(): Promise<{ readonly checkpointId: number; readonly location: string }>;
  triggerSavepoint(targetDirectory: string | null): Promise<{ readonly location: string }>;
  stopWithSavepoint(targetDirectory: string | null, drain: boolean): Promise<{ readonly location: string }>;
  requestCheckpointStats(): Promise<CheckpointStatsSnapshot>;
  /** The ResourceManager lost a TaskManager that held this job's slots. */
  disconnectTaskManager(resourceId: string, cause: string): Promise<void>;
}
