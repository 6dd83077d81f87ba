/**
 * Where a metric group sits (Flink's scope formats): which component registered it, and
 * the variables that identify it. The REST API files metrics by these, and the Prometheus
 * reporter turns them into the metric name's prefix and its labels.
 */

export type ScopeKind = 'jobmanager' | 'job' | 'taskmanager' | 'task' | 'operator';

/** Flink's scope variable names, without the angle brackets (`<job_id>` is `job_id`). */
export type ScopeVariables = Readonly<Record<string, string>>;

export interface MetricScope {
  readonly kind: ScopeKind;
  readonly variables: ScopeVariables;
}

/** The scope components Flink's default scope formats put before a metric's name. */
export const SCOPE_COMPONENTS: Readonly<Record<ScopeKind, readonly string[]>> = {
  jobmanager: ['jobmanager'],
  job: ['jobmanager', 'job'],
  taskmanager: ['taskmanager'],
  task: ['taskmanager', 'job', 'task'],
  operator: ['taskmanager', 'job', 'task', 'operator'],
};
