/**
 * A thread dump (`/taskmanagers/:id/thread-dump`, `/jobmanager/thread-dump`), taken when
 * shown and again on request, never polled: a dump pauses each thread for a moment.
 */
import { h, type ComponentChild } from 'preact';
import { getOptional } from '../api/client.js';
import type { ThreadDump as ThreadDumpBody } from '../api/flink-types.js';
import { formatDate } from '../format.js';
import { usePoll } from '../hooks/use-poll.js';
import { Card, Notice, PollError } from './ui.js';

export function ThreadDump({ path, threads, none }: { readonly path: string; readonly threads: string; readonly none: string }): ComponentChild {
  const poll = usePoll((signal) => getOptional<ThreadDumpBody>(path, signal), 0, [path]);
  if (poll.loading) return h(Notice, { kind: 'info' }, 'Taking a thread dump…');
  if (poll.data === undefined) return poll.error !== undefined ? h(PollError, { error: poll.error }) : h(Notice, { kind: 'missing' }, 'This cluster does not answer ', h('code', null, `GET /${path}`), ' yet: —');
  const dump = poll.data.threadInfos;
  return h(
    Card,
    {
      title: `Thread dump (${dump.length} ${threads}) · ${formatDate(poll.updatedAt)}`,
      actions: h('button', { type: 'button', class: 'btn', onClick: () => poll.refresh() }, 'Take another'),
    },
    dump.length === 0 ? h(Notice, { kind: 'info' }, none) : h('pre', { class: 'log wrap thread-dump' }, dump.map((t) => t.stringifiedThreadInfo).join('\n')),
  );
}
