import type { TaskDeploymentDescriptor } from '../runtime/deployment.js';
import type { TaskAccumulators } from './slot-protocol.js';
import type { FlameGraphNode, FlameGraphSampling } from '../metrics/flame-graph.js';
import type { ThreadInfo } from '../core/thread-dump.js';
import type { CheckpointBarrier } from './network/messages.js';
import type { TaskManagerMetricDump } from '../metrics/metric-snapshot.js';
import type { LogFileInfo, LogFileText } from '../logging/log-files.js';

/** A slot a TaskManager offers to a JobMaster for one allocation. */
export interface SlotOffer {
  readonly allocationId: string;
  readonly slotIndex: number;
}

/** What the JobMaster and ResourceManager may ask of a TaskManager (Flink's TaskExecutorGateway). */
export interface TaskExecutorGateway {
  /** The ResourceManager assigns a free slot to a job; the TaskManager then offers it to the job's JobMaster. */
  requestSlot(
    slotIndex: number,
    jobId: string,
    allocationId: string,
    jobMasterAddress: string,
    jobMasterId: string,
  ): Promise<void>;
  submitTask(tdd: TaskDeploymentDescriptor, allocationId: string): Promise<void>;
  cancelTask(executionAttemptId: string): Promise<void>;
  /** The job no longer needs the slot; false when the allocation is unknown. */
  freeSlot(allocationId: string, cause: string): Promise<boolean>;
  sendOperatorEventToTask(executionAttemptId: string, operatorId: string, event: unknown): Promise<void>;
  /** Starts a checkpoint at a source task. */
  triggerCheckpoint(executionAttemptId: string, barrier: CheckpointBarrier): Promise<void>;
  /** A checkpoint completed (or was abandoned) everywhere: two-phase-commit sinks commit now. */
  notifyCheckpointDone(executionAttemptId: string, checkpointId: number, completed: boolean): Promise<void>;
  /** The ResourceManager checks that this TaskManager lives; a TaskManager not asked for too long re-registers. */
  heartbeatFromResourceManager(resourceManagerId: string): Promise<void>;
  /**
   * A job's JobMaster checks that this TaskManager lives; a job not heard from for too long
   * loses its slots here. The answer carries the job's running tasks' accumulators, as
   * Flink's heartbeat payload does.
   */
  heartbeatFromJobManager(jobId: string): Promise<readonly TaskAccumulators[]>;
  /**
   * A flame graph of the slot threads running these tasks, sampled for `sampling.durationMs`
   * (Flink's requestThreadInfoSamples); null when none of them runs here any more.
   */
  requestFlameGraph(executionAttemptIds: readonly string[], sampling: FlameGraphSampling): Promise<FlameGraphNode | null>;
  /** The stack of each slot thread, as Flink's thread dump lists a TaskManager's threads. */
  requestThreadDump?(): Promise<readonly ThreadInfo[]>;
  /** This TaskManager's metrics and its tasks' (Flink's MetricQueryService); null when metrics are off. */
  requestMetricDump?(): Promise<TaskManagerMetricDump | null>;
  /** This TaskManager's log files, for `/taskmanagers/:id/logs`. */
  requestLogList?(): Promise<readonly LogFileInfo[]>;
  /** The end of one of its log files; null for a name that is not one of them. */
  requestLogFile?(name: string): Promise<LogFileText | null>;
}
