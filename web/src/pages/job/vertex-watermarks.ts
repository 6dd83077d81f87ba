/** The vertex panel's Watermarks tab: each subtask's current input watermark. */
import { h, type ComponentChild } from 'preact';
import { metricValues, numericValue } from '../../api/metrics.js';
import { EmptyRow, Notice, PollError } from '../../components/ui.js';
import { formatWatermark } from '../../format.js';
import { usePoll } from '../../hooks/use-poll.js';
import { VERTEX_ROUTE, missing, type VertexTabProps } from './vertex-tab-support.js';

export function Watermarks({ job, vertex, live }: VertexTabProps): ComponentChild {
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
