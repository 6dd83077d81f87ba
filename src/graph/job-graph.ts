/**
 * The JobGraph: operators chained into JobVertices by Flink's rules, connected by
 * JobEdges. It is plain data: the client sends it to the JobManager, which sends parts
 * of it on to the TaskManagers.
 */
import type { PartitionKind } from '../api/transformation.js';
import type { CheckpointingMode } from '../api/checkpoint.js';
import { JobId, type JobVertexId } from '../core/ids.js';
import { describeNode, type StreamEdge, type StreamGraph, type StreamNode, type StreamNodeDescriptor } from './stream-graph.js';

export type DistributionPattern = 'POINTWISE' | 'ALL_TO_ALL';

export interface JobEdge {
  readonly sourceVertexId: JobVertexId;
  readonly targetVertexId: JobVertexId;
  /** The operator in the upstream chain that produces this edge's records. */
  readonly sourceNodeId: number;
  /** The head of the downstream chain. */
  readonly targetNodeId: number;
  readonly partition: PartitionKind;
  readonly distribution: DistributionPattern;
  /** Which input of the downstream head the edge feeds (two-input operators). */
  readonly inputIndex: number;
}

export interface JobVertex {
  /** The head operator's id, as in Flink. */
  readonly id: JobVertexId;
  readonly name: string;
  readonly description: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly slotSharingGroup: string;
  /** Stream node ids in the chain, head first, in topological order. */
  readonly nodeIds: readonly number[];
  readonly inputs: readonly JobEdge[];
  readonly isSource: boolean;
}

export interface JobGraph {
  readonly jobId: JobId;
  readonly jobName: string;
  /** Topological order: every vertex comes after its inputs. */
  readonly vertices: readonly JobVertex[];
  readonly streamNodes: readonly StreamNodeDescriptor[];
  /** Which `execute()` call of the program built this graph, counting from 0. */
  readonly executionOrdinal: number;
  readonly jobParameters: Readonly<Record<string, string>>;
  /** What the program set with `env.enableCheckpointing(...)`; the cluster's configuration otherwise. */
  readonly checkpointing?: { readonly intervalMs: number; readonly mode: CheckpointingMode };
}

export function isChainable(edge: StreamEdge, graph: StreamGraph): boolean {
  const up = graph.node(edge.sourceId);
  const down = graph.node(edge.targetId);
  return (
    graph.settings.chainingEnabled &&
    down.inEdges.length === 1 &&
    up.slotSharingGroup === down.slotSharingGroup &&
    down.chaining === 'ALWAYS' &&
    up.chaining !== 'NEVER' &&
    edge.partitioning.kind === 'forward' &&
    up.parallelism === down.parallelism
  );
}

export function shipStrategyOf(kind: PartitionKind): string {
  return kind.toUpperCase();
}

export function distributionOf(kind: PartitionKind): DistributionPattern {
  return kind === 'forward' || kind === 'rescale' ? 'POINTWISE' : 'ALL_TO_ALL';
}

export interface JobGraphOptions {
  readonly jobId?: JobId;
  readonly executionOrdinal?: number;
  readonly jobParameters?: Readonly<Record<string, string>>;
  readonly checkpointing?: { readonly intervalMs: number; readonly mode: CheckpointingMode } | undefined;
}

/** Flink's StreamingJobGraphGenerator, reduced to what Weir's runtime needs. */
export function createJobGraph(graph: StreamGraph, options: JobGraphOptions = {}): JobGraph {
  const headOf = new Map<number, StreamNode>();
  const chains = new Map<number, StreamNode[]>();
  for (const node of graph.sortedNodes()) {
    const only = node.inEdges[0];
    const chainedTo = only !== undefined && isChainable(only, graph) ? headOf.get(only.sourceId) : undefined;
    const head = chainedTo ?? node;
    headOf.set(node.id, head);
    const members = chains.get(head.id) ?? [];
    members.push(node);
    chains.set(head.id, members);
  }

  const vertices: JobVertex[] = [];
  for (const [headId, members] of chains) {
    const head = graph.node(headId);
    const inputs: JobEdge[] = head.inEdges.map((edge) => {
      const upstreamHead = headOf.get(edge.sourceId) ?? graph.node(edge.sourceId);
      return {
        sourceVertexId: upstreamHead.operatorId as JobVertexId,
        targetVertexId: head.operatorId as JobVertexId,
        sourceNodeId: edge.sourceId,
        targetNodeId: head.id,
        partition: edge.partitioning.kind,
        distribution: distributionOf(edge.partitioning.kind),
        inputIndex: edge.inputIndex,
      };
    });
    vertices.push({
      id: head.operatorId as JobVertexId,
      name: chainedName(head, graph),
      description: chainedDescription(head, graph),
      parallelism: head.parallelism,
      maxParallelism: head.maxParallelism,
      slotSharingGroup: head.slotSharingGroup,
      nodeIds: members.map((m) => m.id),
      inputs,
      isSource: head.inEdges.length === 0,
    });
  }

  return {
    jobId: options.jobId ?? JobId.generate(),
    jobName: graph.jobName,
    vertices,
    streamNodes: graph.sortedNodes().map(describeNode),
    executionOrdinal: options.executionOrdinal ?? 0,
    jobParameters: options.jobParameters ?? {},
    ...(options.checkpointing !== undefined ? { checkpointing: options.checkpointing } : {}),
  };
}

function chainedOutputs(node: StreamNode, graph: StreamGraph): StreamNode[] {
  return node.outEdges.filter((e) => isChainable(e, graph)).map((e) => graph.node(e.targetId));
}

/** "Source: A -> Map -> (Filter, Sink: B)", as Flink names a chain. */
function chainedName(node: StreamNode, graph: StreamGraph): string {
  const outputs = chainedOutputs(node, graph);
  if (outputs.length === 0) return node.name;
  const names = outputs.map((o) => chainedName(o, graph));
  return outputs.length === 1 ? `${node.name} -> ${names[0]}` : `${node.name} -> (${names.join(', ')})`;
}

function chainedDescription(head: StreamNode, graph: StreamGraph): string {
  const lines: string[] = [];
  const walk = (node: StreamNode, depth: number): void => {
    lines.push(depth === 0 ? node.name : `${'   '.repeat(depth - 1)}+- ${node.name}`);
    for (const next of chainedOutputs(node, graph)) walk(next, depth + 1);
  };
  walk(head, 0);
  return lines.join('<br/>');
}

export interface SlotRequirement {
  readonly required: number;
  readonly groups: Readonly<Record<string, number>>;
}

/** Slots = Σ over slot sharing groups of the largest parallelism in the group. */
export function computeSlots(vertices: readonly Pick<JobVertex, 'slotSharingGroup' | 'parallelism'>[]): SlotRequirement {
  const groups: Record<string, number> = {};
  for (const v of vertices) groups[v.slotSharingGroup] = Math.max(groups[v.slotSharingGroup] ?? 0, v.parallelism);
  const required = Object.values(groups).reduce((sum, n) => sum + n, 0);
  return { required, groups };
}

export function describeSlotRequirement(slots: SlotRequirement): string {
  return Object.entries(slots.groups)
    .map(([group, n]) => `group ${group}: ${n}`)
    .join(', ');
}
