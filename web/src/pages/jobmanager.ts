/** The JobManager: its configuration, metrics and logs. */
import { h, type ComponentChild } from 'preact';
import { getOptional } from '../api/client.js';
import type { ConfigEntry } from '../api/flink-types.js';
import { allMetrics } from '../api/metrics.js';
import { LogViewer } from '../components/log-viewer.js';
import { Tabs } from '../components/tabs.js';
import { ThreadDump } from '../components/thread-dump.js';
import { Card, Notice, PollError } from '../components/ui.js';
import { usePoll } from '../hooks/use-poll.js';
import { JOBMANAGER_TABS, href, type JobManagerTab } from '../router.js';
import { ConfigTable } from './config-table.js';
import { MetricsTable } from './taskmanager-detail.js';

const TAB_LABELS: Record<JobManagerTab, string> = { configuration: 'Configuration', metrics: 'Metrics', logs: 'Logs', 'thread-dump': 'Thread dump' };

function ConfigurationTab(): ComponentChild {
  const poll = usePoll((signal) => getOptional<readonly ConfigEntry[]>('jobmanager/config', signal), 0, []);
  return h(
    Card,
    { title: 'Configuration in effect' },
    h(PollError, { error: poll.error }),
    poll.loading ? h(Notice, { kind: 'info' }, 'Loading…') : poll.data === undefined ? h(Notice, { kind: 'missing' }, '—') : h(ConfigTable, { entries: poll.data, filterable: true }),
  );
}

function MetricsTab(): ComponentChild {
  const poll = usePoll((signal) => allMetrics('jobmanager/metrics', signal), 3000, []);
  return h(
    Card,
    { title: 'Metrics' },
    h(PollError, { error: poll.error }),
    poll.loading ? h(Notice, { kind: 'info' }, 'Loading…') : poll.data === undefined ? h(Notice, { kind: 'missing' }, 'This cluster does not answer ', h('code', null, 'GET /jobmanager/metrics'), ' yet: —') : h(MetricsTable, { metrics: poll.data }),
  );
}

export function JobManagerPage({ tab }: { readonly tab: JobManagerTab }): ComponentChild {
  return h(
    'div',
    { class: 'page' },
    h('header', { class: 'page-head' }, h('h1', null, 'JobManager')),
    h(Tabs, { active: tab, tabs: JOBMANAGER_TABS.map((t) => ({ id: t, label: TAB_LABELS[t], href: href({ page: 'jobmanager', tab: t }) })) }),
    tab === 'configuration'
      ? h(ConfigurationTab, null)
      : tab === 'metrics'
        ? h(MetricsTab, null)
        : tab === 'thread-dump'
          ? h(ThreadDump, { path: 'jobmanager/thread-dump', threads: 'coordinator threads', none: 'No running job has sources, so no coordinator thread runs.' })
          : h(LogViewer, { base: 'jobmanager', title: 'JobManager log' }),
  );
}
