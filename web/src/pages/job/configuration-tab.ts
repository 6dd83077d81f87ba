/** The job's own configuration (GET /jobs/:id/config) beside the cluster's (GET /jobmanager/config). */
import { h, type ComponentChild } from 'preact';
import { getOptional } from '../../api/client.js';
import type { ConfigEntry, JobConfig } from '../../api/flink-types.js';
import { Card, KeyValueTable, Notice } from '../../components/ui.js';
import { DASH } from '../../format.js';
import { usePoll } from '../../hooks/use-poll.js';
import { ConfigTable } from '../config-table.js';

export function ConfigurationTab({ jobId }: { readonly jobId: string }): ComponentChild {
  const job = usePoll((signal) => getOptional<JobConfig>(`jobs/${jobId}/config`, signal), 0, [jobId]);
  const cluster = usePoll((signal) => getOptional<readonly ConfigEntry[]>('jobmanager/config', signal), 0, []);
  const execution = job.data?.['execution-config'] ?? job.data?.executionConfigInfo;
  const userConfig = Object.entries(execution?.['user-config'] ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return h(
    'div',
    { class: 'stack' },
    h(
      Card,
      { title: 'Job configuration' },
      job.loading
        ? h(Notice, { kind: 'info' }, 'Loading…')
        : execution === undefined
          ? h(Notice, { kind: 'missing' }, 'This cluster does not answer ', h('code', null, 'GET /jobs/:jobid/config'), ' yet: —')
          : [
              h(KeyValueTable, {
                rows: [
                  ['Execution mode', execution['execution-mode'] ?? DASH],
                  ['Restart strategy', execution['restart-strategy'] ?? DASH],
                  ['Job parallelism', execution['job-parallelism'] === undefined ? DASH : String(execution['job-parallelism'])],
                  ['Object reuse', execution['object-reuse-mode'] === undefined ? DASH : execution['object-reuse-mode'] ? 'on' : 'off'],
                ],
              }),
              h('h3', null, 'User configuration (job parameters)'),
              userConfig.length === 0 ? h('p', { class: 'muted' }, 'None') : h(ConfigTable, { entries: userConfig.map(([key, value]) => ({ key, value })) }),
            ],
    ),
    h(
      Card,
      { title: 'Cluster configuration' },
      cluster.data === undefined ? h(Notice, { kind: cluster.loading ? 'info' : 'missing' }, cluster.loading ? 'Loading…' : '—') : h(ConfigTable, { entries: cluster.data, filterable: true }),
    ),
  );
}
