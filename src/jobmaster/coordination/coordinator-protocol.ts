/** Messages between a JobMaster and its job's coordinator thread. */
import type { SerializedError } from '../../core/errors.js';
import type { StreamNodeDescriptor } from '../../graph/stream-graph.js';
import type { ProgramSpec } from '../../runtime/deployment.js';

export type ToCoordinatorThread =
  | {
      readonly type: 'start';
      readonly artifactPath: string;
      readonly program: ProgramSpec;
      readonly executionOrdinal: number;
      readonly streamNodes: readonly StreamNodeDescriptor[];
      /** Enumerator state by operator id, when the job starts from a checkpoint or savepoint. */
      readonly restoredStates: Readonly<Record<string, unknown>> | undefined;
    }
  | { readonly type: 'event'; readonly operatorId: string; readonly subtask: number; readonly event: unknown }
  | { readonly type: 'snapshot'; readonly checkpointId: number }
  | { readonly type: 'subtask-reset'; readonly operatorId: string; readonly subtask: number; readonly checkpointId: number }
  | { readonly type: 'reset'; readonly states: Readonly<Record<string, unknown>> | undefined };

export type FromCoordinatorThread =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly error: SerializedError }
  | { readonly type: 'send-event'; readonly operatorId: string; readonly subtask: number; readonly event: unknown }
  | { readonly type: 'snapshot-done'; readonly checkpointId: number; readonly states: Record<string, unknown> }
  | { readonly type: 'snapshot-failed'; readonly checkpointId: number; readonly error: SerializedError };
