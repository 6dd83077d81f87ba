/** Running or completed jobs on a page of their own. */
import { h, type ComponentChild } from 'preact';
import { getJson } from '../api/client.js';
import type { JobsOverview } from '../api/flink-types.js';
import { Card, PollError } from '../components/ui.js';
import { usePoll } from '../hooks/use-poll.js';
import { JobTable, splitJobs } from './job-table.js';

export function JobsPage({ which }: { readonly which: 'running' | 'completed' }): ComponentChild {
  const jobs = usePoll((signal) => getJson<JobsOverview>('jobs/overview', signal), 2000, []);
  const lists = splitJobs(jobs.data?.jobs ?? []);
  const shown = lists[which];
  const title = which === 'running' ? 'Running jobs' : 'Completed jobs';
  return h(
    'div',
    { class: 'page' },
    h('header', { class: 'page-head' }, h('h1', null, title)),
    h(PollError, { error: jobs.error }),
    h(Card, { title: `${title} (${shown.length})` }, h(JobTable, { jobs: shown, empty: jobs.loading ? 'Loading…' : which === 'running' ? 'No running jobs' : 'No completed jobs', now: Date.now() })),
  );
}
