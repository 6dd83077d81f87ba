/**
 * Task counts by state as one stacked bar, so a job's health reads at a glance: all
 * green is all running, any red is a failure. The numbers sit in the segments and in
 * the tooltip.
 */
import { h, type ComponentChild } from 'preact';
import type { TaskCounts } from '../api/flink-types.js';

/** Drawing order: from "not yet" through "running" to the ends. */
const ORDER = ['created', 'scheduled', 'deploying', 'initializing', 'running', 'finished', 'canceling', 'canceled', 'failed', 'reconciling'] as const;

export function TaskCountsBar({ counts }: { readonly counts: TaskCounts }): ComponentChild {
  const parts = ORDER.map((state) => ({ state, count: counts[state] ?? 0 })).filter((part) => part.count > 0);
  const total = counts.total ?? parts.reduce((sum, part) => sum + part.count, 0);
  const title = parts.map((part) => `${part.state.toUpperCase()}: ${part.count}`).join('\n') || 'no tasks yet';
  return h(
    'div',
    { class: 'task-bar', title },
    h(
      'div',
      { class: 'task-bar-track' },
      parts.map((part) =>
        h('span', { key: part.state, class: `task-seg state-${part.state.toUpperCase()}`, style: { flexGrow: part.count } }, String(part.count)),
      ),
    ),
    h('span', { class: 'task-total num' }, String(total)),
  );
}
