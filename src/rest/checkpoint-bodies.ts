/**
 * Builds Flink's checkpoint JSON (statistics and one checkpoint's details) from the CheckpointCoordinator's snapshot as the Dispatcher hands it
 * out: pure functions, so the shapes are testable without a cluster.
 *
 * Weir's checkpoints are always full and never unaligned, so `checkpointed_size` equals
 * `state_size` and the unaligned-checkpoint figures (`processed_data`, `persisted_data`,
 * `alignment_buffered`) are 0.
 */
import type { CheckpointStatsInfo } from '../dispatcher/dispatcher-gateway.js';
import type {
  CheckpointFigures,
  CheckpointingStatistics,
  CheckpointStatistics,
  StatsSummary,
} from './checkpoint-messages.js';

export type HistoryEntry = CheckpointStatsInfo['history'][number];
export type Completed = CheckpointStatsInfo['completed'][number];
type Failed = NonNullable<CheckpointStatsInfo['latestFailed']>;
type Pending = Extract<HistoryEntry, { readonly inProgress: unknown }>['inProgress'];

export function isPending(entry: HistoryEntry): entry is Extract<HistoryEntry, { readonly inProgress: unknown }> {
  return 'inProgress' in entry;
}

export function isFailed(entry: HistoryEntry): entry is Failed {
  return 'failedAt' in entry;
}

/** Min, max, mean (whole, as Flink's longs) and percentiles (linear interpolation between the closest ranks); all 0 without values. */
export function statsSummary(values: readonly number[]): StatsSummary {
  if (values.length === 0) return { min: 0, max: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    const rank = q * (sorted.length - 1);
    const low = Math.floor(rank);
    const lowValue = sorted[low] ?? 0;
    const highValue = sorted[Math.min(low + 1, sorted.length - 1)] ?? lowValue;
    // Three decimals: the interpolation's float noise (10.699999999999998) says nothing.
    return Math.round((lowValue + (highValue - lowValue) * (rank - low)) * 1000) / 1000;
  };
  return {
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    // Flink's avg is a long.
    avg: Math.round(sorted.reduce((sum, v) => sum + v, 0) / sorted.length),
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    p99: at(0.99),
    p999: at(0.999),
  };
}

function figures(
  id: number,
  status: CheckpointFigures['status'],
  stateSize: number,
  duration: number,
  latestAck: number,
  subtasks: number,
  acknowledged: number,
): CheckpointFigures {
  return {
    id,
    status,
    latest_ack_timestamp: latestAck,
    checkpointed_size: stateSize,
    state_size: stateSize,
    end_to_end_duration: duration,
    alignment_buffered: 0,
    processed_data: 0,
    persisted_data: 0,
    num_subtasks: subtasks,
    num_acknowledged_subtasks: acknowledged,
  };
}

function kind(isSavepoint: boolean): Pick<CheckpointStatistics, 'is_savepoint' | 'savepointFormat' | 'checkpoint_type'> {
  return { is_savepoint: isSavepoint, savepointFormat: isSavepoint ? 'CANONICAL' : null, checkpoint_type: isSavepoint ? 'SAVEPOINT' : 'CHECKPOINT' };
}

/** Per vertex, from the subtasks that acknowledged; the coordinator records no per-subtask ack time, so the checkpoint's end stands in. */
function completedTasks(checkpoint: Completed): Record<string, CheckpointFigures> {
  const byVertex = new Map<string, { size: number; count: number }>();
  for (const task of checkpoint.tasks) {
    const entry = byVertex.get(task.vertexId) ?? { size: 0, count: 0 };
    entry.size += task.stats.stateSize;
    entry.count += 1;
    byVertex.set(task.vertexId, entry);
  }
  const duration = checkpoint.completedAt - checkpoint.triggerTimestamp;
  return Object.fromEntries(
    [...byVertex].map(([vertexId, { size, count }]) => [vertexId, figures(checkpoint.id, 'COMPLETED', size, duration, checkpoint.completedAt, count, count)]),
  );
}

function pendingTasks(pending: Pending, now: number): Record<string, CheckpointFigures> {
  const byVertex = new Map<string, { size: number; total: number; acked: number }>();
  for (const [attemptId, task] of pending.tasks) {
    const entry = byVertex.get(task.vertexId) ?? { size: 0, total: 0, acked: 0 };
    entry.total += 1;
    const ack = pending.acks.get(attemptId);
    if (ack !== undefined) {
      entry.acked += 1;
      entry.size += ack.stats.stateSize;
    }
    byVertex.set(task.vertexId, entry);
  }
  const trigger = pending.barrier.timestamp;
  return Object.fromEntries(
    [...byVertex].map(([vertexId, e]) => [vertexId, figures(pending.id, 'IN_PROGRESS', e.size, now - trigger, trigger, e.total, e.acked)]),
  );
}

export function completedStatistics(checkpoint: Completed, retained: boolean, withTasks: boolean): CheckpointStatistics {
  return {
    className: 'completed',
    ...figures(
      checkpoint.id,
      'COMPLETED',
      checkpoint.stateSize,
      checkpoint.completedAt - checkpoint.triggerTimestamp,
      checkpoint.completedAt,
      checkpoint.tasks.length,
      checkpoint.tasks.length,
    ),
    ...kind(checkpoint.isSavepoint),
    trigger_timestamp: checkpoint.triggerTimestamp,
    tasks: withTasks ? completedTasks(checkpoint) : {},
    external_path: checkpoint.location,
    // Savepoints are never deleted; a checkpoint is, once newer ones push it out of num-retained.
    discarded: !checkpoint.isSavepoint && !retained,
  };
}

export function failedStatistics(checkpoint: Failed): CheckpointStatistics {
  return {
    className: 'failed',
    ...figures(
      checkpoint.id,
      'FAILED',
      0,
      checkpoint.failedAt - checkpoint.triggerTimestamp,
      checkpoint.failedAt,
      checkpoint.total,
      checkpoint.acknowledged,
    ),
    ...kind(checkpoint.isSavepoint),
    trigger_timestamp: checkpoint.triggerTimestamp,
    tasks: {},
    failure_timestamp: checkpoint.failedAt,
    failure_message: checkpoint.reason,
  };
}

export function pendingStatistics(pending: Pending, now: number, withTasks: boolean): CheckpointStatistics {
  let size = 0;
  for (const ack of pending.acks.values()) size += ack.stats.stateSize;
  const trigger = pending.barrier.timestamp;
  return {
    className: 'in_progress',
    ...figures(pending.id, 'IN_PROGRESS', size, now - trigger, trigger, pending.tasks.size, pending.acks.size),
    ...kind(pending.barrier.isSavepoint),
    trigger_timestamp: trigger,
    tasks: withTasks ? pendingTasks(pending, now) : {},
  };
}

function retainedIds(stats: CheckpointStatsInfo): ReadonlySet<number> {
  return new Set(stats.completed.map((c) => c.id));
}

function entryStatistics(entry: HistoryEntry, stats: CheckpointStatsInfo, now: number, withTasks: boolean): CheckpointStatistics {
  if (isPending(entry)) return pendingStatistics(entry.inProgress, now, withTasks);
  if (isFailed(entry)) return failedStatistics(entry);
  return completedStatistics(entry, retainedIds(stats).has(entry.id), withTasks);
}

/** Every completed checkpoint and savepoint the snapshot still knows of, by id. */
export function knownCompleted(stats: CheckpointStatsInfo): Completed[] {
  const byId = new Map<number, Completed>();
  for (const entry of stats.history) if (!isPending(entry) && !isFailed(entry)) byId.set(entry.id, entry);
  for (const checkpoint of stats.completed) byId.set(checkpoint.id, checkpoint);
  if (stats.latestSavepoint !== undefined) byId.set(stats.latestSavepoint.id, stats.latestSavepoint);
  return [...byId.values()];
}

/**
 * `GET /jobs/:jobid/checkpoints`. Ids are handed out in order from 1, and every one ends
 * completed, failed or still pending, so the highest id known is the total.
 */
export function checkpointingStatistics(stats: CheckpointStatsInfo, now: number): CheckpointingStatistics {
  const total = Math.max(0, ...stats.history.map((entry) => entry.id));
  // A checkpoint writing its metadata has left the pending set but is not complete yet; the history still shows it in progress.
  const inProgress = Math.max(stats.pendingCount, stats.history.filter(isPending).length);
  const completed = knownCompleted(stats);
  const sizes = completed.map((c) => c.stateSize);
  const zeros = completed.map(() => 0);
  const latestCompleted = stats.completed[stats.completed.length - 1];
  const retained = retainedIds(stats);
  return {
    counts: {
      restored: stats.restoredFrom === undefined ? 0 : 1,
      total,
      in_progress: inProgress,
      completed: Math.max(0, total - inProgress - stats.failedTotal),
      failed: stats.failedTotal,
    },
    summary: {
      checkpointed_size: statsSummary(sizes),
      state_size: statsSummary(sizes),
      end_to_end_duration: statsSummary(completed.map((c) => c.completedAt - c.triggerTimestamp)),
      alignment_buffered: statsSummary(zeros),
      processed_data: statsSummary(zeros),
      persisted_data: statsSummary(zeros),
    },
    latest: {
      completed: latestCompleted === undefined ? null : completedStatistics(latestCompleted, true, false),
      savepoint: stats.latestSavepoint === undefined ? null : completedStatistics(stats.latestSavepoint, retained.has(stats.latestSavepoint.id), false),
      failed: stats.latestFailed === undefined ? null : failedStatistics(stats.latestFailed),
      restored:
        stats.restoredFrom === undefined
          ? null
          : {
              id: stats.restoredFrom.id,
              restore_timestamp: stats.restoredFrom.at,
              is_savepoint: stats.restoredFrom.isSavepoint,
              external_path: stats.restoredFrom.path,
            },
    },
    history: [...stats.history].reverse().map((entry) => entryStatistics(entry, stats, now, false)),
  };
}

/** `GET /jobs/:jobid/checkpoints/details/:checkpointid`, or undefined when the snapshot no longer knows that checkpoint. */
export function checkpointDetails(stats: CheckpointStatsInfo, checkpointId: number, now: number): CheckpointStatistics | undefined {
  const entry = stats.history.find((e) => e.id === checkpointId);
  if (entry !== undefined) return entryStatistics(entry, stats, now, true);
  const completed = knownCompleted(stats).find((c) => c.id === checkpointId);
  return completed === undefined ? undefined : completedStatistics(completed, retainedIds(stats).has(completed.id), true);
}
