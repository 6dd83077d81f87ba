/**
 * A TaskManager's metrics as its TaskExecutor holds them (Flink's MetricQueryService):
 * its own process metrics, and the latest report of each slot thread. The last values of
 * tasks that ended are kept (a bounded number), so a job that finished between two
 * fetches still has its totals.
 */
import { ComponentMetricGroup } from './metric-group.js';
import { DEFAULT_TICK_MS, MetricRegistry } from './metric-registry.js';
import type { MetricValues, SlotMetricReport, TaskManagerMetricDump, TaskMetricSnapshot } from './metric-snapshot.js';
import { ThreadMetrics } from './thread-metrics.js';

/** Ended tasks whose final values are kept; the oldest go first. */
const MAX_ENDED_TASKS = 2000;

export class TaskManagerMetrics {
  readonly registry = new MetricRegistry();
  readonly group: ComponentMetricGroup;
  private readonly thread: ThreadMetrics;
  private readonly slots = new Map<number, MetricValues>();
  private readonly running = new Map<string, { readonly slotIndex: number; snapshot: TaskMetricSnapshot }>();
  private readonly ended = new Map<string, TaskMetricSnapshot>();

  constructor(
    readonly taskManagerId: string,
    readonly reportIntervalMs: number = DEFAULT_TICK_MS,
  ) {
    this.group = new ComponentMetricGroup({ kind: 'taskmanager', variables: { tm_id: taskManagerId } }, this.registry);
    this.thread = new ThreadMetrics(this.group, true);
    this.registry.addTickable(this.thread);
    this.registry.start(reportIntervalMs);
  }

  onSlotReport(slotIndex: number, report: SlotMetricReport): void {
    this.slots.set(slotIndex, report.slot);
    for (const task of report.tasks) {
      if (task.final) {
        this.running.delete(task.attemptId);
        this.remember(task);
      } else {
        this.running.set(task.attemptId, { slotIndex, snapshot: task });
      }
    }
  }

  /** The slot's thread ended: its tasks' last reports are all there will be. */
  slotReleased(slotIndex: number): void {
    this.slots.delete(slotIndex);
    for (const [attemptId, task] of this.running) {
      if (task.slotIndex !== slotIndex) continue;
      this.running.delete(attemptId);
      this.remember({ ...task.snapshot, final: true });
    }
  }

  dump(): TaskManagerMetricDump {
    const metrics: Record<string, number | string> = { ...this.group.snapshot() };
    for (const [index, values] of this.slots) {
      for (const [name, value] of Object.entries(values)) metrics[`Slot.${index}.${name}`] = value;
    }
    return {
      taskManagerId: this.taskManagerId,
      metrics,
      tasks: [...this.ended.values(), ...[...this.running.values()].map((task) => task.snapshot)],
    };
  }

  close(): void {
    this.registry.stop();
    this.thread.close();
  }

  private remember(task: TaskMetricSnapshot): void {
    this.ended.delete(task.attemptId);
    this.ended.set(task.attemptId, task);
    if (this.ended.size > MAX_ENDED_TASKS) {
      const oldest = this.ended.keys().next().value;
      if (oldest !== undefined) this.ended.delete(oldest);
    }
  }
}
