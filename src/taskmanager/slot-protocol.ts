/** The messages between a TaskExecutor and the worker thread of one of its slots. */
import type { SerializedError } from '../core/errors.js';
import type { ExecutionState, TaskDeploymentDescriptor } from '../runtime/deployment.js';
import type { NetworkMessage } from './network/messages.js';

export type ToSlot =
  | { readonly type: 'deploy'; readonly tdd: TaskDeploymentDescriptor; readonly artifactPath: string }
  | { readonly type: 'cancel'; readonly attemptId: string }
  | { readonly type: 'net'; readonly message: NetworkMessage }
  | { readonly type: 'operator-event'; readonly attemptId: string; readonly operatorId: string; readonly event: unknown };

export type FromSlot =
  | {
      readonly type: 'task-state';
      readonly attemptId: string;
      readonly state: ExecutionState;
      readonly error?: SerializedError;
    }
  | { readonly type: 'net'; readonly message: NetworkMessage }
  | { readonly type: 'operator-event'; readonly attemptId: string; readonly operatorId: string; readonly event: unknown }
  | { readonly type: 'print'; readonly text: string; readonly stdErr: boolean };
