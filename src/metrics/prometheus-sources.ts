/**
 * What each process's Prometheus endpoint shows, in scopes: a JobManager its own metrics
 * and its running jobs', a TaskManager its own, its slots' and its running tasks' and
 * operators'. Ended tasks are left out, as Flink unregisters their metrics.
 */
import { hostname } from 'node:os';
import { TERMINAL_JOB_STATES } from '../api/job-client.js';
import type { DispatcherGateway } from '../dispatcher/dispatcher-gateway.js';
import { jobManagerMetricValues } from './job-manager-metrics.js';
import { jobMetricValues } from './job-metrics.js';
import type { MetricValues, TaskManagerMetricDump, TaskMetricSnapshot } from './metric-snapshot.js';
import type { ScopedValues } from './prometheus-format.js';

const HOST = hostname();

export async function jobManagerScopes(dispatcher: DispatcherGateway): Promise<ScopedValues[]> {
  const scopes: ScopedValues[] = [{ scope: { kind: 'jobmanager', variables: { host: HOST } }, values: await jobManagerMetricValues(dispatcher) }];
  for (const job of await dispatcher.listJobs()) {
    if (TERMINAL_JOB_STATES.has(job.state)) continue;
    const details = await dispatcher.requestJobDetails(job.jobId).catch(() => undefined);
    if (details === undefined) continue;
    const checkpoints = await dispatcher.requestCheckpointStats(job.jobId).catch(() => undefined);
    scopes.push({
      scope: { kind: 'job', variables: { host: HOST, job_id: job.jobId, job_name: job.name } },
      values: jobMetricValues(details, checkpoints),
    });
  }
  return scopes;
}

export function taskManagerScopes(dump: TaskManagerMetricDump): ScopedValues[] {
  const own: Record<string, number | string> = {};
  const slots = new Map<string, Record<string, number | string>>();
  for (const [id, value] of Object.entries(dump.metrics)) {
    // `Slot.<i>.<metric>` is one metric per slot: the index becomes a label, as Flink does with key-value groups.
    const slot = /^Slot\.(\d+)\.(.+)$/.exec(id);
    if (slot === null) {
      own[id] = value;
      continue;
    }
    const values = slots.get(slot[1] as string) ?? {};
    values[`Slot.${slot[2] as string}`] = value;
    slots.set(slot[1] as string, values);
  }
  const base = { host: HOST, tm_id: dump.taskManagerId };
  return [
    { scope: { kind: 'taskmanager', variables: base }, values: own },
    ...[...slots].map(([index, values]): ScopedValues => ({ scope: { kind: 'taskmanager', variables: { ...base, slot: index } }, values })),
    ...dump.tasks.filter((task) => !task.final).flatMap((task) => taskScopes(base, task)),
  ];
}

function taskScopes(base: Readonly<Record<string, string>>, task: TaskMetricSnapshot): ScopedValues[] {
  const variables = {
    ...base,
    job_id: task.jobId,
    job_name: task.jobName,
    task_id: task.vertexId,
    task_name: task.taskName,
    task_attempt_id: task.attemptId,
    task_attempt_num: String(task.attemptNumber),
    subtask_index: String(task.subtaskIndex),
  };
  return [
    { scope: { kind: 'task', variables }, values: task.metrics },
    ...Object.entries(task.operators).map(
      ([operator, values]: [string, MetricValues]): ScopedValues => ({ scope: { kind: 'operator', variables: { ...variables, operator_name: operator } }, values }),
    ),
  ];
}
