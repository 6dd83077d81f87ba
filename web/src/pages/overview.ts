/** The cluster at a glance: TaskManagers, slots, jobs by outcome, and the job lists. */
import { h, type ComponentChild } from 'preact';
import { getJson } from '../api/client.js';
import type { ClusterOverview, JobsOverview } from '../api/flink-types.js';
import { Card, PollError, Stat } from '../components/ui.js';
import { formatCount } from '../format.js';
import { usePoll } from '../hooks/use-poll.js';
import { JobTable, splitJobs } from './job-table.js';

export function OverviewPage(): ComponentChild {
  const overview = usePoll((signal) => getJson<ClusterOverview>('overview', signal), 2000, []);
  const jobs = usePoll((signal) => getJson<JobsOverview>('jobs/overview', signal), 2000, []);
  const o = overview.data;
  const { running, completed } = splitJobs(jobs.data?.jobs ?? []);
  return h(
    'div',
    { class: 'page' },
    h('header', { class: 'page-head' }, h('h1', null, 'Overview')),
    h(PollError, { error: overview.error ?? jobs.error }),
    h(
      'div',
      { class: 'stats' },
      h(Stat, { label: 'TaskManagers', value: formatCount(o?.taskmanagers) }),
      h(Stat, { label: 'Slots total', value: formatCount(o?.['slots-total']) }),
      h(Stat, { label: 'Slots available', value: formatCount(o?.['slots-available']), tone: o !== undefined && o['slots-available'] === 0 && o['slots-total'] > 0 ? 'warn' : '' }),
      h(Stat, { label: 'Running jobs', value: formatCount(o?.['jobs-running']), tone: 'running' }),
      h(Stat, { label: 'Finished', value: formatCount(o?.['jobs-finished']), tone: 'finished' }),
      h(Stat, { label: 'Cancelled', value: formatCount(o?.['jobs-cancelled']), tone: 'canceled' }),
      h(Stat, { label: 'Failed', value: formatCount(o?.['jobs-failed']), tone: (o?.['jobs-failed'] ?? 0) > 0 ? 'bad' : '' }),
    ),
    h(Card, { title: `Running jobs (${running.length})` }, h(JobTable, { jobs: running, empty: jobs.loading ? 'Loading…' : 'No running jobs', now: Date.now() })),
    h(Card, { title: `Completed jobs (${completed.length})` }, h(JobTable, { jobs: completed, empty: jobs.loading ? 'Loading…' : 'No completed jobs', now: Date.now() })),
  );
}
