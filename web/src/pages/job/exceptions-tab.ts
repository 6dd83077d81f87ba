/** The job's failures, newest first, each with its whole stack trace a click away. */
import { h, type ComponentChild } from 'preact';
import { getOptional } from '../../api/client.js';
import type { JobExceptions } from '../../api/flink-types.js';
import { Card, Notice, PollError } from '../../components/ui.js';
import { formatDate } from '../../format.js';
import { usePoll } from '../../hooks/use-poll.js';

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}

export function ExceptionsTab({ jobId, live }: { readonly jobId: string; readonly live: boolean }): ComponentChild {
  const poll = usePoll((signal) => getOptional<JobExceptions>(`jobs/${jobId}/exceptions?maxExceptions=50`, signal), live ? 3000 : 0, [jobId, live]);
  if (poll.loading) return h(Notice, { kind: 'info' }, 'Loading…');
  const info = poll.data;
  if (info === undefined) return poll.error !== undefined ? h(PollError, { error: poll.error }) : h(Notice, { kind: 'missing' }, 'This cluster keeps no exception history: —');
  const entries = info.exceptionHistory?.entries ?? [];
  const root = info['root-exception'];
  return h(
    'div',
    { class: 'exceptions' },
    h(PollError, { error: poll.error }),
    root !== undefined
      ? h(Card, { title: 'Root exception', actions: h('span', { class: 'muted' }, formatDate(info.timestamp)) }, h('pre', { class: 'stack' }, root))
      : h(Notice, { kind: 'info' }, 'No exceptions: the job has not failed.'),
    entries.length > 0
      ? h(
          Card,
          { title: `Exception history (${entries.length}${info.exceptionHistory?.truncated === true ? '+' : ''})` },
          h(
            'ol',
            { class: 'exception-list' },
            entries.map((entry, index) =>
              h(
                'li',
                { key: `${entry.timestamp}-${index}` },
                h(
                  'div',
                  { class: 'exception-meta' },
                  h('span', { class: 'nowrap' }, formatDate(entry.timestamp)),
                  h('span', { class: 'clip', title: entry.taskName ?? '' }, entry.taskName ?? '—'),
                  h('span', { class: 'clip muted', title: entry.endpoint ?? entry.location ?? '' }, entry.endpoint ?? entry.location ?? '—'),
                ),
                // The first line names the error and its message; the rest unfolds on demand.
                h('details', null, h('summary', { title: firstLine(entry.stacktrace) }, firstLine(entry.stacktrace)), h('pre', { class: 'stack' }, entry.stacktrace)),
              ),
            ),
          ),
        )
      : null,
  );
}
