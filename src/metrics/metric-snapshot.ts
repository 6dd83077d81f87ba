/**
 * Metric values as plain data: what a slot thread posts to its TaskExecutor, what a
 * TaskExecutor answers the JobManager with, and what the REST layer stores (Flink's
 * MetricDump). Only data, so it crosses threads and RPC as it is.
 */

/** Metric id (relative to its component) → value. Meters appear as their rate. */
export type MetricValues = Readonly<Record<string, number | string>>;

/** Identifies one subtask attempt. */
export interface TaskIdentity {
  readonly jobId: string;
  readonly jobName: string;
  readonly vertexId: string;
  readonly taskName: string;
  readonly subtaskIndex: number;
  readonly attemptNumber: number;
  readonly attemptId: string;
}

export interface TaskMetricSnapshot extends TaskIdentity {
  readonly metrics: MetricValues;
  /** Operator name → its metrics. */
  readonly operators: Readonly<Record<string, MetricValues>>;
  /** Set once the task ended: these are its final values. */
  readonly final: boolean;
}

/** What a slot thread reports: its own heap and event loop, and its tasks. */
export interface SlotMetricReport {
  readonly slot: MetricValues;
  readonly tasks: readonly TaskMetricSnapshot[];
}

/** What a TaskExecutor answers with (Flink's MetricQueryService dump of one TaskManager). */
export interface TaskManagerMetricDump {
  readonly taskManagerId: string;
  readonly metrics: MetricValues;
  readonly tasks: readonly TaskMetricSnapshot[];
}
