/** The vertex panel's Metrics tab: every subtask metric, aggregated, with a filter. */
import { h, type ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { aggregatedMetrics, metricValues } from '../../api/metrics.js';
import { EmptyRow, Notice, PollError } from '../../components/ui.js';
import { formatCount } from '../../format.js';
import { usePoll } from '../../hooks/use-poll.js';
import { VERTEX_ROUTE, missing, type VertexTabProps } from './vertex-tab-support.js';

export function Metrics({ job, vertex, live }: VertexTabProps): ComponentChild {
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
