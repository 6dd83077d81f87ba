/**
 * A job's metrics (Flink's JobManagerJobMetricGroup): availability and checkpointing,
 * derived when asked from what the JobMaster already tells: its details and checkpoint
 * statistics. Nothing is counted on the JobMaster's side for them.
 */
import { TERMINAL_JOB_STATES } from '../api/job-client.js';
import type { CheckpointStatsInfo } from '../dispatcher/dispatcher-gateway.js';
import type { JobDetailsInfo } from '../dispatcher/job-info.js';
import type { MetricValues } from './metric-snapshot.js';

/** Flink's value for uptime and downtime of a job that ended. */
const NO_LONGER_RUNNING = -1;

export function jobMetricValues(details: JobDetailsInfo, checkpoints: CheckpointStatsInfo | undefined, now = Date.now()): MetricValues {
  const ended = TERMINAL_JOB_STATES.has(details.state);
  const runningSince = details.timestamps.RUNNING;
  const running = details.state === 'RUNNING' && runningSince !== undefined;
  // A failure or restart is the time of the latest FAILING/RESTARTING change; downtime counts from there.
  const down = Math.max(details.timestamps.FAILING ?? 0, details.timestamps.RESTARTING ?? 0);
  const restarts = Math.max(0, ...details.vertices.flatMap((v) => v.subtasks.map((s) => s.attempt)));
  return {
    uptime: ended ? NO_LONGER_RUNNING : running ? now - runningSince : 0,
    downtime: ended ? NO_LONGER_RUNNING : !running && down > 0 ? now - down : 0,
    // Every restart, global or of one failover region, starts a new job-wide attempt number.
    numRestarts: restarts,
    ...(checkpoints !== undefined ? checkpointMetricValues(checkpoints) : {}),
  };
}

function checkpointMetricValues(stats: CheckpointStatsInfo): MetricValues {
  const latest = stats.completed.at(-1);
  // Ids count up from 1 with every trigger, and each ends completed, failed or pending.
  const total = Math.max(0, ...stats.history.map((entry) => entry.id));
  return {
    totalNumberOfCheckpoints: total,
    numberOfInProgressCheckpoints: stats.pendingCount,
    numberOfFailedCheckpoints: stats.failedTotal,
    numberOfCompletedCheckpoints: Math.max(0, total - stats.failedTotal - stats.pendingCount),
    lastCheckpointDuration: latest === undefined ? -1 : latest.completedAt - latest.triggerTimestamp,
    lastCheckpointSize: latest === undefined ? -1 : latest.stateSize,
    lastCheckpointRestoreTimestamp: stats.restoredFrom?.at ?? -1,
  };
}
