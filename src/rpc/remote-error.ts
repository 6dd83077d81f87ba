import { WeirError, serializeError, type WeirErrorCode } from '../core/errors.js';

/**
 * An error as it crosses an RPC boundary. Both transports send handler failures
 * through this form (the local one too), so a caller sees the same error whether the
 * endpoint lives in its process or another one.
 */
export interface RemoteErrorPayload {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
  readonly code?: string;
  readonly cause?: RemoteErrorPayload;
}

const MAX_CAUSE_DEPTH = 8;
// An error message is diagnostics, not a data channel; bound it so a reply always fits a frame.
const MAX_TEXT = 16 * 1024;

/** Captures name, message, code, stack and the `cause` chain of anything thrown. */
export function toRemoteErrorPayload(error: unknown, depth = 0): RemoteErrorPayload {
  const serialized = serializeError(error);
  const cause = error instanceof Error && depth < MAX_CAUSE_DEPTH && error.cause !== undefined
    ? toRemoteErrorPayload(error.cause, depth + 1)
    : undefined;
  return {
    name: clip(serialized.name),
    message: clip(serialized.message),
    stack: clip(serialized.stack),
    ...(serialized.code === undefined ? {} : { code: clip(serialized.code) }),
    ...(cause === undefined ? {} : { cause }),
  };
}

/**
 * Rebuilds the error on the caller's side: a WeirError (so `instanceof` and `code`
 * checks work) when the handler threw one, otherwise an Error with the original name
 * and code. Its stack is the remote stack.
 */
export function fromRemoteErrorPayload(payload: RemoteErrorPayload): Error {
  const cause = payload.cause === undefined ? undefined : fromRemoteErrorPayload(payload.cause);
  const options = cause === undefined ? undefined : { cause };
  let error: Error;
  if (payload.name === 'WeirError' && payload.code !== undefined) {
    // Both ends run the same Weir, so the code is one of ours.
    error = new WeirError(payload.code as WeirErrorCode, payload.message, options);
  } else {
    error = new Error(payload.message, options);
    error.name = payload.name;
    if (payload.code !== undefined) Object.defineProperty(error, 'code', { value: payload.code, enumerable: true });
  }
  error.stack = payload.stack;
  return error;
}

/** Validates a payload that arrived from the network; never trusts its shape. */
export function readRemoteErrorPayload(value: unknown, depth = 0): RemoteErrorPayload {
  if (typeof value !== 'object' || value === null) {
    return { name: 'Error', message: 'The remote endpoint failed without error details', stack: 'Error' };
  }
  const record = value as Record<string, unknown>;
  const name = typeof record['name'] === 'string' ? record['name'] : 'Error';
  const message = typeof record['message'] === 'string' ? record['message'] : '';
  const stack = typeof record['stack'] === 'string' ? record['stack'] : `${name}: ${message}`;
  const code = typeof record['code'] === 'string' ? record['code'] : undefined;
  const cause = record['cause'] !== undefined && record['cause'] !== null && depth < MAX_CAUSE_DEPTH
    ? readRemoteErrorPayload(record['cause'], depth + 1)
    : undefined;
  return {
    name: clip(name),
    message: clip(message),
    stack: clip(stack),
    ...(code === undefined ? {} : { code: clip(code) }),
    ...(cause === undefined ? {} : { cause }),
  };
}

/** What a handler's thrown error looks like to a caller in the same process. */
export function asRemoteError(error: unknown): Error {
  return fromRemoteErrorPayload(toRemoteErrorPayload(error));
}

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}… (${text.length - MAX_TEXT} more characters)`;
}
