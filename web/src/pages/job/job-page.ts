/**
 * One job: a header with its state, times and actions, and Flink's tabs (graph,
 * exceptions, checkpoints, configuration). The details are polled every 1.5 s while the
 * job can still change, and once more after it ended.
 */
import { h, type ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../../api/client.js';
import type { JobDetails } from '../../api/flink-types.js';
import { StateBadge } from '../../components/state-badge.js';
import { Tabs } from '../../components/tabs.js';
import { Notice, PollError } from '../../components/ui.js';
import { formatDate, formatDuration } from '../../format.js';
import { usePoll } from '../../hooks/use-poll.js';
import { JOB_TABS, href, type JobTab } from '../../router.js';
import { CheckpointsTab } from './checkpoints-tab.js';
import { ConfigurationTab } from './configuration-tab.js';
import { ExceptionsTab } from './exceptions-tab.js';
import { GraphTab } from './graph-tab.js';
import { JobActions } from './job-actions.js';
import { isTerminal } from './job-state.js';

const LIVE_INTERVAL_MS = 1500;

const TAB_LABELS: Record<JobTab, string> = {
  overview: 'Overview',
  exceptions: 'Exceptions',
  checkpoints: 'Checkpoints',
  configuration: 'Configuration',
};

export function JobPage({ jobId, tab, vertexId }: { readonly jobId: string; readonly tab: JobTab; readonly vertexId: string | undefined }): ComponentChild {
  const [ended, setEnded] = useState<string | undefined>(undefined);
  // A job that ended changes no more: its poll loads once more and stops.
  const poll = usePoll((signal) => getJson<JobDetails>(`jobs/${jobId}`, signal), ended === jobId ? 0 : LIVE_INTERVAL_MS, [jobId]);
  const job = poll.data;
  const live = job === undefined || !isTerminal(job.state);
  useEffect(() => {
    if (!live && job !== undefined) setEnded(job.jid);
  }, [live, job?.jid]);

  if (job === undefined) {
    return h('div', { class: 'page' }, poll.error !== undefined ? h(Notice, { kind: 'error' }, `Job ${jobId}: ${poll.error}`) : h(Notice, { kind: 'info' }, 'Loading…'));
  }
  const duration = job.duration >= 0 ? job.duration : job.now - job['start-time'];
  return h(
    'div',
    { class: 'page job-page' },
    h(
      'header',
      { class: 'page-head job-head' },
      h(
        'div',
        { class: 'job-title' },
        h('h1', { class: 'clip', title: job.name }, job.name),
        h(
          'div',
          { class: 'job-meta' },
          h(StateBadge, { state: job.state }),
          h('span', { class: 'mono muted', title: 'Job ID' }, job.jid),
          h('span', null, h('span', { class: 'muted' }, 'Started '), formatDate(job['start-time'])),
          job['end-time'] > 0 ? h('span', null, h('span', { class: 'muted' }, 'Ended '), formatDate(job['end-time'])) : null,
          h('span', null, h('span', { class: 'muted' }, 'Duration '), formatDuration(duration)),
        ),
      ),
      h(JobActions, { job, onChanged: poll.refresh }),
    ),
    h(PollError, { error: poll.error }),
    h(Tabs, { active: tab, tabs: JOB_TABS.map((id) => ({ id, label: TAB_LABELS[id], href: href({ page: 'job', jobId, tab: id }) })) }),
    tab === 'overview'
      ? h(GraphTab, { job, live, vertexId })
      : tab === 'exceptions'
        ? h(ExceptionsTab, { jobId, live })
        : tab === 'checkpoints'
          ? h(CheckpointsTab, { jobId, live })
          : h(ConfigurationTab, { jobId }),
  );
}
