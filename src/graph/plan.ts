/**
 * Plan JSON in the shapes Flink shows: the JobGraph as `/jobs/:id/plan` returns it, and
 * the StreamGraph as `env.getExecutionPlan()` returns it.
 */
import type { JobGraph } from './job-graph.js';
import { computeSlots, shipStrategyOf, type SlotRequirement } from './job-graph.js';
import type { StreamGraph, StreamNode } from './stream-graph.js';

export interface PlanInput {
  readonly num: number;
  readonly id: string;
  readonly ship_strategy: string;
  readonly exchange: string;
}

export interface PlanNode {
  readonly id: string;
  readonly parallelism: number;
  readonly operator: string;
  readonly operator_strategy: string;
  readonly description: string;
  readonly inputs?: readonly PlanInput[];
  readonly optimizer_properties: Record<string, never>;
}

export interface JobPlan {
  readonly jid: string;
  readonly name: string;
  readonly type: 'STREAMING';
  readonly nodes: readonly PlanNode[];
}

export function jobPlan(jobGraph: JobGraph): JobPlan {
  return {
    jid: jobGraph.jobId,
    name: jobGraph.jobName,
    type: 'STREAMING',
    nodes: jobGraph.vertices.map((v) => ({
      id: v.id,
      parallelism: v.parallelism,
      operator: v.name,
      operator_strategy: '',
      description: v.description,
      ...(v.inputs.length > 0
        ? {
            inputs: v.inputs.map((edge, num) => ({
              num,
              id: edge.sourceVertexId,
              ship_strategy: shipStrategyOf(edge.partition),
              exchange: 'pipelined_bounded',
            })),
          }
        : {}),
      optimizer_properties: {},
    })),
  };
}

/** What `weir info` prints. */
export function infoJson(jobGraph: JobGraph): { plan: JobPlan; slots: SlotRequirement } {
  return { plan: jobPlan(jobGraph), slots: computeSlots(jobGraph.vertices) };
}

/** Flink's StreamGraph JSON (the shape its plan visualizer reads). */
export function streamGraphPlan(graph: StreamGraph): string {
  const nodes = graph.sortedNodes().map((node) => ({
    id: node.id,
    type: node.name,
    pact: pactOf(node),
    contents: node.name,
    parallelism: node.parallelism,
    ...(node.inEdges.length > 0
      ? {
          predecessors: node.inEdges.map((e) => ({
            id: e.sourceId,
            ship_strategy: shipStrategyOf(e.partitioning.kind),
            side: 'second',
          })),
        }
      : {}),
  }));
  return JSON.stringify({ nodes }, null, 2);
}

/** As in Flink, a node is a Data Sink because it is a sink, not because nothing reads it. */
function pactOf(node: StreamNode): 'Data Source' | 'Operator' | 'Data Sink' {
  switch (node.kind) {
    case 'source':
      return 'Data Source';
    case 'sink':
    case 'print':
    case 'collect':
      return 'Data Sink';
    default:
      return 'Operator';
  }
}
