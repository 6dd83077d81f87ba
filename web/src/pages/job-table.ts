/** A list of jobs as Flink shows it: name, state, start, duration, end and tasks by state. */
import { h, type ComponentChild } from 'preact';
import type { JobOverviewEntry } from '../api/flink-types.js';
import { StateBadge } from '../components/state-badge.js';
import { TaskCountsBar } from '../components/task-counts.js';
import { Clip, EmptyRow } from '../components/ui.js';
import { formatDate, formatDuration } from '../format.js';
import { href } from '../router.js';

export function JobTable({ jobs, empty, now }: { readonly jobs: readonly JobOverviewEntry[]; readonly empty: string; readonly now: number }): ComponentChild {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'grid job-table' },
      h(
        'thead',
        null,
        h('tr', null, h('th', null, 'Job name'), h('th', null, 'Status'), h('th', null, 'Start time'), h('th', { class: 'num' }, 'Duration'), h('th', null, 'End time'), h('th', null, 'Tasks')),
      ),
      h(
        'tbody',
        null,
        jobs.length === 0
          ? h(EmptyRow, { columns: 6, text: empty })
          : jobs.map((job) => {
              const duration = job['end-time'] > 0 || job.duration > 0 ? job.duration : now - job['start-time'];
              return h(
                'tr',
                { key: job.jid, 'data-job-id': job.jid },
                h('td', { class: 'name-cell' }, h(Clip, { text: job.name, href: href({ page: 'job', jobId: job.jid, tab: 'overview' }) }), h('div', { class: 'muted small mono' }, job.jid)),
                h('td', null, h(StateBadge, { state: job.state })),
                h('td', { class: 'nowrap' }, formatDate(job['start-time'])),
                h('td', { class: 'num' }, formatDuration(duration)),
                h('td', { class: 'nowrap' }, formatDate(job['end-time'])),
                h('td', null, h(TaskCountsBar, { counts: job.tasks })),
              );
            }),
      ),
    ),
  );
}

const ACTIVE = new Set(['INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'CANCELLING', 'RESTARTING', 'RECONCILING']);

/** Running first by newest start, completed by newest end: what an operator looks for first. */
export function splitJobs(jobs: readonly JobOverviewEntry[]): { running: JobOverviewEntry[]; completed: JobOverviewEntry[] } {
  const running = jobs.filter((j) => ACTIVE.has(j.state)).sort((a, b) => b['start-time'] - a['start-time']);
  const completed = jobs.filter((j) => !ACTIVE.has(j.state)).sort((a, b) => b['end-time'] - a['end-time']);
  return { running, completed };
}
