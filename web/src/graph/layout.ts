/**
 * A layered (Sugiyama-style) layout of a job graph, left to right as Flink draws it:
 * longest-path layering, dummy nodes on edges that skip layers, barycentre ordering to
 * cut crossings, then vertical placement that pulls each node toward its neighbours.
 * Pure and DOM-free, so it is unit-tested in Node and runs in the browser alike.
 */

export interface LayoutNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

export interface LayoutEdge {
  readonly from: string;
  readonly to: string;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode extends LayoutNode {
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly layer: number;
  /** Position within its layer, top to bottom. */
  readonly order: number;
}

export interface PlacedEdge extends LayoutEdge {
  /** From the source's right side to the target's left side, through the layers between. */
  readonly points: readonly Point[];
}

export interface Layout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

export interface LayoutOptions {
  readonly layerGap?: number;
  readonly nodeGap?: number;
  readonly margin?: number;
  /** Barycentre sweeps; each is cheap, and small graphs settle in a few. */
  readonly sweeps?: number;
}

/** A node of the layered graph: a real vertex, or a dummy where a long edge crosses a layer. */
interface Slot {
  readonly key: string;
  readonly real: LayoutNode | undefined;
  readonly height: number;
  layer: number;
  order: number;
  y: number;
  readonly preds: Slot[];
  readonly succs: Slot[];
}

/** Half a gap on each side of an edge passing between two vertices keeps them a full gap apart. */
const DUMMY_GAP_FACTOR = 0.5;

/** Edges between known, distinct nodes, once each, with any edge that closes a cycle dropped. */
function acyclicEdges(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): LayoutEdge[] {
  const ids = new Set(nodes.map((n) => n.id));
  const seen = new Set<string>();
  const unique = edges.filter((e) => {
    const key = `${e.from}\u0000${e.to}`;
    if (!ids.has(e.from) || !ids.has(e.to) || e.from === e.to || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const out = new Map<string, LayoutEdge[]>();
  for (const e of unique) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<LayoutEdge>();
  for (const root of nodes) {
    if (state.has(root.id)) continue;
    // Iterative DFS: a 100-vertex chain must not depend on the call stack.
    const stack: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    state.set(root.id, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      const edge = out.get(top.id)?.[top.next++];
      if (edge === undefined) {
        state.set(top.id, 'done');
        stack.pop();
      } else if (state.get(edge.to) === 'open') {
        back.add(edge);
      } else if (!state.has(edge.to)) {
        state.set(edge.to, 'open');
        stack.push({ id: edge.to, next: 0 });
      }
    }
  }
  return unique.filter((e) => !back.has(e));
}

/** Longest path from the sources; a source then moves right to sit just before its first consumer. */
function assignLayers(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Map<string, number> {
  const indegree = new Map(nodes.map((n) => [n.id, 0]));
  const succs = new Map<string, string[]>();
  const preds = new Map<string, string[]>();
  for (const e of edges) {
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
    succs.set(e.from, [...(succs.get(e.from) ?? []), e.to]);
    preds.set(e.to, [...(preds.get(e.to) ?? []), e.from]);
  }
  const layer = new Map<string, number>();
  const queue = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] ?? '';
    const own = Math.max(0, ...(preds.get(id) ?? []).map((p) => (layer.get(p) ?? 0) + 1));
    layer.set(id, own);
    for (const next of succs.get(id) ?? []) {
      const left = (indegree.get(next) ?? 1) - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  for (const n of nodes) {
    const next = succs.get(n.id) ?? [];
    if ((preds.get(n.id) ?? []).length === 0 && next.length > 0) {
      layer.set(n.id, Math.min(...next.map((s) => layer.get(s) ?? 1)) - 1);
    }
  }
  return layer;
}

function crossingsBetween(upper: readonly Slot[]): number {
  const edges: [number, number][] = [];
  for (const slot of upper) for (const succ of slot.succs) edges.push([slot.order, succ.order]);
  let crossings = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const a = edges[i];
      const b = edges[j];
      if (a !== undefined && b !== undefined && (a[0] - b[0]) * (a[1] - b[1]) < 0) crossings++;
    }
  }
  return crossings;
}

function totalCrossings(layers: readonly Slot[][]): number {
  return layers.slice(0, -1).reduce((sum, layer) => sum + crossingsBetween(layer), 0);
}

function reorder(layer: Slot[], neighbours: (slot: Slot) => readonly Slot[]): void {
  const keyed = layer.map((slot) => {
    const around = neighbours(slot);
    const centre = around.length === 0 ? slot.order : around.reduce((sum, n) => sum + n.order, 0) / around.length;
    return { slot, centre };
  });
  // Stable: ties keep their current order, so sweeps converge instead of oscillating.
  keyed.sort((a, b) => a.centre - b.centre || a.slot.order - b.slot.order);
  keyed.forEach(({ slot }, index) => {
    layer[index] = slot;
    slot.order = index;
  });
}

function orderLayers(layers: Slot[][], sweeps: number): void {
  let best = layers.map((layer) => layer.map((slot) => slot.order));
  let bestCrossings = totalCrossings(layers);
  for (let sweep = 0; sweep < sweeps && bestCrossings > 0; sweep++) {
    if (sweep % 2 === 0) for (let i = 1; i < layers.length; i++) reorder(layers[i] ?? [], (s) => s.preds);
    else for (let i = layers.length - 2; i >= 0; i--) reorder(layers[i] ?? [], (s) => s.succs);
    const crossings = totalCrossings(layers);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = layers.map((layer) => layer.map((slot) => slot.order));
    }
  }
  layers.forEach((layer, i) => {
    layer.forEach((slot, j) => (slot.order = best[i]?.[j] ?? slot.order));
    layer.sort((a, b) => a.order - b.order);
  });
}

/**
 * Places a layer's slots as close to their wished-for tops as their order allows. Packing
 * downward from the top and upward from the bottom each keep every gap; their average
 * keeps them too, and sits balanced around the wishes.
 */
function pack(layer: readonly Slot[], wish: readonly number[], gap: (a: Slot, b: Slot) => number): number[] {
  const down: number[] = [];
  layer.forEach((slot, i) => {
    const above = layer[i - 1];
    const min = above === undefined ? -Infinity : (down[i - 1] ?? 0) + above.height + gap(above, slot);
    down.push(Math.max(wish[i] ?? 0, min));
  });
  const up: number[] = new Array<number>(layer.length).fill(0);
  for (let i = layer.length - 1; i >= 0; i--) {
    const slot = layer[i];
    const below = layer[i + 1];
    if (slot === undefined) continue;
    const max = below === undefined ? Infinity : (up[i + 1] ?? 0) - slot.height - gap(slot, below);
    up[i] = Math.min(wish[i] ?? 0, max);
  }
  return down.map((y, i) => (y + (up[i] ?? y)) / 2);
}

function placeVertically(layers: readonly Slot[][], nodeGap: number, passes: number): void {
  const gap = (a: Slot, b: Slot): number => (a.real === undefined || b.real === undefined ? nodeGap * DUMMY_GAP_FACTOR : nodeGap);
  for (const layer of layers) {
    let y = 0;
    for (const slot of layer) {
      slot.y = y;
      y += slot.height + nodeGap;
    }
  }
  const centre = (s: Slot): number => s.y + s.height / 2;
  for (let pass = 0; pass < passes; pass++) {
    const downward = pass % 2 === 0;
    const sequence = downward ? layers : [...layers].reverse();
    for (const layer of sequence) {
      const wish = layer.map((slot) => {
        const around = downward ? slot.preds : slot.succs;
        if (around.length === 0) return slot.y;
        return around.reduce((sum, n) => sum + centre(n), 0) / around.length - slot.height / 2;
      });
      pack(layer, wish, gap).forEach((y, i) => {
        const slot = layer[i];
        if (slot !== undefined) slot.y = y;
      });
    }
  }
}

/** Lays out a DAG left to right; edges that would close a cycle are drawn but not laid out. */
export function layeredLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], options: LayoutOptions = {}): Layout {
  const layerGap = options.layerGap ?? 64;
  const nodeGap = options.nodeGap ?? 28;
  const margin = options.margin ?? 24;
  const sweeps = options.sweeps ?? 24;
  if (nodes.length === 0) return { nodes: [], edges: [], width: 2 * margin, height: 2 * margin };

  const dag = acyclicEdges(nodes, edges);
  const layerOf = assignLayers(nodes, dag);
  const slots = new Map<string, Slot>();
  const slot = (key: string, real: LayoutNode | undefined, layer: number): Slot => {
    const created: Slot = { key, real, height: real?.height ?? 0, layer, order: 0, y: 0, preds: [], succs: [] };
    slots.set(key, created);
    return created;
  };
  for (const n of nodes) slot(n.id, n, layerOf.get(n.id) ?? 0);

  // Each long edge becomes a chain through one dummy per layer it crosses.
  const chains = new Map<LayoutEdge, Slot[]>();
  for (const e of dag) {
    const from = slots.get(e.from);
    const to = slots.get(e.to);
    if (from === undefined || to === undefined) continue;
    const chain = [from];
    for (let layer = from.layer + 1; layer < to.layer; layer++) chain.push(slot(`${e.from}\u0000${e.to}\u0000${layer}`, undefined, layer));
    chain.push(to);
    for (let i = 1; i < chain.length; i++) {
      const a = chain[i - 1];
      const b = chain[i];
      if (a === undefined || b === undefined) continue;
      a.succs.push(b);
      b.preds.push(a);
    }
    chains.set(e, chain);
  }

  const layerCount = Math.max(...[...slots.values()].map((s) => s.layer)) + 1;
  const layers: Slot[][] = Array.from({ length: layerCount }, () => []);
  // Initial order: depth-first from the sources in the given order keeps related vertices together.
  const visited = new Set<Slot>();
  const visit = (start: Slot): void => {
    const stack = [start];
    while (stack.length > 0) {
      const s = stack.pop();
      if (s === undefined || visited.has(s)) continue;
      visited.add(s);
      s.order = layers[s.layer]?.length ?? 0;
      layers[s.layer]?.push(s);
      for (let i = s.succs.length - 1; i >= 0; i--) {
        const next = s.succs[i];
        if (next !== undefined) stack.push(next);
      }
    }
  };
  for (const n of nodes) {
    const s = slots.get(n.id);
    if (s !== undefined && s.preds.length === 0) visit(s);
  }
  for (const s of slots.values()) visit(s);

  orderLayers(layers, sweeps);
  placeVertically(layers, nodeGap, 8);

  const columnWidth = layers.map((layer) => Math.max(0, ...layer.map((s) => s.real?.width ?? 0)));
  const columnX: number[] = [];
  let x = margin;
  for (const width of columnWidth) {
    columnX.push(x);
    x += width + layerGap;
  }
  const top = Math.min(...[...slots.values()].map((s) => s.y));
  const bottom = Math.max(...[...slots.values()].map((s) => s.y + s.height));
  const shift = margin - top;

  const placed = new Map<string, PlacedNode>();
  for (const n of nodes) {
    const s = slots.get(n.id);
    if (s === undefined) continue;
    const left = (columnX[s.layer] ?? 0) + ((columnWidth[s.layer] ?? 0) - n.width) / 2;
    placed.set(n.id, { ...n, x: left, y: s.y + shift, layer: s.layer, order: s.order });
  }

  const placedEdges: PlacedEdge[] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    const from = placed.get(e.from);
    const to = placed.get(e.to);
    const key = `${e.from}\u0000${e.to}`;
    if (from === undefined || to === undefined || e.from === e.to || seen.has(key)) continue;
    seen.add(key);
    const dagEdge = dag.find((d) => d.from === e.from && d.to === e.to);
    const chain = dagEdge === undefined ? undefined : chains.get(dagEdge);
    const points: Point[] = [{ x: from.x + from.width, y: from.y + from.height / 2 }];
    for (const dummy of chain?.slice(1, -1) ?? []) {
      const left = columnX[dummy.layer] ?? 0;
      points.push({ x: left, y: dummy.y + shift }, { x: left + (columnWidth[dummy.layer] ?? 0), y: dummy.y + shift });
    }
    points.push({ x: to.x, y: to.y + to.height / 2 });
    placedEdges.push({ from: e.from, to: e.to, points });
  }

  return {
    nodes: nodes.flatMap((n) => placed.get(n.id) ?? []),
    edges: placedEdges,
    width: x - layerGap + margin,
    height: bottom - top + 2 * margin,
  };
}
