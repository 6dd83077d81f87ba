/**
 * The job's Overview tab, as in Flink: the graph on top, the vertex table below, and the
 * chosen vertex's details in a side panel. The chosen vertex lives in the URL.
 */
import { h, type ComponentChild } from 'preact';
import type { JobDetails, PlanNode } from '../../api/flink-types.js';
import { StateBadge } from '../../components/state-badge.js';
import { TaskCountsBar } from '../../components/task-counts.js';
import { Card, Clip, Notice } from '../../components/ui.js';
import { formatCount, formatDate, formatDuration, formatPercent } from '../../format.js';
import { DagView, type EdgeView, type VertexView } from '../../graph/dag-view.js';
import { href, navigate } from '../../router.js';
import { VertexPanel } from './vertex-panel.js';
import { useVertexLoads, type VertexLoad } from './vertex-loads.js';

/** The plan's edges, labelled with the ship strategy Flink shows (HASH, FORWARD, REBALANCE…). */
export function planEdges(nodes: readonly PlanNode[]): EdgeView[] {
  return nodes.flatMap((node) => (node.inputs ?? []).map((input) => ({ from: input.id, to: node.id, label: input.ship_strategy })));
}

function vertexViews(job: JobDetails, loads: ReadonlyMap<string, VertexLoad>): VertexView[] {
  const summary = new Map(job.vertices.map((v) => [v.id, v]));
  // The plan decides which boxes exist: it is what was submitted, even before tasks run.
  const nodes: readonly PlanNode[] = job.plan.nodes.length > 0 ? job.plan.nodes : job.vertices.map((v) => ({ id: v.id, parallelism: v.parallelism, operator: v.name }));
  return nodes.map((node) => {
    const vertex = summary.get(node.id);
    const load = loads.get(node.id) ?? {};
    return {
      id: node.id,
      name: vertex?.name ?? node.operator ?? node.id,
      ...(node.description !== undefined ? { description: node.description } : {}),
      parallelism: vertex?.parallelism ?? node.parallelism,
      ...(vertex !== undefined ? { status: vertex.status } : {}),
      ...load,
    };
  });
}

export function GraphTab({ job, live, vertexId }: { readonly job: JobDetails; readonly live: boolean; readonly vertexId: string | undefined }): ComponentChild {
  const { loads, available } = useVertexLoads(job, live);
  const vertices = vertexViews(job, loads);
  const select = (id: string): void => navigate({ page: 'job', jobId: job.jid, tab: 'overview', ...(id === vertexId ? {} : { vertexId: id }) });
  const selected = vertexId === undefined ? undefined : job.vertices.find((v) => v.id === vertexId);

  return h(
    'div',
    { class: `graph-tab${selected !== undefined ? ' with-panel' : ''}` },
    h(
      'div',
      { class: 'graph-main' },
      h('div', { class: 'graph-area' }, h(DagView, { vertices, edges: planEdges(job.plan.nodes), selected: vertexId, onSelect: select })),
      available === false
        ? h(Notice, { kind: 'missing' }, 'This cluster reports no task metrics yet: record counts, busy and backpressure show as —.')
        : null,
      h(
        Card,
        { title: `Vertices (${job.vertices.length})` },
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'grid vertex-table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', null, 'Name'),
                h('th', null, 'Status'),
                h('th', { class: 'num' }, 'Parallelism'),
                h('th', { class: 'num' }, 'Records received'),
                h('th', { class: 'num' }, 'Records sent'),
                h('th', { class: 'num' }, 'Busy'),
                h('th', { class: 'num' }, 'Backpressured'),
                h('th', null, 'Start time'),
                h('th', { class: 'num' }, 'Duration'),
                h('th', null, 'Tasks'),
              ),
            ),
            h(
              'tbody',
              null,
              job.vertices.map((vertex) => {
                const load = loads.get(vertex.id) ?? {};
                const tasks = Object.fromEntries(Object.entries(vertex.tasks).map(([state, count]) => [state.toLowerCase(), count]));
                return h(
                  'tr',
                  { key: vertex.id, class: vertex.id === vertexId ? 'selected' : '' },
                  h('td', { class: 'name-cell' }, h(Clip, { text: vertex.name, href: href({ page: 'job', jobId: job.jid, tab: 'overview', vertexId: vertex.id }) })),
                  h('td', null, h(StateBadge, { state: vertex.status })),
                  h('td', { class: 'num' }, String(vertex.parallelism)),
                  h('td', { class: 'num' }, formatCount(load.recordsIn)),
                  h('td', { class: 'num' }, formatCount(load.recordsOut)),
                  h('td', { class: 'num' }, formatPercent(load.busy)),
                  h('td', { class: 'num' }, formatPercent(load.backpressure)),
                  h('td', { class: 'nowrap' }, formatDate(vertex['start-time'])),
                  h('td', { class: 'num' }, formatDuration(vertex.duration)),
                  h('td', null, h(TaskCountsBar, { counts: { ...tasks, total: vertex.parallelism } })),
                );
              }),
            ),
          ),
        ),
      ),
    ),
    selected !== undefined ? h(VertexPanel, { job, vertex: selected, live, onClose: () => navigate({ page: 'job', jobId: job.jid, tab: 'overview' }) }) : null,
  );
}
