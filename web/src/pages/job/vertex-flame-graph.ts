/**
 * The vertex panel's Flame Graph tab: Flink's flame graph of the vertex (full, on-CPU or
 * off-CPU), drawn as stacked rows, outermost frame at the bottom. A frame's width is its
 * share of the samples; hovering shows its name and count. The route answers "waiting"
 * until its first sampling ends, so the tab polls until a graph is there.
 */
import { h, type ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { getOptional } from '../../api/client.js';
import type { FlameGraph, FlameGraphNode } from '../../api/flink-types.js';
import { Notice, PollError } from '../../components/ui.js';
import { formatDate } from '../../format.js';
import { usePoll } from '../../hooks/use-poll.js';
import { VERTEX_ROUTE, missing, type VertexTabProps } from './vertex-tab-support.js';

const TYPES = [
  ['FULL', 'Full'],
  ['ON_CPU', 'On-CPU'],
  ['OFF_CPU', 'Off-CPU'],
] as const;
type FlameGraphType = (typeof TYPES)[number][0];

const TERMINATED = -1;
const DISABLED = -2;
/** Frames narrower than this share of the root are left out: they would be slivers. */
const MIN_SHARE = 0.004;
const MAX_ROWS = 60;

interface Cell {
  readonly node: FlameGraphNode;
  readonly left: number;
  readonly width: number;
}

/** The frames row by row, each placed by its share of the root's samples. */
function rows(root: FlameGraphNode): Cell[][] {
  const result: Cell[][] = [];
  let level: Cell[] = [{ node: root, left: 0, width: 1 }];
  while (level.length > 0 && result.length < MAX_ROWS) {
    result.push(level);
    const next: Cell[] = [];
    for (const cell of level) {
      let left = cell.left;
      for (const child of cell.node.children) {
        const width = root.value === 0 ? 0 : child.value / root.value;
        if (width >= MIN_SHARE) next.push({ node: child, left, width });
        left += width;
      }
    }
    level = next;
  }
  return result;
}

/** A stable colour per frame: Weir's runtime in blue, the job's code in warm tones, V8's own in grey. */
function colour(name: string): string {
  if (name.startsWith('(')) return '#d9dde3';
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  const runtime = / \((task|network|serialization|operators|taskmanager|state|heap|metrics)\//.test(name);
  return runtime ? `hsl(${205 + (Math.abs(hash) % 30)}, 60%, ${72 + (Math.abs(hash) % 12)}%)` : `hsl(${15 + (Math.abs(hash) % 35)}, 85%, ${62 + (Math.abs(hash) % 14)}%)`;
}

export function FlameGraphTab({ job, vertex, live }: VertexTabProps): ComponentChild {
  const [type, setType] = useState<FlameGraphType>('FULL');
  const path = `jobs/${job.jid}/vertices/${vertex.id}/flamegraph?type=${type}`;
  const poll = usePoll((signal) => getOptional<FlameGraph>(path, signal), live ? 2000 : 0, [path, live]);
  const picker = h(
    'div',
    { class: 'flame-types', role: 'radiogroup', 'aria-label': 'Flame graph type' },
    TYPES.map(([id, label]) => h('button', { key: id, type: 'button', role: 'radio', 'aria-checked': id === type, class: id === type ? 'btn small active' : 'btn small', onClick: () => setType(id) }, label)),
  );
  if (poll.loading) return h('div', null, picker, h(Notice, { kind: 'info' }, 'Loading…'));
  const graph = poll.data;
  if (graph === undefined) return poll.error !== undefined ? h(PollError, { error: poll.error }) : missing(`${VERTEX_ROUTE}/flamegraph`);
  if (graph.endTimestamp === DISABLED) {
    return h(Notice, { kind: 'missing' }, 'Flame graphs are off on this cluster: set ', h('code', null, 'rest.flamegraph.enabled: true'), ' on the JobManager.');
  }
  if (graph.endTimestamp === TERMINATED) return h(Notice, { kind: 'missing' }, 'The vertex has ended: there is nothing to sample.');
  if (graph.data === undefined) return h('div', null, picker, h(Notice, { kind: 'info' }, 'Sampling the slot threads… the graph appears when the sampling ends.'));
  const root = graph.data;
  const levels = rows(root);
  return h(
    'div',
    null,
    picker,
    h('div', { class: 'muted small' }, `${root.value} samples · taken ${formatDate(graph.endTimestamp)} · hover a frame for its name`),
    h(
      'div',
      { class: 'flame-graph', style: { height: `${levels.length * 18}px` }, role: 'img', 'aria-label': `Flame graph of ${vertex.name}` },
      levels.flatMap((level, depth) =>
        level.map((cell) =>
          h(
            'div',
            {
              key: `${depth}:${cell.left}:${cell.node.name}`,
              class: 'flame-frame',
              title: `${cell.node.name}\n${cell.node.value} samples (${((cell.node.value / Math.max(1, root.value)) * 100).toFixed(1)}%)`,
              style: { left: `${cell.left * 100}%`, width: `${cell.width * 100}%`, bottom: `${depth * 18}px`, background: colour(cell.node.name) },
            },
            cell.width > 0.03 ? cell.node.name : '',
          ),
        ),
      ),
    ),
  );
}
