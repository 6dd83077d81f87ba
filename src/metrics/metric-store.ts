/**
 * What the REST API knows of the cluster's task metrics (Flink's MetricStore): the
 * TaskManagers' own metrics as of the last fetch, and every subtask's latest attempt as
 * far as it was ever seen, so a finished job keeps its totals after its tasks are gone.
 */
import type { MetricValues, TaskManagerMetricDump, TaskMetricSnapshot } from './metric-snapshot.js';

export interface SubtaskMetrics {
  readonly subtaskIndex: number;
  readonly attemptNumber: number;
  readonly taskManagerId: string;
  readonly metrics: MetricValues;
  readonly operators: Readonly<Record<string, MetricValues>>;
}

type VertexMetrics = Map<number, SubtaskMetrics>;

export class MetricStore {
  private readonly taskManagers = new Map<string, MetricValues>();
  private readonly jobs = new Map<string, Map<string, VertexMetrics>>();

  /** A fetch's answer: TaskManagers that did not answer are forgotten, subtasks are merged. */
  update(dumps: readonly TaskManagerMetricDump[]): void {
    this.taskManagers.clear();
    for (const dump of dumps) {
      this.taskManagers.set(dump.taskManagerId, dump.metrics);
      for (const task of dump.tasks) this.addTask(dump.taskManagerId, task);
    }
  }

  taskManager(id: string): MetricValues | undefined {
    return this.taskManagers.get(id);
  }

  /** The subtasks of a vertex with metrics, by index. */
  subtasks(jobId: string, vertexId: string): readonly SubtaskMetrics[] {
    const vertex = this.jobs.get(jobId)?.get(vertexId);
    return vertex === undefined ? [] : [...vertex.values()].sort((a, b) => a.subtaskIndex - b.subtaskIndex);
  }

  private addTask(taskManagerId: string, task: TaskMetricSnapshot): void {
    let job = this.jobs.get(task.jobId);
    if (job === undefined) {
      job = new Map();
      this.jobs.set(task.jobId, job);
    }
    let vertex = job.get(task.vertexId);
    if (vertex === undefined) {
      vertex = new Map();
      job.set(task.vertexId, vertex);
    }
    const known = vertex.get(task.subtaskIndex);
    // An older attempt's final report can arrive after the new attempt's first one.
    if (known !== undefined && known.attemptNumber > task.attemptNumber) return;
    vertex.set(task.subtaskIndex, {
      subtaskIndex: task.subtaskIndex,
      attemptNumber: task.attemptNumber,
      taskManagerId,
      metrics: task.metrics,
      operators: task.operators,
    });
  }
}
