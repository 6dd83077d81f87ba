/**
 * `GET /jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid`: one vertex's
 * part of a checkpoint, subtask by subtask, from the acknowledgements the
 * CheckpointCoordinator kept (their sync, async and alignment durations and sizes).
 */
import type { CheckpointStatsInfo } from '../dispatcher/dispatcher-gateway.js';
import { checkpointDetails, isFailed, isPending, knownCompleted, statsSummary, type Completed } from './checkpoint-bodies.js';
import type { StatsSummary, SubtaskCheckpointStatistics, TaskCheckpointStatisticsWithSubtaskDetails } from './checkpoint-messages.js';

/**
 * `GET /jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid`, or undefined when
 * the checkpoint is unknown or the vertex had no part in it. A failed checkpoint keeps no
 * per-subtask figures.
 */
export function subtaskCheckpointDetails(
  stats: CheckpointStatsInfo,
  checkpointId: number,
  vertexId: string,
  now: number,
): TaskCheckpointStatisticsWithSubtaskDetails | undefined {
  const details = checkpointDetails(stats, checkpointId, now);
  const task = details?.tasks[vertexId];
  if (details === undefined || task === undefined) return undefined;
  const entry = stats.history.find((e) => e.id === checkpointId) ?? knownCompleted(stats).find((c) => c.id === checkpointId);
  const subtasks: SubtaskCheckpointStatistics[] = [];
  if (entry !== undefined && isPending(entry)) {
    const pending = entry.inProgress;
    for (const [attemptId, t] of pending.tasks) {
      if (t.vertexId !== vertexId) continue;
      const ack = pending.acks.get(attemptId);
      subtasks.push(ack === undefined ? { index: t.subtask, status: 'pending_or_failed' } : completedSubtask(t.subtask, ack.stats, pending.barrier.timestamp, now));
    }
  } else if (entry !== undefined && !isFailed(entry)) {
    for (const t of entry.tasks) if (t.vertexId === vertexId) subtasks.push(completedSubtask(t.subtask, t.stats, entry.triggerTimestamp, entry.completedAt));
  }
  subtasks.sort((a, b) => a.index - b.index);
  const done = subtasks.filter((s) => s.status === 'completed');
  const pick = (f: (s: SubtaskCheckpointStatistics) => number | undefined): StatsSummary => statsSummary(done.map((s) => f(s) ?? 0));
  return {
    ...task,
    summary: {
      state_size: pick((s) => s.state_size),
      checkpointed_size: pick((s) => s.checkpointed_size),
      end_to_end_duration: pick((s) => s.end_to_end_duration),
      checkpoint_duration: { sync: pick((s) => s.checkpoint?.sync), async: pick((s) => s.checkpoint?.async) },
      alignment: {
        buffered: pick(() => 0),
        processed: pick(() => 0),
        persisted: pick(() => 0),
        duration: pick((s) => s.alignment?.duration),
      },
      start_delay: pick(() => 0),
    },
    subtasks,
  };
}

function completedSubtask(
  index: number,
  stats: Completed['tasks'][number]['stats'],
  triggerTimestamp: number,
  ackTimestamp: number,
): SubtaskCheckpointStatistics {
  return {
    index,
    status: 'completed',
    ack_timestamp: ackTimestamp,
    end_to_end_duration: ackTimestamp - triggerTimestamp,
    state_size: stats.stateSize,
    checkpointed_size: stats.stateSize,
    // Tasks measure with performance.now(); Flink reports whole milliseconds.
    checkpoint: { sync: Math.round(stats.syncDurationMs), async: Math.round(stats.asyncDurationMs) },
    alignment: { buffered: 0, processed: 0, persisted: 0, duration: Math.round(stats.alignmentDurationMs) },
    start_delay: 0,
    unaligned_checkpoint: false,
    aborted: false,
  };
}
