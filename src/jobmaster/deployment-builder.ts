/**
 * Turns the ExecutionGraph and the slots it got into TaskDeploymentDescriptors: for each
 * subtask, which channels it reads and writes and on which TaskManager their other ends
 * live.
 */
import type { JobEdge, JobGraph } from '../graph/job-graph.js';
import type { ArtifactRef, CheckpointingSettings, NetworkSettings, ProgramSpec, TaskDeploymentDescriptor, TimeSettings } from '../runtime/deployment.js';
import type { TaskRestoreDescriptor } from '../runtime/checkpoint/state-handles.js';
import { pointwiseSources, pointwiseTargets } from '../runtime/partitioning/pointwise.js';
import { channelKey } from '../taskmanager/network/messages.js';
import type { ExecutionGraph, ExecutionVertex, SlotAssignment } from './execution-graph.js';

export interface DeploymentContext {
  readonly program: ProgramSpec;
  readonly artifact: ArtifactRef;
  readonly network: NetworkSettings;
  readonly checkpointing: CheckpointingSettings;
  readonly time: TimeSettings;
  readonly restore: TaskRestoreDescriptor | undefined;
}

function consumersOf(edge: JobEdge, producer: number, producerParallelism: number, consumerParallelism: number): number[] {
  if (edge.distribution === 'POINTWISE') return pointwiseTargets(producer, producerParallelism, consumerParallelism);
  return Array.from({ length: consumerParallelism }, (_, i) => i);
}

function producersOf(edge: JobEdge, consumer: number, producerParallelism: number, consumerParallelism: number): number[] {
  if (edge.distribution === 'POINTWISE') return pointwiseSources(consumer, producerParallelism, consumerParallelism);
  return Array.from({ length: producerParallelism }, (_, i) => i);
}

function slotOf(graph: ExecutionGraph, vertexId: string, subtask: number): SlotAssignment {
  const slot = graph.subtasks(vertexId)[subtask]?.current.slot;
  if (slot === undefined) throw new Error(`subtask ${subtask} of vertex ${vertexId} has no slot`);
  return slot;
}

export function buildDeployment(graph: ExecutionGraph, subtask: ExecutionVertex, context: DeploymentContext): TaskDeploymentDescriptor {
  const jobGraph: JobGraph = graph.jobGraph;
  const vertex = subtask.jobVertex;
  const jobId = jobGraph.jobId;
  const attempt = graph.attempt;
  const index = subtask.subtaskIndex;
  const parallelismOf = (id: string): number => graph.subtasks(id).length;
  const peers: Record<string, string> = {};
  const locationOf = (vertexId: string, other: number): SlotAssignment => {
    const slot = slotOf(graph, vertexId, other);
    if (slot.dataAddress !== '') peers[slot.taskManagerId] = slot.dataAddress;
    return slot;
  };

  const outputs = jobGraph.vertices
    .flatMap((consumer) => consumer.inputs.filter((edge) => edge.sourceVertexId === vertex.id).map((edge) => ({ consumer, edge })))
    .map(({ consumer, edge }) => ({
      sourceNodeId: edge.sourceNodeId,
      targetNodeId: edge.targetNodeId,
      partition: edge.partition,
      targetMaxParallelism: consumer.maxParallelism,
      channels: consumersOf(edge, index, vertex.parallelism, consumer.parallelism).map((c) => {
        const slot = locationOf(consumer.id, c);
        return {
          key: channelKey(jobId, attempt, edge.sourceNodeId, edge.targetNodeId, index, c),
          consumerLocation: slot.taskManagerId,
          consumerAllocationId: slot.allocationId,
        };
      }),
    }));

  const inputs = vertex.inputs.flatMap((edge) =>
    producersOf(edge, index, parallelismOf(edge.sourceVertexId), vertex.parallelism).map((p) => {
      const slot = locationOf(edge.sourceVertexId, p);
      return {
        key: channelKey(jobId, attempt, edge.sourceNodeId, edge.targetNodeId, p, index),
        producerLocation: slot.taskManagerId,
        producerAllocationId: slot.allocationId,
        inputIndex: edge.inputIndex,
      };
    }),
  );

  return {
    jobId,
    jobName: jobGraph.jobName,
    jobAttempt: attempt,
    executionAttemptId: subtask.current.attemptId,
    vertexId: vertex.id,
    vertexName: vertex.name,
    subtaskIndex: index,
    parallelism: vertex.parallelism,
    maxParallelism: vertex.maxParallelism,
    nodeIds: vertex.nodeIds,
    streamNodes: jobGraph.streamNodes,
    executionOrdinal: jobGraph.executionOrdinal,
    jobParameters: jobGraph.jobParameters,
    program: context.program,
    artifact: context.artifact,
    inputs,
    outputs,
    network: context.network,
    peers,
    checkpointing: context.checkpointing,
    time: context.time,
    restore: context.restore,
  };
}
