/** Every registered TaskManager: slots free of total, memory, and how fresh its heartbeat is. */
import { h, type ComponentChild } from 'preact';
import { getJson } from '../api/client.js';
import type { TaskManagerSummary, TaskManagers } from '../api/flink-types.js';
import { metricValues, numericValue } from '../api/metrics.js';
import { Card, EmptyRow, PollError } from '../components/ui.js';
import { formatBytes, formatCount, formatDuration, shortId } from '../format.js';
import { usePoll } from '../hooks/use-poll.js';
import { href } from '../router.js';
import { heartbeatAge } from './heartbeat.js';

/** A heartbeat older than this is worth a second look (Flink's default interval is 10 s). */
const STALE_HEARTBEAT_MS = 15_000;

export function SlotBar({ free, total }: { readonly free: number; readonly total: number }): ComponentChild {
  const used = total - free;
  return h(
    'div',
    { class: 'slot-bar', title: `${used} of ${total} slots in use` },
    h('div', { class: 'slot-track' }, h('span', { class: 'slot-used', style: { width: `${total === 0 ? 0 : (used / total) * 100}%` } })),
    h('span', { class: 'num' }, `${free} / ${total} free`),
  );
}

/** Flink's names for a process's memory; a cluster without them shows —. */
const HEAP_USED = 'Status.JVM.Memory.Heap.Used';
const RESIDENT = 'Status.Node.Memory.RSS';

interface Row {
  readonly tm: TaskManagerSummary;
  readonly heapUsed: number | undefined;
  readonly resident: number | undefined;
}

async function rows(signal: AbortSignal): Promise<Row[]> {
  const { taskmanagers } = await getJson<TaskManagers>('taskmanagers', signal);
  return Promise.all(
    taskmanagers.map(async (tm) => {
      const metrics = await metricValues(`taskmanagers/${encodeURIComponent(tm.id)}/metrics`, [HEAP_USED, RESIDENT], signal).catch(() => undefined);
      const value = (id: string): number | undefined => numericValue(metrics?.find((m) => m.id === id)?.value);
      return { tm, heapUsed: value(HEAP_USED), resident: value(RESIDENT) };
    }),
  );
}

export function TaskManagersPage(): ComponentChild {
  const poll = usePoll(rows, 2000, []);
  const now = Date.now();
  const list = [...(poll.data ?? [])].sort((a, b) => a.tm.path.localeCompare(b.tm.path));
  // Flink reports hardware; a cluster that does not would only fill two columns with dashes.
  const hardware = list.some(({ tm }) => tm.hardware !== undefined);
  return h(
    'div',
    { class: 'page' },
    h('header', { class: 'page-head' }, h('h1', null, 'TaskManagers')),
    h(PollError, { error: poll.error }),
    h(
      Card,
      { title: `TaskManagers (${list.length})` },
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'grid' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, 'ID'),
              h('th', null, 'Address'),
              h('th', { class: 'num' }, 'Data port'),
              h('th', null, 'Slots'),
              hardware ? h('th', { class: 'num' }, 'CPU cores') : null,
              hardware ? h('th', { class: 'num' }, 'Physical memory') : null,
              h('th', { class: 'num' }, 'Heap used'),
              h('th', { class: 'num' }, 'Resident memory'),
              h('th', { class: 'num' }, 'Last heartbeat'),
            ),
          ),
          h(
            'tbody',
            null,
            list.length === 0
              ? h(EmptyRow, { columns: hardware ? 9 : 7, text: poll.loading ? 'Loading…' : 'No TaskManagers registered' })
              : list.map(({ tm, heapUsed, resident }) => {
                  const age = heartbeatAge(tm.timeSinceLastHeartbeat, now);
                  return h(
                    'tr',
                    { key: tm.id, 'data-taskmanager-id': tm.id },
                    h('td', { class: 'mono' }, h('a', { href: href({ page: 'taskmanager', id: tm.id, tab: 'slots' }), title: tm.id }, shortId(tm.id))),
                    h('td', { class: 'clip-cell', title: tm.path }, tm.path),
                    h('td', { class: 'num' }, tm.dataPort > 0 ? String(tm.dataPort) : '—'),
                    h('td', null, h(SlotBar, { free: tm.freeSlots, total: tm.slotsNumber })),
                    hardware ? h('td', { class: 'num' }, formatCount(tm.hardware?.cpuCores)) : null,
                    hardware ? h('td', { class: 'num' }, formatBytes(tm.hardware?.physicalMemory)) : null,
                    h('td', { class: 'num' }, formatBytes(heapUsed)),
                    h('td', { class: 'num' }, formatBytes(resident)),
                    h('td', { class: `num${age > STALE_HEARTBEAT_MS ? ' warn-text' : ''}` }, `${formatDuration(age)} ago`),
                  );
                }),
          ),
        ),
      ),
    ),
  );
}
