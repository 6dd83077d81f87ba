/**
 * Builds Flink's job JSON (details, overview entries, exceptions, vertex details) from
 * what the Dispatcher tells: pure functions, so the shapes are testable without a cluster.
 */
import type { JobStatus } from '../api/job-client.js';
import type { JobSummary } from '../dispatcher/dispatcher-gateway.js';
import type { ExceptionInfo, JobDetailsInfo as JobInfo, SubtaskInfo, TaskManagerInfo, VertexInfo } from '../dispatcher/job-info.js';
import { TERMINAL_EXECUTION_STATES, type ExecutionState } from '../runtime/deployment.js';
import type {
  ExecutionStateCounts,
  IOMetricsInfo,
  JobDetails,
  JobDetailsInfo,
  JobExceptionsInfoWithHistory,
  JobTaskCounts,
  JobVertexDetailsInfo,
  RootExceptionInfo,
  SubtaskExecutionAttemptDetailsInfo,
  ResourceProfileInfo,
  TaskManagerInfoBody,
} from './messages.js';

const JOB_STATUSES = Object.keys({
  INITIALIZING: true,
  CREATED: true,
  RUNNING: true,
  FAILING: true,
  FAILED: true,
  CANCELLING: true,
  CANCELED: true,
  FINISHED: true,
  RESTARTING: true,
  SUSPENDED: true,
  RECONCILING: true,
} satisfies Record<JobStatus, true>) as JobStatus[];

/** Flink lists RECONCILING too, though a Weir task never is. */
const EXECUTION_STATES = Object.keys({
  CREATED: true,
  SCHEDULED: true,
  DEPLOYING: true,
  INITIALIZING: true,
  RUNNING: true,
  FINISHED: true,
  CANCELING: true,
  CANCELED: true,
  FAILED: true,
  RECONCILING: true,
} satisfies Record<ExecutionState | 'RECONCILING', true>) as (ExecutionState | 'RECONCILING')[];

/** Where Flink names a TaskManager's location and Weir does not know it (yet). */
const UNASSIGNED = '(unassigned)';

/** For a subtask or vertex that has not reported metrics (yet): zeros, marked incomplete. */
const NO_METRICS: IOMetricsInfo = {
  'read-bytes': 0,
  'read-bytes-complete': false,
  'write-bytes': 0,
  'write-bytes-complete': false,
  'read-records': 0,
  'read-records-complete': false,
  'write-records': 0,
  'write-records-complete': false,
  'accumulated-backpressured-time': 0,
  'accumulated-idle-time': 0,
  'accumulated-busy-time': 0,
};

function stateCounts(count: (state: ExecutionState | 'RECONCILING') => number): ExecutionStateCounts {
  return Object.fromEntries(EXECUTION_STATES.map((state) => [state, count(state)])) as Record<ExecutionState | 'RECONCILING', number>;
}

function vertexTasks(vertex: VertexInfo): ExecutionStateCounts {
  return stateCounts((state) => (state === 'RECONCILING' ? 0 : vertex.tasks[state]));
}

export function jobDetailsBody(info: JobInfo): JobDetailsInfo {
  return {
    jid: info.jobId,
    name: info.name,
    isStoppable: false,
    state: info.state,
    'start-time': info.startTime,
    'end-time': info.endTime,
    duration: info.duration,
    maxParallelism: info.maxParallelism,
    now: info.now,
    timestamps: Object.fromEntries(JOB_STATUSES.map((status) => [status, info.timestamps[status] ?? 0])) as Record<JobStatus, number>,
    vertices: info.vertices.map((vertex) => ({
      id: vertex.id,
      name: vertex.name,
      maxParallelism: vertex.maxParallelism,
      parallelism: vertex.parallelism,
      status: vertex.status,
      'start-time': vertex.startTime,
      'end-time': vertex.endTime,
      duration: vertex.duration,
      tasks: vertexTasks(vertex),
      metrics: NO_METRICS,
    })),
    'status-counts': stateCounts((state) => info.vertices.filter((vertex) => vertex.status === state).length),
    plan: info.plan,
  };
}

/** An entry of `/jobs/overview`; without details (a job just submitted) every task count is 0. */
export function jobOverviewEntry(summary: JobSummary, info: JobInfo | undefined): JobDetails {
  const tasks: Record<string, number> = { total: 0 };
  for (const state of EXECUTION_STATES) tasks[state.toLowerCase()] = 0;
  for (const vertex of info?.vertices ?? []) {
    tasks['total'] = (tasks['total'] ?? 0) + vertex.parallelism;
    for (const state of EXECUTION_STATES) {
      if (state !== 'RECONCILING') tasks[state.toLowerCase()] = (tasks[state.toLowerCase()] ?? 0) + vertex.tasks[state];
    }
  }
  const changes = Object.values(info?.timestamps ?? {});
  const startTime = info?.startTime ?? summary.startTime;
  const endTime = info?.endTime ?? summary.endTime;
  return {
    jid: summary.jobId,
    name: summary.name,
    state: info?.state ?? summary.state,
    'start-time': startTime,
    'end-time': endTime,
    duration: info?.duration ?? (endTime > 0 ? endTime : Date.now()) - startTime,
    'last-modification': changes.length > 0 ? Math.max(...changes) : startTime,
    tasks: tasks as JobTaskCounts,
  };
}

function rootException(exception: ExceptionInfo, location: string | undefined): RootExceptionInfo {
  return {
    exceptionName: exception.exceptionName,
    stacktrace: exception.stacktrace,
    timestamp: exception.timestamp,
    taskName: exception.taskName,
    location: location ?? null,
    taskManagerId: exception.taskManagerId,
    failureLabels: {},
    concurrentExceptions: [],
  };
}

/**
 * The newest failure is the root exception, as in Flink; `maxExceptions` caps the history.
 * A failure's location is its TaskManager's address, as far as that TaskManager is still known.
 */
export function jobExceptionsBody(
  info: JobInfo,
  maxExceptions: number,
  taskManagers: readonly TaskManagerInfo[],
): JobExceptionsInfoWithHistory {
  const pathOf = new Map(taskManagers.map((tm) => [tm.id, tm.path]));
  const locationOf = (exception: ExceptionInfo): string | undefined =>
    exception.taskManagerId === null ? undefined : pathOf.get(exception.taskManagerId);
  const newest = info.exceptions[0];
  const kept = info.exceptions.slice(0, maxExceptions);
  const truncated = kept.length < info.exceptions.length;
  return {
    ...(newest !== undefined ? { 'root-exception': newest.stacktrace, timestamp: newest.timestamp } : {}),
    'all-exceptions': kept.map((exception) => ({
      exception: exception.stacktrace,
      task: exception.taskName ?? UNASSIGNED,
      location: locationOf(exception) ?? UNASSIGNED,
      timestamp: exception.timestamp,
      taskManagerId: exception.taskManagerId ?? UNASSIGNED,
    })),
    truncated,
    exceptionHistory: { entries: kept.map((exception) => rootException(exception, locationOf(exception))), truncated },
  };
}

/** How long the attempt stayed in each state it passed through (Flink's `status-duration`). */
function statusDurations(subtask: SubtaskInfo, now: number): Partial<Record<ExecutionState, number>> {
  const entered = (Object.entries(subtask.timestamps) as [ExecutionState, number][]).sort((a, b) => a[1] - b[1]);
  const durations: Partial<Record<ExecutionState, number>> = {};
  entered.forEach(([state, since], index) => {
    if (TERMINAL_EXECUTION_STATES.has(state)) return;
    const until = entered[index + 1]?.[1] ?? now;
    durations[state] = Math.max(0, until - since);
  });
  return durations;
}

/** Where a subtask runs, as Flink shows it: the TaskManager's address, or "(unassigned)". */
export function subtaskHost(subtask: SubtaskInfo, taskManagers: readonly TaskManagerInfo[]): string {
  return (subtask.taskManagerId === null ? undefined : taskManagers.find((tm) => tm.id === subtask.taskManagerId)?.path) ?? UNASSIGNED;
}

export function subtaskAttemptBody(
  info: JobInfo,
  subtask: SubtaskInfo,
  taskManagers: readonly TaskManagerInfo[],
  metrics: IOMetricsInfo = NO_METRICS,
): SubtaskExecutionAttemptDetailsInfo {
  return {
    subtask: subtask.subtask,
    status: subtask.status,
    attempt: subtask.attempt,
    host: subtaskHost(subtask, taskManagers),
    'start-time': subtask.startTime,
    'end-time': subtask.endTime,
    duration: subtask.duration,
    metrics,
    'taskmanager-id': subtask.taskManagerId ?? UNASSIGNED,
    'status-duration': statusDurations(subtask, info.now),
  };
}

export function vertexDetailsBody(
  info: JobInfo,
  vertex: VertexInfo,
  taskManagers: readonly TaskManagerInfo[],
): JobVertexDetailsInfo {
  const subtasks = vertex.subtasks.map((subtask) => subtaskAttemptBody(info, subtask, taskManagers));
  return {
    id: vertex.id,
    name: vertex.name,
    parallelism: vertex.parallelism,
    maxParallelism: vertex.maxParallelism,
    now: info.now,
    subtasks,
  };
}

export function taskManagerBody(info: TaskManagerInfo): TaskManagerInfoBody {
  return {
    id: info.id,
    path: info.path,
    dataPort: info.dataPort,
    // Flink's value when JMX is off; Weir has no JMX.
    jmxPort: -1,
    timeSinceLastHeartbeat: info.timeSinceLastHeartbeat,
    slotsNumber: info.slotsNumber,
    freeSlots: info.freeSlots,
    totalResource: slotsResource(info, info.slotsNumber),
    freeResource: slotsResource(info, info.freeSlots),
    hardware: info.resources.hardware,
    memoryConfiguration: info.resources.memoryConfiguration,
    blocked: false,
  };
}

/** What `slots` of the TaskManager's slots hold: a core (a worker thread) and an even share of the task heap each. */
export function slotsResource(info: TaskManagerInfo, slots: number): ResourceProfileInfo {
  const heapPerSlotMb = info.slotsNumber === 0 ? 0 : info.resources.memoryConfiguration.taskHeap / info.slotsNumber / (1024 * 1024);
  return {
    cpuCores: slots,
    taskHeapMemory: Math.round(heapPerSlotMb * slots),
    taskOffHeapMemory: 0,
    managedMemory: 0,
    networkMemory: 0,
    extendedResources: {},
  };
}
