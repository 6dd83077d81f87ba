/**
 * The job graph as SVG: one box per vertex with its name, parallelism, record counts and
 * load, edges labelled with their ship strategy. Drag pans, the wheel zooms around the
 * pointer, and the toolbar fits or resets, so a 100-vertex job stays usable.
 */
import { h, type ComponentChild } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ExecutionState } from '../api/flink-types.js';
import { DASH, formatCompact, formatPercent } from '../format.js';
import { layeredLayout, type Layout, type Point } from './layout.js';
import { fitText } from './text-fit.js';
import { vertexColour } from './vertex-colour.js';

export interface VertexView {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly parallelism: number;
  readonly status?: ExecutionState;
  readonly recordsIn?: number;
  readonly recordsOut?: number;
  /** Ratios in [0, 1], when the cluster reports them. */
  readonly busy?: number;
  readonly backpressure?: number;
}

export interface EdgeView {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

const NODE_WIDTH = 250;
const NODE_HEIGHT = 92;
const PLAN_NODE_HEIGHT = 56;
/** Room between layers for an edge label such as REBALANCE. */
const LAYER_GAP = 110;
/** Below this zoom edge labels are unreadable clutter. */
const LABEL_MIN_SCALE = 0.6;
const PAD = 10;
const NAME_FONT = '600 13px system-ui, -apple-system, "Segoe UI", sans-serif';
const MIN_SCALE = 0.05;
const MAX_SCALE = 2.5;
/** Below this a fitted graph is unreadable; start there, at the sources, and let the user zoom out. */
const MIN_READABLE_SCALE = 0.45;

interface View {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

function curve(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (first === undefined) return '';
  let d = `M ${first.x} ${first.y}`;
  let previous = first;
  for (const p of rest) {
    const bend = Math.max(16, (p.x - previous.x) / 2);
    d += p.y === previous.y ? ` L ${p.x} ${p.y}` : ` C ${previous.x + bend} ${previous.y}, ${p.x - bend} ${p.y}, ${p.x} ${p.y}`;
    previous = p;
  }
  return d;
}

function fit(layout: Layout, width: number, height: number, readable: boolean): View {
  const scale = Math.min(MAX_SCALE, 1, (width - 16) / layout.width, (height - 16) / layout.height);
  if (readable && scale < MIN_READABLE_SCALE) {
    // Too big to read whole: start where the data starts, the first source centred on the left.
    const source = layout.nodes.find((n) => n.layer === 0);
    const anchor = source === undefined ? layout.height / 2 : source.y + source.height / 2;
    return { scale: MIN_READABLE_SCALE, x: 8, y: height / 2 - anchor * MIN_READABLE_SCALE };
  }
  return { scale, x: (width - layout.width * scale) / 2, y: (height - layout.height * scale) / 2 };
}

interface BoxProps {
  readonly vertex: VertexView;
  readonly x: number;
  readonly y: number;
  readonly height: number;
  readonly plan: boolean;
  readonly selected: boolean;
  readonly onSelect: ((id: string) => void) | undefined;
}

function VertexBox({ vertex, x, y, height, plan, selected, onSelect }: BoxProps): ComponentChild {
  const colour = vertexColour(vertex.busy, vertex.backpressure);
  const records = vertex.recordsIn === undefined && vertex.recordsOut === undefined ? DASH : `${formatCompact(vertex.recordsIn)} in · ${formatCompact(vertex.recordsOut)} out`;
  const load =
    vertex.busy === undefined && vertex.backpressure === undefined
      ? null
      : `Busy ${formatPercent(vertex.busy)} · Backpressured ${formatPercent(vertex.backpressure)}`;
  const tooltip = [vertex.name, vertex.description !== undefined && vertex.description !== vertex.name ? vertex.description : undefined, `Parallelism: ${vertex.parallelism}`]
    .filter((line) => line !== undefined)
    .join('\n');
  return h(
    'g',
    {
      class: `vertex${selected ? ' selected' : ''}`,
      transform: `translate(${x} ${y})`,
      'data-vertex-id': vertex.id,
      'data-records-in': vertex.recordsIn ?? '',
      'data-records-out': vertex.recordsOut ?? '',
      tabIndex: 0,
      role: 'button',
      'aria-label': vertex.name,
      onClick: () => onSelect?.(vertex.id),
      onKeyDown: (event: KeyboardEvent) => (event.key === 'Enter' || event.key === ' ') && onSelect?.(vertex.id),
    },
    h('title', null, tooltip),
    h('rect', { class: 'vertex-box', width: NODE_WIDTH, height, rx: 6, fill: colour.fill }),
    h('rect', { class: `vertex-stripe state-${vertex.status ?? 'UNKNOWN'}`, width: 5, height, rx: 2 }),
    h('text', { x: PAD + 4, y: 22, class: 'vertex-name', fill: colour.text }, fitText(vertex.name, NODE_WIDTH - 2 * PAD - 4, NAME_FONT)),
    h('text', { x: PAD + 4, y: 42, class: 'vertex-line', fill: colour.text }, `Parallelism: ${vertex.parallelism}${vertex.status !== undefined ? ` · ${vertex.status}` : ''}`),
    plan ? null : h('text', { x: PAD + 4, y: 60, class: 'vertex-line vertex-records', fill: colour.text }, `Records: ${records}`),
    load === null ? null : h('text', { x: PAD + 4, y: 78, class: 'vertex-line', fill: colour.text }, load),
  );
}

export function DagView({
  vertices,
  edges,
  selected,
  onSelect,
  plan = false,
}: {
  readonly vertices: readonly VertexView[];
  readonly edges: readonly EdgeView[];
  readonly selected?: string | undefined;
  readonly onSelect?: (id: string) => void;
  /** A plan not yet running: no live numbers, so no records line and no load legend. */
  readonly plan?: boolean;
}): ComponentChild {
  // Only the graph's shape decides the layout: live numbers must not move boxes around.
  const shape = `${vertices.map((v) => v.id).join(',')}|${edges.map((e) => `${e.from}>${e.to}`).join(',')}`;
  const layout = useMemo(
    () => layeredLayout(vertices.map((v) => ({ id: v.id, width: NODE_WIDTH, height: plan ? PLAN_NODE_HEIGHT : NODE_HEIGHT })), edges, { layerGap: LAYER_GAP }),
    [shape],
  );
  const host = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>({ scale: 1, x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number; view: View } | undefined>(undefined);
  const dragged = useRef(false);

  // Until the user pans or zooms, the view follows the box's size (a side panel opening, a window resize).
  const autoFit = useRef<'readable' | 'all' | undefined>('readable');
  const fitNow = (mode: 'readable' | 'all'): void => {
    autoFit.current = mode;
    const box = host.current?.getBoundingClientRect();
    if (box !== undefined && box.width > 0) setView(fit(layout, box.width, box.height, mode === 'readable'));
  };
  const fitRef = useRef(fitNow);
  fitRef.current = fitNow;
  useLayoutEffect(() => fitNow('readable'), [layout]);
  useEffect(() => {
    const element = host.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (autoFit.current !== undefined) fitRef.current(autoFit.current);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    // A passive listener cannot stop the page from scrolling while the graph zooms.
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      autoFit.current = undefined;
      const box = element.getBoundingClientRect();
      const px = event.clientX - box.left;
      const py = event.clientY - box.top;
      setView((v) => {
        const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * Math.exp(-event.deltaY * 0.0015)));
        return { scale, x: px - ((px - v.x) * scale) / v.scale, y: py - ((py - v.y) * scale) / v.scale };
      });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const zoom = (factor: number): void => {
    autoFit.current = undefined;
    const box = host.current?.getBoundingClientRect();
    const cx = (box?.width ?? 0) / 2;
    const cy = (box?.height ?? 0) / 2;
    setView((v) => {
      const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
      return { scale, x: cx - ((cx - v.x) * scale) / v.scale, y: cy - ((cy - v.y) * scale) / v.scale };
    });
  };

  const byId = new Map(vertices.map((v) => [v.id, v]));
  const labelOf = new Map(edges.map((e) => [`${e.from}>${e.to}`, e.label]));

  return h(
    'div',
    {
      class: 'dag',
      ref: host,
      onPointerDown: (event: PointerEvent) => {
        if (event.button !== 0 || (event.target as Element).closest('.dag-toolbar') !== null) return;
        drag.current = { x: event.clientX, y: event.clientY, view };
        dragged.current = false;
      },
      onPointerMove: (event: PointerEvent) => {
        const start = drag.current;
        if (start === undefined) return;
        const dx = event.clientX - start.x;
        const dy = event.clientY - start.y;
        if (!dragged.current && Math.hypot(dx, dy) < 4) return;
        dragged.current = true;
        autoFit.current = undefined;
        setView({ ...start.view, x: start.view.x + dx, y: start.view.y + dy });
      },
      onPointerUp: () => (drag.current = undefined),
      onPointerCancel: () => (drag.current = undefined),
      onPointerLeave: () => (drag.current = undefined),
      onClickCapture: (event: MouseEvent) => {
        // A drag that ends over a vertex is a pan, not a click on it.
        if (dragged.current) event.stopPropagation();
      },
    },
    h(
      'div',
      { class: 'dag-toolbar' },
      h('button', { type: 'button', class: 'btn icon', title: 'Zoom in', onClick: () => zoom(1.25) }, '+'),
      h('button', { type: 'button', class: 'btn icon', title: 'Zoom out', onClick: () => zoom(0.8) }, '−'),
      h('button', { type: 'button', class: 'btn', title: 'Show the whole graph', onClick: () => fitNow('all') }, 'Fit'),
      h('button', { type: 'button', class: 'btn', title: 'Actual size', onClick: () => zoom(1 / view.scale) }, '100%'),
      h('span', { class: 'muted small num' }, `${Math.round(view.scale * 100)}% · ${vertices.length} vertices`),
    ),
    h(
      'svg',
      { class: 'dag-svg', width: '100%', height: '100%', 'data-vertex-count': vertices.length },
      h('defs', null, h('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, h('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))),
      h(
        'g',
        { transform: `translate(${view.x} ${view.y}) scale(${view.scale})` },
        layout.edges.map((edge) => {
          const label = labelOf.get(`${edge.from}>${edge.to}`) ?? '';
          const a = edge.points[0];
          const b = edge.points[1];
          const mid = a !== undefined && b !== undefined ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } : undefined;
          return h(
            'g',
            { key: `${edge.from}>${edge.to}`, class: 'edge' },
            h('path', { d: curve(edge.points), 'marker-end': 'url(#arrow)' }),
            mid !== undefined && label !== '' && view.scale >= LABEL_MIN_SCALE ? h('text', { x: mid.x, y: mid.y - 6, class: 'edge-label', 'text-anchor': 'middle' }, label) : null,
          );
        }),
        layout.nodes.map((node) => {
          const vertex = byId.get(node.id);
          return vertex === undefined ? null : h(VertexBox, { key: node.id, vertex, x: node.x, y: node.y, height: node.height, plan, selected: node.id === selected, onSelect });
        }),
      ),
    ),
    plan ? null : h(Legend, null),
  );
}

function Legend(): ComponentChild {
  return h(
    'div',
    { class: 'dag-legend' },
    h('span', null, h('i', { class: 'swatch idle' }), 'Idle'),
    h('span', null, h('i', { class: 'swatch busy' }), 'Busy'),
    h('span', null, h('i', { class: 'swatch backpressured' }), 'Backpressured'),
  );
}
