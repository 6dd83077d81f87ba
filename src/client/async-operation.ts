/**
 * The client side of Flink's asynchronous operations: poll a trigger id until the
 * operation completes, within a time limit, and turn a failure back into the error the
 * JobManager raised (code and message), as Flink's RestClusterClient does for savepoints.
 */
import { formatDuration } from '../config/index.js';
import { WeirError, type WeirErrorCode } from '../core/errors.js';
import type { AsynchronousOperationResult } from '../rest/checkpoint-messages.js';
import { readFailure } from '../rest/job-result-body.js';
import type { SerializedThrowable } from '../rest/messages.js';
import type { RestClient } from './rest-client.js';

export interface PollOptions {
  /** How long to wait for the operation to complete. */
  readonly timeoutMs: number;
  /** Default 200 ms. */
  readonly pollIntervalMs?: number;
}

function failure(cause: SerializedThrowable): WeirError {
  const error = readFailure(cause);
  // Both ends run the same Weir, so a code the server sent is one of ours.
  const code = (error.code ?? 'CHECKPOINT_FAILED') as WeirErrorCode;
  const rebuilt = new WeirError(code, error.message);
  rebuilt.stack = error.stack;
  return rebuilt;
}

async function poll<Operation>(
  read: () => Promise<AsynchronousOperationResult<Operation>>,
  what: string,
  options: PollOptions,
): Promise<Operation> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const answer = await read();
    if (answer.status.id === 'COMPLETED' && answer.operation !== undefined) return answer.operation;
    if (Date.now() >= deadline) {
      throw new WeirError(
        'REST_TIMEOUT',
        `${what} did not complete within ${formatDuration(options.timeoutMs)}; it may still complete on the JobManager (raise the time limit with --timeout)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 200));
  }
}

/**
 * Waits for a savepoint or stop operation; resolves with the savepoint's path.
 * @example
 * const { 'request-id': triggerId } = await client.triggerSavepoint(jobId, { 'target-directory': '/savepoints' });
 * const path = await awaitSavepoint(client, jobId, triggerId, { timeoutMs: 600_000 });
 */
export async function awaitSavepoint(client: RestClient, jobId: string, triggerId: string, options: PollOptions): Promise<string> {
  const operation = await poll(() => client.savepointStatus(jobId, triggerId), `the savepoint of job ${jobId}`, options);
  if (operation.location !== undefined) return operation.location;
  const cause = operation['failure-cause'];
  if (cause !== undefined) throw failure(cause);
  throw new WeirError('REST_SERVER_ERROR', `the JobManager reported the savepoint of job ${jobId} complete without a location or a failure`);
}

/** Waits for a triggered checkpoint; resolves with its id. */
export async function awaitCheckpoint(client: RestClient, jobId: string, triggerId: string, options: PollOptions): Promise<number> {
  const operation = await poll(() => client.checkpointStatus(jobId, triggerId), `the checkpoint of job ${jobId}`, options);
  if (operation.checkpointId !== undefined) return operation.checkpointId;
  if (operation.failureCause !== undefined) throw failure(operation.failureCause);
  throw new WeirError('REST_SERVER_ERROR', `the JobManager reported the checkpoint of job ${jobId} complete without an id or a failure`);
}
