/**
 * The StreamGraph: one node per user operator, built on the client from the
 * transformations once every parallelism is final. Nodes hold the user's functions, so
 * a StreamGraph never leaves the thread that built it; `describe()` gives the plain-data
 * view that travels inside the JobGraph.
 */
import { createHash } from 'node:crypto';
import { WeirError } from '../core/errors.js';
import type {
  ChainingStrategy,
  OperatorKind,
  OperatorSpec,
  PartitioningSpec,
  PartitionKind,
  PhysicalTransformation,
  Transformation,
} from '../api/transformation.js';

export interface StreamEdge {
  readonly sourceId: number;
  readonly targetId: number;
  readonly partitioning: PartitioningSpec;
  /** Set when the edge carries a side output of its source rather than its main output. */
  readonly outputTag?: string;
  /** Which input of a two-input operator the edge feeds: 0 or 1 (always 0 for one input). */
  readonly inputIndex: number;
}

export interface StreamNode {
  readonly id: number;
  /** 32 hex characters, stable across runs of the same program; from the uid when one is set. */
  readonly operatorId: string;
  readonly name: string;
  readonly uid: string | undefined;
  readonly kind: OperatorKind;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly slotSharingGroup: string;
  readonly chaining: ChainingStrategy;
  readonly inEdges: StreamEdge[];
  readonly outEdges: StreamEdge[];
  readonly operator: OperatorSpec;
}

/** The plain-data view of a StreamNode: what the slot compares its rebuilt graph against. */
export interface StreamNodeDescriptor {
  readonly id: number;
  readonly operatorId: string;
  readonly name: string;
  readonly uid: string | null;
  readonly kind: OperatorKind;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly slotSharingGroup: string;
  readonly chaining: ChainingStrategy;
  readonly inputs: readonly { readonly sourceId: number; readonly partition: PartitionKind }[];
}

export interface StreamGraphSettings {
  readonly jobName: string;
  readonly defaultParallelism: number;
  readonly maxParallelism: number;
  readonly chainingEnabled: boolean;
}

export const DEFAULT_SLOT_SHARING_GROUP = 'default';

export class StreamGraph {
  readonly nodes = new Map<number, StreamNode>();

  constructor(readonly settings: StreamGraphSettings) {}

  get jobName(): string {
    return this.settings.jobName;
  }

  node(id: number): StreamNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new WeirError('GRAPH_INVALID', `no stream node with id ${id}`);
    return node;
  }

  /** Nodes in id order, which is a topological order: inputs are always created first. */
  sortedNodes(): StreamNode[] {
    return [...this.nodes.values()].sort((a, b) => a.id - b.id);
  }

  describe(): StreamNodeDescriptor[] {
    return this.sortedNodes().map(describeNode);
  }
}

export function describeNode(node: StreamNode): StreamNodeDescriptor {
  return {
    id: node.id,
    operatorId: node.operatorId,
    name: node.name,
    uid: node.uid ?? null,
    kind: node.kind,
    parallelism: node.parallelism,
    maxParallelism: node.maxParallelism,
    slotSharingGroup: node.slotSharingGroup,
    chaining: node.chaining,
    inputs: node.inEdges.map((e) => ({ sourceId: e.sourceId, partition: e.partitioning.kind })),
  };
}

interface ResolvedInput {
  readonly nodeId: number;
  readonly partitioning: PartitioningSpec | undefined;
  readonly outputTag?: string;
}

/** Flink's StreamGraphGenerator: turns transformations into nodes and edges. */
export function generateStreamGraph(transformations: readonly Transformation[], settings: StreamGraphSettings): StreamGraph {
  const graph = new StreamGraph(settings);
  const inputsOf = new Map<number, ResolvedInput[]>();
  const groups = new Map<number, string>();

  const resolve = (t: Transformation): ResolvedInput[] => {
    const known = inputsOf.get(t.id);
    if (known !== undefined) return known;
    let resolved: ResolvedInput[];
    switch (t.type) {
      case 'physical':
        translate(t);
        resolved = [{ nodeId: t.id, partitioning: undefined }];
        break;
      case 'partition':
        resolved = resolve(t.input).map((input) => ({ ...input, partitioning: t.partitioning }));
        break;
      case 'sideOutput':
        resolved = resolve(t.input).map((input) => ({ ...input, outputTag: t.tag }));
        break;
      case 'union':
        resolved = t.inputs.flatMap(resolve);
        break;
    }
    inputsOf.set(t.id, resolved);
    return resolved;
  };

  const translate = (t: PhysicalTransformation): void => {
    const inputs = t.inputs.flatMap((input, inputIndex) => resolve(input).map((r) => ({ ...r, inputIndex })));
    const inputNodes = inputs.map((i) => graph.node(i.nodeId));
    const parallelism = t.parallelism ?? (t.nonParallel ? 1 : settings.defaultParallelism);
    const maxParallelism = t.maxParallelism ?? settings.maxParallelism;
    if (maxParallelism < parallelism) {
      throw new WeirError(
        'GRAPH_INVALID',
        `'${t.name}' has parallelism ${parallelism} above its max parallelism ${maxParallelism}; raise setMaxParallelism or lower the parallelism`,
      );
    }
    const group = slotSharingGroupOf(t, inputNodes);
    groups.set(t.id, group);
    const node: StreamNode = {
      id: t.id,
      operatorId: operatorIdOf(t, inputNodes),
      name: t.name,
      uid: t.uid,
      kind: t.operator.kind,
      parallelism,
      maxParallelism,
      slotSharingGroup: group,
      chaining: t.chaining,
      inEdges: [],
      outEdges: [],
      operator: t.operator,
    };
    graph.nodes.set(t.id, node);
    for (const input of inputs) {
      const upstream = graph.node(input.nodeId);
      const partitioning = input.partitioning ?? defaultPartitioning(upstream, node);
      if (partitioning.kind === 'forward' && upstream.parallelism !== node.parallelism) {
        throw new WeirError(
          'GRAPH_INVALID',
          `forward partitioning does not allow a change of parallelism: '${upstream.name}' has ${upstream.parallelism}, '${node.name}' has ${node.parallelism}; use rebalance() or rescale(), or give both the same parallelism`,
        );
      }
      const edge: StreamEdge = {
        sourceId: upstream.id,
        targetId: node.id,
        partitioning,
        inputIndex: input.inputIndex,
        ...(input.outputTag !== undefined ? { outputTag: input.outputTag } : {}),
      };
      upstream.outEdges.push(edge);
      node.inEdges.push(edge);
    }
  };

  const seenUids = new Map<string, string>();
  for (const t of transformations) {
    resolve(t);
    if (t.type === 'physical' && t.uid !== undefined) {
      const other = seenUids.get(t.uid);
      if (other !== undefined) {
        throw new WeirError('GRAPH_INVALID', `uid '${t.uid}' is used by both '${other}' and '${t.name}'; uids must be unique`);
      }
      seenUids.set(t.uid, t.name);
    }
  }
  if (graph.nodes.size === 0) {
    throw new WeirError('GRAPH_INVALID', 'the program defines no operators: add a source and a sink before calling execute()');
  }
  return graph;
}

/** Without an explicit partitioning Flink forwards between equal parallelisms and rebalances otherwise. */
function defaultPartitioning(upstream: StreamNode, downstream: StreamNode): PartitioningSpec {
  return upstream.parallelism === downstream.parallelism ? { kind: 'forward' } : { kind: 'rebalance' };
}

/** An unset group inherits its inputs' group when they all agree, else 'default' (Flink's rule). */
function slotSharingGroupOf(t: PhysicalTransformation, inputs: readonly StreamNode[]): string {
  if (t.slotSharingGroup !== undefined) return t.slotSharingGroup;
  const first = inputs[0];
  if (first === undefined) return DEFAULT_SLOT_SHARING_GROUP;
  return inputs.every((n) => n.slotSharingGroup === first.slotSharingGroup) ? first.slotSharingGroup : DEFAULT_SLOT_SHARING_GROUP;
}

function operatorIdOf(t: PhysicalTransformation, inputs: readonly StreamNode[]): string {
  const seed = t.uid !== undefined ? `uid:${t.uid}` : `node:${t.id}:${t.operator.kind}:${inputs.map((n) => n.operatorId).join(',')}`;
  return hash32(seed);
}

export function hash32(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
