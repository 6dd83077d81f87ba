/**
 * One TaskManager: its slots and the tasks running in them, its metrics, its logs and a
 * thread dump of its slot threads.
 * Flink names only the job each slot holds, so the tasks are found by asking each of
 * those jobs which of its subtasks run on this TaskManager.
 */
import { h, type ComponentChild } from 'preact';
import { getJson, getOptional } from '../api/client.js';
import type { JobDetails, MetricValue, TaskManagerDetails, VertexDetails } from '../api/flink-types.js';
import { allMetrics, numericValue } from '../api/metrics.js';
import { LogViewer } from '../components/log-viewer.js';
import { StateBadge } from '../components/state-badge.js';
import { Tabs } from '../components/tabs.js';
import { ThreadDump } from '../components/thread-dump.js';
import { Card, Clip, EmptyRow, KeyValueTable, Notice, PollError, Stat } from '../components/ui.js';
import { DASH, formatBytes, formatCount, formatDate, formatDuration } from '../format.js';
import { usePoll } from '../hooks/use-poll.js';
import { TASKMANAGER_TABS, href, type TaskManagerTab } from '../router.js';
import { heartbeatAge } from './heartbeat.js';
import { SlotBar } from './taskmanagers.js';

interface TaskRow {
  readonly jobId: string;
  readonly jobName: string;
  readonly vertexId: string;
  readonly vertexName: string;
  readonly subtask: number;
  readonly status: string;
  readonly attempt: number;
  readonly start: number;
  readonly duration: number;
}

async function tasksOn(tmId: string, jobIds: readonly string[], signal: AbortSignal): Promise<TaskRow[]> {
  const perJob = await Promise.all(
    jobIds.map(async (jobId) => {
      const job = await getOptional<JobDetails>(`jobs/${jobId}`, signal);
      if (job === undefined) return [];
      const perVertex = await Promise.all(
        job.vertices.map(async (vertex) => {
          const details = await getOptional<VertexDetails>(`jobs/${jobId}/vertices/${vertex.id}`, signal);
          return (details?.subtasks ?? [])
            .filter((s) => s['taskmanager-id'] === tmId)
            .map((s) => ({ jobId, jobName: job.name, vertexId: vertex.id, vertexName: vertex.name, subtask: s.subtask, status: s.status, attempt: s.attempt, start: s['start-time'], duration: s.duration }));
        }),
      );
      return perVertex.flat();
    }),
  );
  return perJob.flat();
}

function SlotsTab({ tm }: { readonly tm: TaskManagerDetails }): ComponentChild {
  const jobIds = [...new Set((tm.allocatedSlots ?? []).map((slot) => slot.jobId))];
  const tasks = usePoll((signal) => tasksOn(tm.id, jobIds, signal), 3000, [tm.id, jobIds.join(',')]);
  const jobNames = new Map((tasks.data ?? []).map((t) => [t.jobId, t.jobName]));
  const slots = Array.from({ length: tm.slotsNumber }, (_, index) => tm.allocatedSlots?.[index]);
  return h(
    'div',
    { class: 'slots-and-tasks' },
    h(
      Card,
      { title: 'Slots' },
      h(
        'table',
        { class: 'grid compact' },
        h('thead', null, h('tr', null, h('th', { class: 'num' }, 'Slot'), h('th', null, 'Holds'))),
        h(
          'tbody',
          null,
          slots.length === 0
            ? h(EmptyRow, { columns: 2, text: 'No slots' })
            : slots.map((slot, index) =>
                h(
                  'tr',
                  { key: index },
                  h('td', { class: 'num' }, String(index + 1)),
                  h('td', { class: 'name-cell' }, slot === undefined ? h('span', { class: 'muted' }, 'free') : h(Clip, { text: jobNames.get(slot.jobId) ?? slot.jobId, href: href({ page: 'job', jobId: slot.jobId, tab: 'overview' }) })),
                ),
              ),
        ),
      ),
    ),
    h(
      Card,
      { title: `Tasks (${tasks.data?.length ?? 0})` },
      h(PollError, { error: tasks.error }),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'grid compact' },
          h('thead', null, h('tr', null, h('th', null, 'Job'), h('th', null, 'Vertex'), h('th', { class: 'num' }, 'Subtask'), h('th', null, 'Status'), h('th', { class: 'num' }, 'Attempt'), h('th', null, 'Start'), h('th', { class: 'num' }, 'Duration'))),
          h(
            'tbody',
            null,
            (tasks.data ?? []).length === 0
              ? h(EmptyRow, { columns: 7, text: tasks.loading ? 'Loading…' : 'No tasks on this TaskManager' })
              : (tasks.data ?? []).map((t) =>
                  h(
                    'tr',
                    { key: `${t.jobId}/${t.vertexId}/${t.subtask}` },
                    h('td', { class: 'name-cell' }, h(Clip, { text: t.jobName, href: href({ page: 'job', jobId: t.jobId, tab: 'overview' }) })),
                    h('td', { class: 'name-cell' }, h(Clip, { text: t.vertexName, href: href({ page: 'job', jobId: t.jobId, tab: 'overview', vertexId: t.vertexId }) })),
                    h('td', { class: 'num' }, String(t.subtask)),
                    h('td', null, h(StateBadge, { state: t.status })),
                    h('td', { class: 'num' }, String(t.attempt)),
                    h('td', { class: 'nowrap' }, formatDate(t.start)),
                    h('td', { class: 'num' }, formatDuration(t.duration)),
                  ),
                ),
          ),
        ),
      ),
    ),
  );
}

/** Flink's JVM memory metrics, when the cluster reports them under Flink's names. */
const MEMORY_METRICS: readonly [string, string][] = [
  ['Heap used', 'Status.JVM.Memory.Heap.Used'],
  ['Heap committed', 'Status.JVM.Memory.Heap.Committed'],
  ['Heap max', 'Status.JVM.Memory.Heap.Max'],
  ['Non-heap used', 'Status.JVM.Memory.NonHeap.Used'],
  ['Resident memory (RSS)', 'Status.Node.Memory.RSS'],
];

export function MetricsTable({ metrics }: { readonly metrics: readonly MetricValue[] }): ComponentChild {
  return h(
    'table',
    { class: 'grid compact' },
    h('thead', null, h('tr', null, h('th', null, 'Metric'), h('th', { class: 'num' }, 'Value'))),
    h(
      'tbody',
      null,
      metrics.length === 0
        ? h(EmptyRow, { columns: 2, text: 'No metrics reported' })
        : metrics.map((m) => {
            const n = numericValue(m.value);
            return h('tr', { key: m.id }, h('td', { class: 'mono clip-cell', title: m.id }, m.id), h('td', { class: 'num' }, n === undefined ? (m.value ?? DASH) : Number.isInteger(n) ? formatCount(n) : n.toFixed(3)));
          }),
    ),
  );
}

function MetricsTab({ tm }: { readonly tm: TaskManagerDetails }): ComponentChild {
  const poll = usePoll((signal) => allMetrics(`taskmanagers/${tm.id}/metrics`, signal), 3000, [tm.id]);
  const value = (id: string): number | undefined => numericValue(poll.data?.find((m) => m.id === id)?.value);
  const memory = tm.metrics;
  return h(
    'div',
    { class: 'two-columns' },
    h(
      Card,
      { title: 'Memory' },
      h(KeyValueTable, {
        rows: [
          ...MEMORY_METRICS.map(([label, id]): [string, string] => [label, formatBytes(value(id) ?? (id.endsWith('Heap.Used') ? memory?.heapUsed : id.endsWith('Heap.Max') ? memory?.heapMax : undefined))]),
          ['Physical memory', formatBytes(tm.hardware?.physicalMemory)],
          ['Free memory', formatBytes(tm.hardware?.freeMemory)],
          ...Object.entries(tm.memoryConfiguration ?? {}).map(([key, bytes]): [string, string] => [key, formatBytes(bytes)]),
        ],
      }),
    ),
    h(
      Card,
      { title: 'All metrics' },
      poll.loading ? h(Notice, { kind: 'info' }, 'Loading…') : poll.data === undefined ? h(Notice, { kind: 'missing' }, 'This cluster does not answer ', h('code', null, 'GET /taskmanagers/:taskmanagerid/metrics'), ' yet: —') : h(MetricsTable, { metrics: poll.data }),
    ),
  );
}

const TAB_LABELS: Record<TaskManagerTab, string> = { slots: 'Slots and tasks', metrics: 'Metrics', logs: 'Logs', 'thread-dump': 'Thread dump' };

export function TaskManagerPage({ id, tab }: { readonly id: string; readonly tab: TaskManagerTab }): ComponentChild {
  const poll = usePoll((signal) => getJson<TaskManagerDetails>(`taskmanagers/${encodeURIComponent(id)}`, signal), 2000, [id]);
  const tm = poll.data;
  if (tm === undefined) return h('div', { class: 'page' }, poll.loading ? h(Notice, { kind: 'info' }, 'Loading…') : h(Notice, { kind: 'error' }, `TaskManager ${id}: ${poll.error ?? 'not found'}`));
  const age = heartbeatAge(tm.timeSinceLastHeartbeat, Date.now());
  return h(
    'div',
    { class: 'page' },
    h('header', { class: 'page-head' }, h('div', { class: 'job-title' }, h('h1', { class: 'clip', title: tm.id }, 'TaskManager ', h('span', { class: 'mono id' }, tm.id)), h('div', { class: 'job-meta muted' }, tm.path))),
    h(PollError, { error: poll.error }),
    h(
      'div',
      { class: 'stats' },
      h(Stat, { label: 'Slots', value: formatCount(tm.slotsNumber) }),
      h(Stat, { label: 'Free slots', value: formatCount(tm.freeSlots) }),
      h(Stat, { label: 'Last heartbeat', value: `${formatDuration(age)} ago` }),
      h(Stat, { label: 'Data port', value: tm.dataPort > 0 ? String(tm.dataPort) : DASH }),
      tm.hardware !== undefined ? h(Stat, { label: 'CPU cores', value: formatCount(tm.hardware.cpuCores) }) : null,
      tm.hardware !== undefined ? h(Stat, { label: 'Physical memory', value: formatBytes(tm.hardware.physicalMemory) }) : null,
    ),
    h('div', { class: 'slot-summary' }, h(SlotBar, { free: tm.freeSlots, total: tm.slotsNumber })),
    h(Tabs, { active: tab, tabs: TASKMANAGER_TABS.map((t) => ({ id: t, label: TAB_LABELS[t], href: href({ page: 'taskmanager', id, tab: t }) })) }),
    tab === 'slots'
      ? h(SlotsTab, { tm })
      : tab === 'metrics'
        ? h(MetricsTab, { tm })
        : tab === 'thread-dump'
          ? h(ThreadDump, { path: `taskmanagers/${tm.id}/thread-dump`, threads: 'slot threads', none: 'No slot is allocated, so no slot thread runs.' })
          : h(LogViewer, { base: `taskmanagers/${encodeURIComponent(id)}`, title: 'TaskManager log' }),
  );
}
