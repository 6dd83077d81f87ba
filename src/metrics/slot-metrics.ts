/**
 * The metrics of one slot's worker thread: its registry (the tick that moves meters),
 * its heap and event loop, and the metrics of the tasks it runs. Every interval it posts
 * a report, plain data, to its TaskExecutor; a task's last values go out as soon as the
 * task ends, before its final state, so a job's totals are complete when it finishes.
 */
import { ComponentMetricGroup } from './metric-group.js';
import { MetricRegistry } from './metric-registry.js';
import type { SlotMetricReport, TaskIdentity } from './metric-snapshot.js';
import { TaskMetrics } from './task-metrics.js';
import { ThreadMetrics } from './thread-metrics.js';

export interface SlotMetricsOptions {
  readonly taskManagerId: string;
  readonly slotIndex: number;
  readonly intervalMs: number;
  readonly post: (report: SlotMetricReport) => void;
}

export class SlotMetrics {
  private readonly registry = new MetricRegistry();
  private readonly slotGroup: ComponentMetricGroup;
  private readonly thread: ThreadMetrics;
  private readonly tasks = new Map<string, TaskMetrics>();

  constructor(private readonly options: SlotMetricsOptions) {
    this.slotGroup = new ComponentMetricGroup(
      { kind: 'taskmanager', variables: { tm_id: options.taskManagerId, slot: String(options.slotIndex) } },
      this.registry,
    );
    this.thread = new ThreadMetrics(this.slotGroup, false);
    this.registry.addTickable(this.thread);
    this.registry.start(options.intervalMs, () => this.report());
  }

  createTask(identity: TaskIdentity): TaskMetrics {
    const task = new TaskMetrics(identity, this.options.taskManagerId, this.registry);
    this.tasks.set(identity.attemptId, task);
    return task;
  }

  /** Posts the task's final values at once and forgets it. */
  endTask(attemptId: string): void {
    const task = this.tasks.get(attemptId);
    if (task === undefined) return;
    this.tasks.delete(attemptId);
    task.close();
    this.options.post({ slot: this.slotGroup.snapshot(), tasks: [task.snapshot(true)] });
  }

  report(): void {
    this.options.post({ slot: this.slotGroup.snapshot(), tasks: [...this.tasks.values()].map((task) => task.snapshot(false)) });
  }

  close(): void {
    this.registry.stop();
    this.thread.close();
  }
}
