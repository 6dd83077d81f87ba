/**
 * The side panel of one vertex: its subtasks (state, TaskManager, attempt, duration),
 * backpressure, watermarks and metrics, each from its own Flink route and each showing
 * "—" or a note when this cluster does not have that route.
 */
import { h, type ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { getOptional } from '../../api/client.js';
import type { JobDetails, JobVertexSummary, VertexBackpressure, VertexDetails } from '../../api/flink-types.js';
import { aggregatedMetrics, metricValues, numericValue } from '../../api/metrics.js';
import { LevelBadge, StateBadge } from '../../components/state-badge.js';
import { EmptyRow, Notice, PollError } from '../../components/ui.js';
import { formatCount, formatDate, formatDuration, formatPercent, formatWatermark, shortId } from '../../format.js';
import { usePoll } from '../../hooks/use-poll.js';
import { href } from '../../router.js';
import { ioCount } from './vertex-metrics.js';

const PANEL_TABS = ['subtasks', 'backpressure', 'watermarks', 'metrics'] as const;
type PanelTab = (typeof PANEL_TABS)[number];
const LABELS: Record<PanelTab, string> = { subtasks: 'Subtasks', backpressure: 'Backpressure', watermarks: 'Watermarks', metrics: 'Metrics' };

interface PanelProps {
  readonly job: JobDetails;
  readonly vertex: JobVertexSummary;
  readonly live: boolean;
}

/** `route` is Flink's pattern (`/jobs/:jobid/vertices/:vertexid/…`): shorter and clearer than the ids. */
function missing(route: string): ComponentChild {
  return h(Notice, { kind: 'missing' }, 'This cluster does not answer ', h('code', null, `GET ${route}`), ' yet: —');
}

const VERTEX_ROUTE = '/jobs/:jobid/vertices/:vertexid';


function Subtasks({ job, vertex, live }: PanelProps): ComponentChild {
  const path = `jobs/${job.jid}/vertices/${vertex.id}`;
  const poll = usePoll((signal) => getOptional<VertexDetails>(path, signal), live ? 1500 : 0, [path, live]);
  if (poll.loading) return h(Notice, { kind: 'info' }, 'Loading…');
  if (poll.data === undefined) return poll.error !== undefined ? h(PollError, { error: poll.error }) : missing(VERTEX_ROUTE);
  // Record columns only when some subtask reports records: a column of dashes is noise in a narrow panel.
  const io = poll.data.subtasks.some((s) => ioCount(s.metrics, 'read-records') !== undefined || ioCount(s.metrics, 'write-records') !== undefined);
  return h(
    'table',
    { class: 'grid compact' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { class: 'num' }, '#'),
        h('th', null, 'Status'),
        h('th', { class: 'num' }, 'Attempt'),
        h('th', null, 'TaskManager'),
        io ? h('th', { class: 'num' }, 'Received') : null,
        io ? h('th', { class: 'num' }, 'Sent') : null,
        h('th', { class: 'num' }, 'Duration'),
      ),
    ),
    h(
      'tbody',
      null,
      poll.data.subtasks.length === 0
        ? h(EmptyRow, { columns: 7, text: 'No subtasks' })
        : poll.data.subtasks.map((subtask) => {
            const tm = subtask['taskmanager-id'];
            const known = tm !== undefined && /^[0-9a-f]{32}$/.test(tm);
            const where = subtask.endpoint ?? subtask.host ?? tm ?? '—';
            return h(
              'tr',
              { key: subtask.subtask },
              h('td', { class: 'num' }, String(subtask.subtask)),
              h('td', null, h(StateBadge, { state: subtask.status })),
              h('td', { class: 'num' }, String(subtask.attempt)),
              h('td', { class: 'clip-cell narrow', title: `${where}${known ? ` (${tm})` : ''}` }, known ? h('a', { href: href({ page: 'taskmanager', id: tm, tab: 'slots' }), }, where === tm ? shortId(tm) : where) : h('span', { title: where }, where)),
              io ? h('td', { class: 'num' }, formatCount(ioCount(subtask.metrics, 'read-records'))) : null,
              io ? h('td', { class: 'num' }, formatCount(ioCount(subtask.metrics, 'write-records'))) : null,
              h('td', { class: 'num', title: `started ${formatDate(subtask['start-time'])}` }, formatDuration(subtask.duration)),
            );
          }),
    ),
  );
}

function Backpressure({ job, vertex, live }: PanelProps): ComponentChild {
  const path = `jobs/${job.jid}/vertices/${vertex.id}/backpressure`;
  const poll = usePoll((signal) => getOptional<VertexBackpressure>(path, signal), live ? 2000 : 0, [path, live]);
  if (poll.loading) return h(Notice, { kind: 'info' }, 'Loading…');
  const info = poll.data;
  if (info === undefined) return poll.error !== undefined ? h(PollError, { error: poll.error }) : missing(`${VERTEX_ROUTE}/backpressure`);
  return h(
    'div',
    { class: 'backpressure' },
    h(
      'div',
      { class: 'bp-summary' },
      h('span', { class: 'muted' }, 'Backpressure level '),
      h(LevelBadge, { level: info.backpressureLevel }),
      info['end-timestamp'] !== undefined ? h('span', { class: 'muted small' }, ` measured ${formatDate(info['end-timestamp'])}`) : null,
      info.status === 'deprecated' ? h('span', { class: 'muted small' }, ' (sampling…)') : null,
    ),
    h(
      'table',
      { class: 'grid compact' },
      h('thead', null, h('tr', null, h('th', { class: 'num' }, '#'), h('th', null, 'Level'), h('th', { class: 'num' }, 'Backpressured'), h('th', { class: 'num' }, 'Idle'), h('th', { class: 'num' }, 'Busy'))),
      h(
        'tbody',
        null,
        (info.subtasks ?? []).length === 0
          ? h(EmptyRow, { columns: 5, text: 'No samples yet' })
          : (info.subtasks ?? []).map((s) =>
              h(
                'tr',
                { key: s.subtask },
                h('td', { class: 'num' }, String(s.subtask)),
                h('td', null, h(LevelBadge, { level: s.backpressureLevel })),
                h('td', { class: 'num' }, formatPercent(s.ratio)),
                h('td', { class: 'num' }, formatPercent(s.idleRatio)),
                h('td', { class: 'num' }, formatPercent(s.busyRatio)),
              ),
            ),
      ),
    ),
  );
}

function Watermarks({ job, vertex, live }: PanelProps): ComponentChild {
  const path = `jobs/${job.jid}/vertices/${vertex.id}/watermarks`;
  const poll = usePoll((signal) => metricValues(path, undefined, signal), live ? 2000 : 0, [path, live]);
  if (poll.loading) return h(Notice, { kind: 'info' }, 'Loading…');
  if (poll.data === undefined) return poll.error !== undefined ? h(PollError, { error: poll.error }) : missing(`${VERTEX_ROUTE}/watermarks`);
  const rows = poll.data
    .map((metric) => ({ subtask: Number(metric.id.split('.')[0]), name: metric.id.split('.').slice(1).join('.'), value: numericValue(metric.value) ?? (metric.value === '-Infinity' ? -Infinity : undefined), raw: metric.value }))
    .sort((a, b) => a.subtask - b.subtask);
  return h(
    'table',
    { class: 'grid compact' },
    h('thead', null, h('tr', null, h('th', { class: 'num' }, '#'), h('th', null, 'Watermark'), h('th', null, 'Metric'))),
    h(
      'tbody',
      null,
      rows.length === 0
        ? h(EmptyRow, { columns: 3, text: 'No watermarks reported' })
        : rows.map((row) =>
            h('tr', { key: `${row.subtask}.${row.name}` }, h('td', { class: 'num' }, Number.isNaN(row.subtask) ? '—' : String(row.subtask)), h('td', { title: row.raw ?? '' }, formatWatermark(row.value)), h('td', { class: 'muted' }, row.name)),
          ),
    ),
  );
}

function Metrics({ job, vertex, live }: PanelProps): ComponentChild {
  const path = `jobs/${job.jid}/vertices/${vertex.id}/subtasks/metrics`;
  const [filter, setFilter] = useState('');
  const poll = usePoll(
    async (signal) => {
      const listed = await metricValues(path, undefined, signal);
      if (listed === undefined) return undefined;
      const ids = listed.map((m) => m.id);
      return ids.length === 0 ? [] : ((await aggregatedMetrics(path, ids, ['min', 'max', 'avg', 'sum'], signal)) ?? []);
    },
    live ? 3000 : 0,
    [path, live],
  );
  if (poll.loading) return h(Notice, { kind: 'info' }, 'Loading…');
  if (poll.data === undefined) return poll.error !== undefined ? h(PollError, { error: poll.error }) : missing(`${VERTEX_ROUTE}/subtasks/metrics`);
  const shown = poll.data.filter((m) => m.id.toLowerCase().includes(filter.toLowerCase())).sort((a, b) => a.id.localeCompare(b.id));
  const n = (value: number | undefined): string => (value === undefined ? '—' : Number.isInteger(value) ? formatCount(value) : value.toFixed(2));
  return h(
    'div',
    null,
    h('input', { class: 'filter', type: 'search', placeholder: 'Filter metrics', value: filter, onInput: (e: Event) => setFilter((e.currentTarget as HTMLInputElement).value) }),
    h(
      'table',
      { class: 'grid compact' },
      h('thead', null, h('tr', null, h('th', null, 'Metric'), h('th', { class: 'num' }, 'Min'), h('th', { class: 'num' }, 'Max'), h('th', { class: 'num' }, 'Avg'), h('th', { class: 'num' }, 'Sum'))),
      h(
        'tbody',
        null,
        shown.length === 0
          ? h(EmptyRow, { columns: 5, text: 'No metrics' })
          : shown.map((m) => h('tr', { key: m.id }, h('td', { class: 'clip-cell', title: m.id }, m.id), h('td', { class: 'num' }, n(m.min)), h('td', { class: 'num' }, n(m.max)), h('td', { class: 'num' }, n(m.avg)), h('td', { class: 'num' }, n(m.sum)))),
      ),
    ),
  );
}

export function VertexPanel(props: PanelProps & { readonly onClose: () => void }): ComponentChild {
  const [tab, setTab] = useState<PanelTab>('subtasks');
  const { vertex } = props;
  return h(
    'aside',
    { class: 'side-panel', 'aria-label': `Vertex ${vertex.name}` },
    h(
      'header',
      { class: 'panel-head' },
      h('div', { class: 'panel-title' }, h('h2', { class: 'clip', title: vertex.name }, vertex.name), h('div', { class: 'muted small mono' }, `${vertex.id} · parallelism ${vertex.parallelism}`)),
      h('button', { type: 'button', class: 'btn icon', title: 'Close', 'aria-label': 'Close', onClick: props.onClose }, '×'),
    ),
    h(
      'nav',
      { class: 'tabs small-tabs', role: 'tablist' },
      PANEL_TABS.map((id) => h('button', { key: id, type: 'button', role: 'tab', class: id === tab ? 'tab active' : 'tab', 'aria-selected': id === tab, onClick: () => setTab(id) }, LABELS[id])),
    ),
    h(
      'div',
      { class: 'panel-body' },
      tab === 'subtasks' ? h(Subtasks, props) : tab === 'backpressure' ? h(Backpressure, props) : tab === 'watermarks' ? h(Watermarks, props) : h(Metrics, props),
    ),
  );
}
