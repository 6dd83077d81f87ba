/**
 * A vertex's I/O summary (Flink's IOMetricsInfo in `GET /jobs/:jobid`), summed over its
 * subtasks' latest attempts. "Complete" means every subtask has reported.
 */
import type { MetricValues } from './metric-snapshot.js';
import type { SubtaskMetrics } from './metric-store.js';

export interface VertexIOMetrics {
  readonly 'read-bytes': number;
  readonly 'read-bytes-complete': boolean;
  readonly 'write-bytes': number;
  readonly 'write-bytes-complete': boolean;
  readonly 'read-records': number;
  readonly 'read-records-complete': boolean;
  readonly 'write-records': number;
  readonly 'write-records-complete': boolean;
  readonly 'accumulated-backpressured-time': number;
  readonly 'accumulated-idle-time': number;
  readonly 'accumulated-busy-time': number;
}

function sum(subtasks: readonly SubtaskMetrics[], id: string): number {
  let total = 0;
  for (const subtask of subtasks) total += numberOf(subtask.metrics, id);
  return total;
}

/** A metric's numeric value; 0 when it is missing or not a number. */
export function numberOf(values: MetricValues, id: string): number {
  const value = values[id];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function vertexIOMetrics(subtasks: readonly SubtaskMetrics[], parallelism: number): VertexIOMetrics {
  const complete = new Set(subtasks.map((s) => s.subtaskIndex)).size >= parallelism;
  return {
    'read-bytes': sum(subtasks, 'numBytesIn'),
    'read-bytes-complete': complete,
    'write-bytes': sum(subtasks, 'numBytesOut'),
    'write-bytes-complete': complete,
    'read-records': sum(subtasks, 'numRecordsIn'),
    'read-records-complete': complete,
    'write-records': sum(subtasks, 'numRecordsOut'),
    'write-records-complete': complete,
    'accumulated-backpressured-time': sum(subtasks, 'accumulatedBackPressuredTimeMs'),
    'accumulated-idle-time': sum(subtasks, 'accumulatedIdleTimeMs'),
    'accumulated-busy-time': sum(subtasks, 'accumulatedBusyTimeMs'),
  };
}
