/** The messages between a TaskExecutor and the worker thread of one of its slots. */
import type { MessagePort } from 'node:worker_threads';
import type { SerializedError } from '../core/errors.js';
import type { ExecutionState, TaskDeploymentDescriptor } from '../runtime/deployment.js';
import type { CheckpointBarrier, NetworkMessage } from './network/messages.js';
import type { CheckpointStats, TaskStateSnapshot } from '../runtime/checkpoint/state-handles.js';
import type { SlotMetricReport } from '../metrics/metric-snapshot.js';
import type { AccumulatorSnapshot } from '../api/accumulators.js';
import type { FlameGraphNode, FlameGraphSampling } from '../metrics/flame-graph.js';

export type ToSlot =
  | { readonly type: 'deploy'; readonly tdd: TaskDeploymentDescriptor; readonly artifactPath: string; readonly allocationId: string }
  /** A direct port to another slot thread of this TaskExecutor, which runs `allocationId`: channels between the two skip the parent. */
  | { readonly type: 'peer'; readonly allocationId: string; readonly port: MessagePort }
  | { readonly type: 'cancel'; readonly attemptId: string }
  | { readonly type: 'net'; readonly messages: readonly NetworkMessage[] }
  | { readonly type: 'operator-event'; readonly attemptId: string; readonly operatorId: string; readonly event: unknown }
  | { readonly type: 'trigger-checkpoint'; readonly attemptId: string; readonly barrier: CheckpointBarrier }
  | { readonly type: 'checkpoint-done'; readonly attemptId: string; readonly checkpointId: number; readonly completed: boolean }
  /** Samples this slot thread for a flame graph; answered by a 'flame-graph' message with the same id. */
  | { readonly type: 'sample-flame-graph'; readonly requestId: number; readonly sampling: FlameGraphSampling }
  /** Sent once, before any deploy, when metrics are on: without it the slot collects none. */
  | { readonly type: 'metrics-config'; readonly taskManagerId: string; readonly slotIndex: number; readonly intervalMs: number };

export type FromSlot =
  | {
      readonly type: 'task-state';
      readonly attemptId: string;
      readonly state: ExecutionState;
      readonly error?: SerializedError;
      /** With a final state: the task's accumulators as it ended. */
      readonly accumulators?: readonly AccumulatorSnapshot[];
    }
  | { readonly type: 'net'; readonly messages: readonly NetworkMessage[] }
  | { readonly type: 'operator-event'; readonly attemptId: string; readonly operatorId: string; readonly event: unknown }
  | { readonly type: 'print'; readonly text: string; readonly stdErr: boolean }
  | {
      readonly type: 'checkpoint-ack';
      readonly attemptId: string;
      readonly checkpointId: number;
      readonly state: TaskStateSnapshot;
      readonly stats: CheckpointStats;
    }
  | { readonly type: 'checkpoint-decline'; readonly attemptId: string; readonly checkpointId: number; readonly error: SerializedError }
  | { readonly type: 'metrics'; readonly report: SlotMetricReport }
  | { readonly type: 'flame-graph'; readonly requestId: number; readonly graph?: FlameGraphNode; readonly error?: string }
  /** The running tasks' accumulators, now and then, for the JobMaster's live view. */
  | { readonly type: 'accumulators'; readonly reports: readonly TaskAccumulators[] };

export interface TaskAccumulators {
  readonly attemptId: string;
  readonly accumulators: readonly AccumulatorSnapshot[];
}
