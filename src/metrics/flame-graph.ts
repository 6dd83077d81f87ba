/**
 * Flame graphs of job vertices, in the shape of Flink's `JobVertexFlameGraph`: a tree of
 * `{name, value, children}` where value counts the samples in a frame and its callees.
 *
 * Where Flink samples the stack traces of a task's threads, Weir runs V8's CPU profiler in
 * the slot threads that run the vertex: it samples every interval, so the graph covers
 * the whole sampling period. A slot thread runs every task of its slot, so a vertex's
 * graph also shows the tasks sharing its slots; their frames are their own functions.
 */

export interface FlameGraphNode {
  readonly name: string;
  readonly value: number;
  readonly children: readonly FlameGraphNode[];
}

export type FlameGraphType = 'FULL' | 'ON_CPU' | 'OFF_CPU';

/** How a vertex is sampled: for `durationMs`, every `intervalMs`, keeping `stackDepth` frames. */
export interface FlameGraphSampling {
  readonly durationMs: number;
  readonly intervalMs: number;
  readonly stackDepth: number;
}

/** The part of a V8 CPU profile (`Profiler.stop`) a flame graph needs. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly hitCount?: number;
    readonly children?: readonly number[];
  }[];
}

/** V8's name for a slot thread waiting in its event loop: for data, credit or a timer. */
export const IDLE_FRAME = '(idle)';
const ROOT = 'root';

interface MutableNode {
  readonly name: string;
  value: number;
  readonly children: Map<string, MutableNode>;
}

function mutableNode(name: string): MutableNode {
  return { name, value: 0, children: new Map() };
}

/** `function (where:line)`: the file's last two path segments, enough to tell Weir's from the job's. */
function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  if (frame.url === '') return name;
  const path = frame.url.split('?')[0] ?? frame.url;
  const where = path.split('/').slice(-2).join('/');
  return `${name} (${where}:${frame.lineNumber + 1})`;
}

function frozen(node: MutableNode): FlameGraphNode {
  return {
    name: node.name,
    value: node.value,
    children: [...node.children.values()].sort((a, b) => b.value - a.value).map(frozen),
  };
}

/**
 * The profile as a flame graph. Frames below `stackDepth` count in the deepest one kept.
 * Nodes of one name under one parent merge, as calls of one function from one place do.
 */
export function flameGraphOfProfile(profile: CpuProfile, stackDepth: number): FlameGraphNode {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const root = mutableNode(ROOT);
  const first = profile.nodes[0];
  if (first === undefined) return frozen(root);
  const walk = (id: number, into: MutableNode, depth: number): number => {
    const node = byId.get(id);
    if (node === undefined) return 0;
    let target = into;
    if (depth < stackDepth) {
      const name = frameName(node.callFrame);
      target = into.children.get(name) ?? mutableNode(name);
      into.children.set(name, target);
    }
    let total = node.hitCount ?? 0;
    for (const child of node.children ?? []) total += walk(child, target, depth + 1);
    if (target !== into) target.value += total;
    return total;
  };
  // V8's own root is "(root)"; its children are the thread's outermost frames.
  for (const child of first.children ?? []) root.value += walk(child, root, 0);
  root.value += first.hitCount ?? 0;
  return frozen(root);
}

function mergeInto(target: MutableNode, node: FlameGraphNode): void {
  target.value += node.value;
  for (const child of node.children) {
    const into = target.children.get(child.name) ?? mutableNode(child.name);
    target.children.set(child.name, into);
    mergeInto(into, child);
  }
}

/** The graphs of several slot threads as one: the same frames at the same place add up. */
export function mergeFlameGraphs(graphs: readonly FlameGraphNode[]): FlameGraphNode {
  const root = mutableNode(ROOT);
  for (const graph of graphs) mergeInto(root, graph);
  return frozen(root);
}

/**
 * Flink's three views. ON_CPU leaves out the time a slot thread waited in its event loop,
 * OFF_CPU shows only that time: in Weir a task waits there, not in a blocked thread.
 */
export function flameGraphOfType(graph: FlameGraphNode, type: FlameGraphType): FlameGraphNode {
  if (type === 'FULL') return graph;
  const children = graph.children.filter((child) => (child.name === IDLE_FRAME) === (type === 'OFF_CPU'));
  return { name: graph.name, value: children.reduce((sum, child) => sum + child.value, 0), children };
}
