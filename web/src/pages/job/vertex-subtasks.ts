/** The vertex panel's Subtasks tab: state, attempt, TaskManager, records and duration of each subtask. */
import { h, type ComponentChild } from 'preact';
import { getOptional } from '../../api/client.js';
import type { VertexDetails } from '../../api/flink-types.js';
import { StateBadge } from '../../components/state-badge.js';
import { EmptyRow, Notice, PollError } from '../../components/ui.js';
import { formatCount, formatDate, formatDuration, shortId } from '../../format.js';
import { usePoll } from '../../hooks/use-poll.js';
import { href } from '../../router.js';
import { ioCount } from './vertex-loads.js';
import { VERTEX_ROUTE, missing, type VertexTabProps } from './vertex-tab-support.js';

export function Subtasks({ job, vertex, live }: VertexTabProps): ComponentChild {
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
