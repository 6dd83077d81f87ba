/**
 * The JSON bodies of the checkpoint, savepoint and stop routes, in the shapes of Flink's
 * REST API v1 (its OpenAPI spec names them as here). Server and client share them.
 */
import type { SerializedThrowable } from './messages.js';

/** `POST /jobs/:jobid/savepoints`. */
export interface SavepointTriggerRequestBody {
  readonly 'target-directory'?: string;
  readonly 'cancel-job'?: boolean;
  readonly formatType?: SavepointFormatType;
  readonly triggerId?: string;
}

/** `POST /jobs/:jobid/stop`. */
export interface StopWithSavepointRequestBody {
  readonly targetDirectory?: string;
  readonly drain?: boolean;
  readonly formatType?: SavepointFormatType;
  readonly triggerId?: string;
}

/** `POST /jobs/:jobid/checkpoints`. */
export interface CheckpointTriggerRequestBody {
  readonly checkpointType?: 'CONFIGURED' | 'FULL' | 'INCREMENTAL';
  readonly triggerId?: string;
}

/** Weir writes one format; both names are accepted so Flink's clients work unchanged. */
export type SavepointFormatType = 'CANONICAL' | 'NATIVE';

export interface TriggerResponse {
  readonly 'request-id': string;
}

export interface QueueStatus {
  readonly id: 'IN_PROGRESS' | 'COMPLETED';
}

/** Flink's SavepointInfo: the savepoint's path, or why there is none. */
export interface SavepointInfo {
  readonly location?: string;
  readonly 'failure-cause'?: SerializedThrowable;
}

/** Flink's CheckpointInfo (its field names are camel case, unlike SavepointInfo's). */
export interface CheckpointInfo {
  readonly checkpointId?: number;
  readonly failureCause?: SerializedThrowable;
}

/** Flink's AsynchronousOperationResult: `operation` only once the status is COMPLETED. */
export interface AsynchronousOperationResult<Operation> {
  readonly status: QueueStatus;
  readonly operation?: Operation;
}

export type CheckpointStatsStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/** Flink's StatsSummaryDto. */
export interface StatsSummary {
  readonly min: number;
  readonly max: number;
  readonly avg: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
}

/** The sizes and durations every level of checkpoint statistics shares (Flink's TaskCheckpointStatistics). */
export interface CheckpointFigures {
  readonly id: number;
  readonly status: CheckpointStatsStatus;
  readonly latest_ack_timestamp: number;
  readonly checkpointed_size: number;
  readonly state_size: number;
  readonly end_to_end_duration: number;
  readonly alignment_buffered: number;
  readonly processed_data: number;
  readonly persisted_data: number;
  readonly num_subtasks: number;
  readonly num_acknowledged_subtasks: number;
}

/** One checkpoint in `history`, `latest` or `/checkpoints/details/:checkpointid`. */
export interface CheckpointStatistics extends CheckpointFigures {
  readonly className: 'completed' | 'failed' | 'in_progress';
  readonly is_savepoint: boolean;
  readonly savepointFormat: SavepointFormatType | null;
  readonly trigger_timestamp: number;
  readonly checkpoint_type: 'CHECKPOINT' | 'SAVEPOINT';
  /** By JobVertexID; empty in `history`, filled in the details route. */
  readonly tasks: Readonly<Record<string, CheckpointFigures>>;
  /** Completed checkpoints: where the checkpoint lies, and whether it was since deleted. */
  readonly external_path?: string;
  readonly discarded?: boolean;
  /** Failed checkpoints. */
  readonly failure_timestamp?: number;
  readonly failure_message?: string;
}

export interface RestoredCheckpointStatistics {
  readonly id: number;
  readonly restore_timestamp: number;
  readonly is_savepoint: boolean;
  readonly external_path: string;
}

export interface CheckpointingStatistics {
  readonly counts: {
    readonly restored: number;
    readonly total: number;
    readonly in_progress: number;
    readonly completed: number;
    readonly failed: number;
  };
  readonly summary: {
    readonly checkpointed_size: StatsSummary;
    readonly state_size: StatsSummary;
    readonly end_to_end_duration: StatsSummary;
    readonly alignment_buffered: StatsSummary;
    readonly processed_data: StatsSummary;
    readonly persisted_data: StatsSummary;
  };
  readonly latest: {
    readonly completed: CheckpointStatistics | null;
    readonly savepoint: CheckpointStatistics | null;
    readonly failed: CheckpointStatistics | null;
    readonly restored: RestoredCheckpointStatistics | null;
  };
  /** Newest first. */
  readonly history: readonly CheckpointStatistics[];
}

export interface CheckpointConfigInfo {
  readonly mode: 'exactly_once' | 'at_least_once';
  readonly interval: number;
  readonly timeout: number;
  readonly min_pause: number;
  readonly max_concurrent: number;
  readonly externalization: { readonly enabled: boolean; readonly delete_on_cancellation: boolean };
  readonly state_backend: string;
  readonly checkpoint_storage: string;
  readonly unaligned_checkpoints: boolean;
  readonly tolerable_failed_checkpoints: number;
  readonly aligned_checkpoint_timeout: number;
  readonly checkpoints_after_tasks_finish: boolean;
  readonly state_changelog_enabled: boolean;
}

/** One subtask's part of a checkpoint (Flink's SubtaskCheckpointStatistics). */
export interface SubtaskCheckpointStatistics {
  readonly index: number;
  readonly status: 'completed' | 'pending_or_failed';
  readonly ack_timestamp?: number;
  readonly end_to_end_duration?: number;
  readonly state_size?: number;
  readonly checkpointed_size?: number;
  readonly checkpoint?: { readonly sync: number; readonly async: number };
  readonly alignment?: { readonly buffered: number; readonly processed: number; readonly persisted: number; readonly duration: number };
  readonly start_delay?: number;
  readonly unaligned_checkpoint?: boolean;
  readonly aborted?: boolean;
}

/** `/checkpoints/details/:checkpointid/subtasks/:vertexid` (Flink's TaskCheckpointStatisticsWithSubtaskDetails). */
export interface TaskCheckpointStatisticsWithSubtaskDetails extends CheckpointFigures {
  readonly summary: {
    readonly state_size: StatsSummary;
    readonly checkpointed_size: StatsSummary;
    readonly end_to_end_duration: StatsSummary;
    readonly checkpoint_duration: { readonly sync: StatsSummary; readonly async: StatsSummary };
    readonly alignment: { readonly buffered: StatsSummary; readonly processed: StatsSummary; readonly persisted: StatsSummary; readonly duration: StatsSummary };
    readonly start_delay: StatsSummary;
  };
  readonly subtasks: readonly SubtaskCheckpointStatistics[];
}
