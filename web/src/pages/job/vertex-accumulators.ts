/** The vertex panel's Accumulators tab: each accumulator merged over the vertex, then per subtask. */
import { h, type ComponentChild } from 'preact';
import { getOptional } from '../../api/client.js';
import type { SubtaskAccumulators, UserAccumulator } from '../../api/flink-types.js';
import { EmptyRow, Notice, PollError } from '../../components/ui.js';
import { usePoll } from '../../hooks/use-poll.js';
import { VERTEX_ROUTE, missing, type VertexTabProps } from './vertex-tab-support.js';

export function Accumulators({ job, vertex, live }: VertexTabProps): ComponentChild {
  const base = `jobs/${job.jid}/vertices/${vertex.id}`;
  const poll = usePoll(
    async (signal) => {
      const [merged, subtasks] = await Promise.all([
        getOptional<{ readonly 'user-accumulators': readonly UserAccumulator[] }>(`${base}/accumulators`, signal),
        getOptional<SubtaskAccumulators>(`${base}/subtasks/accumulators`, signal),
      ]);
      return merged === undefined || subtasks === undefined ? undefined : { merged: merged['user-accumulators'], subtasks: subtasks.subtasks };
    },
    live ? 2000 : 0,
    [base, live],
  );
  if (poll.loading) return h(Notice, { kind: 'info' }, 'Loading…');
  if (poll.data === undefined) return poll.error !== undefined ? h(PollError, { error: poll.error }) : missing(`${VERTEX_ROUTE}/accumulators`);
  const rows = [
    ...poll.data.merged.map((a) => ({ key: `all.${a.name}`, subtask: 'all', accumulator: a })),
    ...poll.data.subtasks.flatMap((s) => s['user-accumulators'].map((a) => ({ key: `${s.subtask}.${a.name}`, subtask: String(s.subtask), accumulator: a }))),
  ];
  return h(
    'table',
    { class: 'grid compact' },
    h('thead', null, h('tr', null, h('th', null, 'Subtask'), h('th', null, 'Name'), h('th', null, 'Type'), h('th', null, 'Value'))),
    h(
      'tbody',
      null,
      rows.length === 0
        ? h(EmptyRow, { columns: 4, text: 'No accumulators' })
        : rows.map(({ key, subtask, accumulator }) =>
            h(
              'tr',
              { key },
              h('td', null, subtask),
              h('td', null, accumulator.name),
              h('td', { class: 'muted' }, accumulator.type),
              h('td', { class: 'mono clip', title: accumulator.value }, accumulator.value),
            ),
          ),
    ),
  );
}
