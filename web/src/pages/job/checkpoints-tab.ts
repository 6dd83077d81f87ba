/**
 * Flink's checkpoint view: counts, the latest completed/failed/restored checkpoint, a
 * summary of sizes and durations, the history, and the checkpointing configuration.
 */
import { h, type ComponentChild } from 'preact';
import { getOptional } from '../../api/client.js';
import type { CheckpointConfig, CheckpointEntry, CheckpointingStatistics, StatsSummary } from '../../api/flink-types.js';
import { StateBadge } from '../../components/state-badge.js';
import { Card, EmptyRow, KeyValueTable, Notice, Stat, type Row } from '../../components/ui.js';
import { DASH, formatBytes, formatCount, formatDate, formatDuration } from '../../format.js';
import { usePoll } from '../../hooks/use-poll.js';

function summaryRow(label: string, stats: StatsSummary | undefined, format: (value: number | undefined) => string): ComponentChild {
  return h('tr', { key: label }, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, format(stats?.min)), h('td', { class: 'num' }, format(stats?.avg)), h('td', { class: 'num' }, format(stats?.max)));
}

function latestRows(stats: CheckpointingStatistics): Row[] {
  const completed = stats.latest?.completed ?? undefined;
  const savepoint = stats.latest?.savepoint ?? undefined;
  const failed = stats.latest?.failed ?? undefined;
  const restored = stats.latest?.restored ?? undefined;
  const describe = (entry: CheckpointEntry | undefined): string =>
    entry === undefined ? 'None' : `#${entry.id} · ${formatDate(entry.latest_ack_timestamp ?? entry.trigger_timestamp)} · ${formatBytes(entry.checkpointed_size ?? entry.state_size)} · ${formatDuration(entry.end_to_end_duration)}`;
  return [
    ['Latest completed', describe(completed)],
    ['Completed path', completed?.external_path ?? DASH],
    ['Latest savepoint', savepoint === undefined ? 'None' : `${describe(savepoint)} · ${savepoint.external_path ?? ''}`],
    ['Latest failed', failed === undefined ? 'None' : `#${failed.id} · ${failed.failure_message ?? ''}`],
    ['Latest restore', restored === undefined ? 'None' : `#${restored.id} · ${formatDate(restored.restore_timestamp)} · ${restored.external_path ?? ''}`],
  ];
}

function configRows(config: CheckpointConfig): Row[] {
  const interval = config.interval;
  // Flink reports a disabled interval as Long.MAX_VALUE.
  const off = interval === undefined || interval <= 0 || interval >= 9e18;
  return [
    ['Mode', config.mode ?? DASH],
    ['Interval', off ? 'Periodic checkpoints disabled' : formatDuration(interval)],
    ['Timeout', formatDuration(config.timeout)],
    ['Minimum pause', formatDuration(config.min_pause)],
    ['Max concurrent', formatCount(config.max_concurrent)],
    ['Retained on cancel', config.externalization?.enabled === undefined ? DASH : config.externalization.enabled && config.externalization.delete_on_cancellation !== true ? 'yes' : 'no'],
    ['Unaligned', config.unaligned_checkpoints === undefined ? DASH : config.unaligned_checkpoints ? 'yes' : 'no'],
    ['Tolerable failures', formatCount(config.tolerable_failed_checkpoints)],
    ['State backend', config.state_backend ?? DASH],
    ['Checkpoint storage', config.checkpoint_storage ?? DASH],
  ];
}

export function CheckpointsTab({ jobId, live }: { readonly jobId: string; readonly live: boolean }): ComponentChild {
  const stats = usePoll((signal) => getOptional<CheckpointingStatistics>(`jobs/${jobId}/checkpoints`, signal), live ? 2000 : 0, [jobId, live]);
  const config = usePoll((signal) => getOptional<CheckpointConfig>(`jobs/${jobId}/checkpoints/config`, signal), 0, [jobId]);
  if (stats.loading) return h(Notice, { kind: 'info' }, 'Loading…');
  const data = stats.data;
  const counts = data?.counts;
  const history = [...(data?.history ?? [])].sort((a, b) => b.id - a.id);
  return h(
    'div',
    { class: 'checkpoints' },
    data === undefined
      ? h(Notice, { kind: 'missing' }, 'This cluster does not answer ', h('code', null, 'GET /jobs/:jobid/checkpoints'), ' yet: —')
      : null,
    h(
      'div',
      { class: 'stats' },
      h(Stat, { label: 'Triggered', value: formatCount(counts?.total) }),
      h(Stat, { label: 'In progress', value: formatCount(counts?.in_progress) }),
      h(Stat, { label: 'Completed', value: formatCount(counts?.completed), tone: 'good' }),
      h(Stat, { label: 'Failed', value: formatCount(counts?.failed), tone: (counts?.failed ?? 0) > 0 ? 'bad' : '' }),
      h(Stat, { label: 'Restored', value: formatCount(counts?.restored) }),
    ),
    h(
      'div',
      { class: 'two-columns' },
      h(Card, { title: 'Latest' }, data === undefined ? h('p', { class: 'muted' }, DASH) : h(KeyValueTable, { rows: latestRows(data) })),
      h(
        Card,
        { title: 'Summary' },
        h(
          'table',
          { class: 'grid compact' },
          h('thead', null, h('tr', null, h('th', null, ''), h('th', { class: 'num' }, 'Minimum'), h('th', { class: 'num' }, 'Average'), h('th', { class: 'num' }, 'Maximum'))),
          h(
            'tbody',
            null,
            summaryRow('End to end duration', data?.summary?.end_to_end_duration, formatDuration),
            summaryRow('Checkpointed data size', data?.summary?.checkpointed_size, formatBytes),
            summaryRow('Full checkpoint data size', data?.summary?.state_size, formatBytes),
          ),
        ),
      ),
    ),
    h(
      Card,
      { title: 'History' },
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'grid' },
          h(
            'thead',
            null,
            h('tr', null, h('th', { class: 'num' }, 'ID'), h('th', null, 'Status'), h('th', null, 'Type'), h('th', { class: 'num' }, 'Acknowledged'), h('th', null, 'Triggered'), h('th', null, 'Last acknowledged'), h('th', { class: 'num' }, 'End to end'), h('th', { class: 'num' }, 'Checkpointed'), h('th', { class: 'num' }, 'Full size'), h('th', null, 'Path or failure')),
          ),
          h(
            'tbody',
            null,
            history.length === 0
              ? h(EmptyRow, { columns: 10, text: data === undefined ? DASH : 'No checkpoints yet' })
              : history.map((c) =>
                  h(
                    'tr',
                    { key: c.id },
                    h('td', { class: 'num' }, String(c.id)),
                    h('td', null, h(StateBadge, { state: c.status })),
                    h('td', null, c.is_savepoint === true ? 'Savepoint' : (c.checkpoint_type ?? 'Checkpoint')),
                    h('td', { class: 'num' }, `${formatCount(c.num_acknowledged_subtasks)}/${formatCount(c.num_subtasks)}`),
                    h('td', { class: 'nowrap' }, formatDate(c.trigger_timestamp)),
                    h('td', { class: 'nowrap' }, formatDate(c.latest_ack_timestamp)),
                    h('td', { class: 'num' }, formatDuration(c.end_to_end_duration)),
                    h('td', { class: 'num' }, formatBytes(c.checkpointed_size)),
                    h('td', { class: 'num' }, formatBytes(c.state_size)),
                    h('td', { class: 'clip-cell', title: c.external_path ?? c.failure_message ?? '' }, c.external_path ?? c.failure_message ?? DASH),
                  ),
                ),
          ),
        ),
      ),
    ),
    h(
      Card,
      { title: 'Configuration' },
      config.data === undefined
        ? h('p', { class: 'muted' }, config.loading ? 'Loading…' : `${DASH} No checkpointing configuration: checkpointing is off for this job (execution.checkpointing.interval), or this cluster does not report it.`)
        : h(KeyValueTable, { rows: configRows(config.data) }),
    ),
  );
}
