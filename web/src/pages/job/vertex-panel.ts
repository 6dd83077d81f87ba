/**
 * The side panel of one vertex: its subtasks (state, TaskManager, attempt, duration),
 * backpressure, watermarks, accumulators, flame graph and metrics, each from its own Flink route and each showing
 * "—" or a note when this cluster does not have that route.
 */
import { h, type ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { Accumulators } from './vertex-accumulators.js';
import { Backpressure } from './vertex-backpressure.js';
import { FlameGraphTab } from './vertex-flame-graph.js';
import { Metrics } from './vertex-metric-table.js';
import { Subtasks } from './vertex-subtasks.js';
import type { VertexTabProps } from './vertex-tab-support.js';
import { Watermarks } from './vertex-watermarks.js';

const PANEL_TABS = ['subtasks', 'backpressure', 'watermarks', 'accumulators', 'flamegraph', 'metrics'] as const;
type PanelTab = (typeof PANEL_TABS)[number];
const LABELS: Record<PanelTab, string> = { subtasks: 'Subtasks', backpressure: 'Backpressure', watermarks: 'Watermarks', accumulators: 'Accumulators', flamegraph: 'Flame Graph', metrics: 'Metrics' };
const TAB_BODIES: Record<PanelTab, (props: VertexTabProps) => ComponentChild> = {
  subtasks: Subtasks,
  backpressure: Backpressure,
  watermarks: Watermarks,
  accumulators: Accumulators,
  flamegraph: FlameGraphTab,
  metrics: Metrics,
};

export function VertexPanel(props: VertexTabProps & { readonly onClose: () => void }): ComponentChild {
  const [tab, setTab] = useState<PanelTab>('subtasks');
  const { vertex } = props;
  return h(
    'aside',
    { class: 'side-panel', 'aria-label': `Vertex ${vertex.name}` },
    h(
      'header',
      { class: 'panel-head' },
      h('div', { class: 'panel-title' }, h('h2', { class: 'clip', title: vertex.name }, vertex.name), h('div', { class: 'muted small mono' }, `${vertex.id} · parallelism ${vertex.parallelism}`)),
      h('button', { type: 'button', class: 'btn icon', title: 'Close', 'aria-label': 'Close', onClick: props.onClose }, '×'),
    ),
    h(
      'nav',
      { class: 'tabs small-tabs', role: 'tablist' },
      PANEL_TABS.map((id) => h('button', { key: id, type: 'button', role: 'tab', class: id === tab ? 'tab active' : 'tab', 'aria-selected': id === tab, onClick: () => setTab(id) }, LABELS[id])),
    ),
    h('div', { class: 'panel-body' }, h(TAB_BODIES[tab], props)),
  );
}
