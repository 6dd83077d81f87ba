/** The vertex panel's Backpressure tab: Flink's level for the vertex and each subtask's shares of time. */
import { h, type ComponentChild } from 'preact';
import { getOptional } from '../../api/client.js';
import type { VertexBackpressure } from '../../api/flink-types.js';
import { LevelBadge } from '../../components/state-badge.js';
import { EmptyRow, Notice, PollError } from '../../components/ui.js';
import { formatDate, formatPercent } from '../../format.js';
import { usePoll } from '../../hooks/use-poll.js';
import { VERTEX_ROUTE, missing, type VertexTabProps } from './vertex-tab-support.js';

export function Backpressure({ job, vertex, live }: VertexTabProps): ComponentChild {
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
