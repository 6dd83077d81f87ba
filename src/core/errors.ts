/**
 * Every error Weir raises on purpose carries a stable code; each code has a row in
 * docs/errors.md that says what happened and what to do.
 */
export type WeirErrorCode =
  | 'CONFIG_UNKNOWN_KEY'
  | 'CONFIG_INVALID_VALUE'
  | 'CONFIG_FILE_INVALID'
  | 'GRAPH_INVALID'
  | 'GRAPH_MISMATCH'
  | 'NOT_ENOUGH_SLOTS'
  | 'SLOT_REQUEST_TIMEOUT'
  | 'USER_FUNCTION_FAILED'
  | 'ACCUMULATOR_ERROR'
  | 'JOB_FAILED'
  | 'JOB_CANCELLED'
  | 'JOB_NOT_FOUND'
  | 'ARTIFACT_BUILD_FAILED'
  | 'ARTIFACT_LOAD_FAILED'
  | 'RPC_TIMEOUT'
  | 'RPC_ENDPOINT_NOT_FOUND'
  | 'RPC_FENCING_TOKEN_MISMATCH'
  | 'RPC_ENDPOINT_STOPPED'
  | 'RPC_CONNECTION_FAILED'
  | 'RPC_METHOD_NOT_FOUND'
  | 'RPC_FRAME_TOO_LARGE'
  | 'RPC_INVALID_ADDRESS'
  | 'RPC_ENDPOINT_ID_IN_USE'
  | 'SERIALIZATION_FAILED'
  | 'TASK_FAILED'
  | 'CLI_USAGE'
  | 'ARTIFACT_LOAD_TIMEOUT'
  | 'REST_BAD_REQUEST'
  | 'REST_NOT_FOUND'
  | 'REST_METHOD_NOT_ALLOWED'
  | 'REST_CONFLICT'
  | 'REST_PAYLOAD_TOO_LARGE'
  | 'REST_SERVER_ERROR'
  | 'REST_TIMEOUT'
  | 'REST_CONNECTION_FAILED'
  | 'STATE_ACCESS_WITHOUT_KEY'
  | 'STATE_DESCRIPTOR_CONFLICT'
  | 'STATE_KEY_OUT_OF_RANGE'
  | 'STATE_SNAPSHOT_FAILED'
  | 'STATE_RESTORE_FAILED'
  | 'CHECKPOINT_NOT_FOUND'
  | 'CHECKPOINT_CORRUPT'
  | 'CHECKPOINT_FAILED'
  | 'CHECKPOINT_STATE_NOT_RESTORED'
  | 'CHECKPOINTING_DISABLED';

export class WeirError extends Error {
  override readonly name = 'WeirError';

  constructor(
    readonly code: WeirErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The message and stack of anything thrown, for reports that cross thread and process boundaries. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
  readonly code?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: error.message,
      stack: error.stack ?? `${error.name}: ${error.message}`,
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  const text = String(error);
  return { name: 'Error', message: text, stack: text };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
