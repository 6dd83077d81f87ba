/**
 * The plain-data descriptions that travel from the JobMaster to a TaskManager: what a
 * task is and where its channels lead (Flink's TaskDeploymentDescriptor).
 */
import type { EnvironmentDefaults } from '../api/execution-context.js';
import type { PartitionKind } from '../api/transformation.js';
import type { StreamNodeDescriptor } from '../graph/stream-graph.js';
import type { ChannelKey } from '../taskmanager/network/messages.js';
import type { CheckpointingMode } from '../api/checkpoint.js';
import type { TaskRestoreDescriptor } from './checkpoint/state-handles.js';

/** How to rebuild the program in a slot: run the artifact's main as the client did. */
export interface ProgramSpec {
  /** The job file as the user named it; the program sees it as `process.argv[1]`. */
  readonly entry: string;
  /** `process.argv` after the job file. */
  readonly args: readonly string[];
  readonly defaults: EnvironmentDefaults;
}

export interface ArtifactRef {
  /** sha256 of the artifact's bytes: the BlobServer's key and the TaskManager's cache key. */
  readonly hash: string;
  readonly size: number;
}

export interface TimeSettings {
  /** pipeline.auto-watermark-interval: how often sources emit watermarks. */
  readonly autoWatermarkIntervalMs: number;
}

export interface NetworkSettings {
  readonly segmentSize: number;
  readonly buffersPerChannel: number;
  /** Shared by an input gate's channels, on top of each channel's own buffers. */
  readonly floatingBuffersPerGate: number;
  /** Milliseconds; 0 flushes after every batch of work, -1 only when buffers are full. */
  readonly bufferTimeoutMs: number;
}

export interface OutputEdgeDescriptor {
  readonly sourceNodeId: number;
  readonly targetNodeId: number;
  readonly partition: PartitionKind;
  readonly targetMaxParallelism: number;
  /** The consumer channels of this producer subtask, in partitioner channel order. */
  readonly channels: readonly OutputChannelDescriptor[];
}

/**
 * Where the other end of a channel runs: its TaskManager, and the slot (by allocation)
 * there, so that a TaskManager can move data between two of its own slots directly.
 */
export interface OutputChannelDescriptor {
  readonly key: ChannelKey;
  readonly consumerLocation: string;
  readonly consumerAllocationId: string;
}

export interface InputChannelDescriptor {
  readonly key: ChannelKey;
  readonly producerLocation: string;
  readonly producerAllocationId: string;
  /** Which input of the task's head operator the channel feeds. */
  readonly inputIndex: number;
}

export interface TaskDeploymentDescriptor {
  readonly jobId: string;
  readonly jobName: string;
  /** Counts the job's restarts; part of every channel key. */
  readonly jobAttempt: number;
  readonly executionAttemptId: string;
  readonly vertexId: string;
  readonly vertexName: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly nodeIds: readonly number[];
  readonly streamNodes: readonly StreamNodeDescriptor[];
  readonly executionOrdinal: number;
  readonly jobParameters: Readonly<Record<string, string>>;
  readonly program: ProgramSpec;
  readonly artifact: ArtifactRef;
  readonly inputs: readonly InputChannelDescriptor[];
  readonly outputs: readonly OutputEdgeDescriptor[];
  readonly network: NetworkSettings;
  /** Data addresses (host:port) of the TaskManagers at the other ends of this task's channels. */
  readonly peers: Readonly<Record<string, string>>;
  readonly checkpointing: CheckpointingSettings;
  readonly time: TimeSettings;
  /** The state to start from, after a failure or from a savepoint. */
  readonly restore: TaskRestoreDescriptor | undefined;
}

/** `name (i/n)`, Flink's name for one subtask of a task. */
export function subtaskTitle(tdd: TaskDeploymentDescriptor): string {
  return `${tdd.vertexName} (${tdd.subtaskIndex + 1}/${tdd.parallelism})`;
}

export interface CheckpointingSettings {
  readonly enabled: boolean;
  readonly mode: CheckpointingMode;
  /** `state.backend.type`. */
  readonly stateBackend: string;
}

/** The states of one execution attempt, as Flink names them. */
export type ExecutionState =
  | 'CREATED'
  | 'SCHEDULED'
  | 'DEPLOYING'
  | 'INITIALIZING'
  | 'RUNNING'
  | 'FINISHED'
  | 'CANCELING'
  | 'CANCELED'
  | 'FAILED';

/** The state a group of subtasks shows, as Flink aggregates it: a failure over anything else, running over finished. */
export function aggregateExecutionState(counts: Readonly<Record<ExecutionState, number>>): ExecutionState {
  const order: ExecutionState[] = ['FAILED', 'CANCELING', 'CANCELED', 'CREATED', 'SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING', 'FINISHED'];
  for (const state of order) if (counts[state] > 0) return state;
  return 'CREATED';
}

export const TERMINAL_EXECUTION_STATES: ReadonlySet<ExecutionState> = new Set(['FINISHED', 'CANCELED', 'FAILED']);
