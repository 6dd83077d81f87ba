/**
 * The job graph file of `POST /jobs`: JSON `{"jobGraph": JobGraph, "program": ProgramSpec}`,
 * Weir's stand-in for Flink's Java-serialized JobGraph. The JobMaster trusts a graph, so
 * one from the network is checked here: its shape by JSON schema, then what a schema
 * cannot say (ids that must refer to each other, topological order).
 */
import type { EnvironmentDefaults } from '../api/execution-context.js';
import { OPERATOR_KIND_SET, type ChainingStrategy, type PartitionKind } from '../api/transformation.js';
import { WeirError } from '../core/errors.js';
import type { DistributionPattern, JobEdge, JobGraph, JobVertex } from '../graph/job-graph.js';
import type { StreamNodeDescriptor } from '../graph/stream-graph.js';
import type { ProgramSpec } from '../runtime/deployment.js';
import { HEX_ID_PATTERN } from './ids.js';

export interface JobGraphFile {
  readonly jobGraph: JobGraph;
  readonly program: ProgramSpec;
}

// Each list is checked against its type both ways, so a new kind or field in the
// runtime fails the build here instead of failing submissions.
const PARTITION_KINDS = Object.keys({
  forward: true,
  rebalance: true,
  rescale: true,
  shuffle: true,
  broadcast: true,
  global: true,
  hash: true,
  custom: true,
} satisfies Record<PartitionKind, true>);

const OPERATOR_KINDS = Object.keys(OPERATOR_KIND_SET);

const CHAINING = Object.keys({ ALWAYS: true, HEAD: true, NEVER: true } satisfies Record<ChainingStrategy, true>);
const DISTRIBUTIONS = Object.keys({ POINTWISE: true, ALL_TO_ALL: true } satisfies Record<DistributionPattern, true>);

const hexId = { type: 'string', pattern: HEX_ID_PATTERN };
const name = { type: 'string', maxLength: 4096 };
const count = { type: 'integer', minimum: 1, maximum: 32768 };
const nodeId = { type: 'integer', minimum: 0 };

function object(properties: Record<string, object>): object {
  return { type: 'object', additionalProperties: false, required: Object.keys(properties), properties };
}

const edge = object({
  sourceVertexId: hexId,
  targetVertexId: hexId,
  sourceNodeId: nodeId,
  targetNodeId: nodeId,
  partition: { type: 'string', enum: PARTITION_KINDS },
  distribution: { type: 'string', enum: DISTRIBUTIONS },
  inputIndex: { type: 'integer', minimum: 0, maximum: 1 },
} satisfies Record<keyof JobEdge, object>);

const vertex = object({
  id: hexId,
  name,
  description: { type: 'string', maxLength: 65536 },
  parallelism: count,
  maxParallelism: count,
  slotSharingGroup: name,
  nodeIds: { type: 'array', minItems: 1, items: nodeId },
  inputs: { type: 'array', items: edge },
  isSource: { type: 'boolean' },
} satisfies Record<keyof JobVertex, object>);

const streamNode = object({
  id: nodeId,
  operatorId: hexId,
  name,
  uid: { type: ['string', 'null'], maxLength: 4096 },
  kind: { type: 'string', enum: OPERATOR_KINDS },
  parallelism: count,
  maxParallelism: count,
  slotSharingGroup: name,
  chaining: { type: 'string', enum: CHAINING },
  inputs: {
    type: 'array',
    items: object({ sourceId: nodeId, partition: { type: 'string', enum: PARTITION_KINDS } }),
  },
} satisfies Record<keyof StreamNodeDescriptor, object>);

const jobGraphProperties = {
  jobId: hexId,
  jobName: name,
  vertices: { type: 'array', minItems: 1, items: vertex },
  streamNodes: { type: 'array', minItems: 1, items: streamNode },
  executionOrdinal: { type: 'integer', minimum: 0 },
  jobParameters: { type: 'object', additionalProperties: { type: 'string' } },
  checkpointing: object({ intervalMs: { type: 'integer', minimum: 1 }, mode: { type: 'string', enum: ['EXACTLY_ONCE', 'AT_LEAST_ONCE'] } }),
} satisfies Record<keyof JobGraph, object>;
// Checkpointing is set only by programs that call env.enableCheckpointing.
const jobGraph = { ...object(jobGraphProperties), required: Object.keys(jobGraphProperties).filter((key) => key !== 'checkpointing') };

const program = object({
  entry: { type: 'string', minLength: 1, maxLength: 4096 },
  args: { type: 'array', items: { type: 'string' } },
  defaults: object({
    parallelism: count,
    maxParallelism: count,
    chainingEnabled: { type: 'boolean' },
  } satisfies Record<keyof EnvironmentDefaults, object>),
} satisfies Record<keyof ProgramSpec, object>);

export const JOB_GRAPH_FILE_SCHEMA = object({ jobGraph, program } satisfies Record<keyof JobGraphFile, object>);

function invalid(detail: string): WeirError {
  return new WeirError('REST_BAD_REQUEST', `job graph file: ${detail}`);
}

/** The references a schema cannot check; run after the schema passed. */
export function checkJobGraph(graph: JobGraph): void {
  const nodes = new Set<number>();
  for (const node of graph.streamNodes) {
    if (nodes.has(node.id)) throw invalid(`stream node ${node.id} appears twice`);
    for (const input of node.inputs) {
      if (!nodes.has(input.sourceId)) throw invalid(`stream node ${node.id} reads node ${input.sourceId}, which does not come before it`);
    }
    nodes.add(node.id);
  }
  const placed = new Set<number>();
  const vertices = new Set<string>();
  for (const v of graph.vertices) {
    if (vertices.has(v.id)) throw invalid(`vertex ${v.id} appears twice`);
    for (const id of v.nodeIds) {
      if (!nodes.has(id)) throw invalid(`vertex ${v.id} holds stream node ${id}, which is not among streamNodes`);
      if (placed.has(id)) throw invalid(`stream node ${id} is in more than one vertex`);
      placed.add(id);
    }
    for (const input of v.inputs) {
      if (input.targetVertexId !== v.id) throw invalid(`an input of vertex ${v.id} targets vertex ${input.targetVertexId}`);
      if (!vertices.has(input.sourceVertexId)) {
        throw invalid(`vertex ${v.id} reads vertex ${input.sourceVertexId}, which does not come before it`);
      }
      if (!nodes.has(input.sourceNodeId) || !nodes.has(input.targetNodeId)) {
        throw invalid(`an input of vertex ${v.id} names a stream node that is not among streamNodes`);
      }
    }
    vertices.add(v.id);
  }
  if (placed.size !== nodes.size) throw invalid('some stream nodes belong to no vertex');
}
