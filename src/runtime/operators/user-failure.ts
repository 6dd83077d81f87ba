import { WeirError, errorMessage } from '../../core/errors.js';

/**
 * A user function threw. The message names the operator; the stack is the user's, so the
 * line in their program is the first thing they see.
 */
export function userFailure(operatorName: string, error: unknown): Error {
  if (error instanceof WeirError) {
    if (error.code !== 'ACCUMULATOR_ERROR') return error;
    // The function misused an accumulator: its operator is where to look.
    const named = new WeirError(error.code, `operator '${operatorName}': ${error.message}`, { cause: error });
    named.stack = `WeirError: ${named.message}\n${(error.stack ?? '').split('\n').slice(1).join('\n')}`;
    return named;
  }
  const failure = new WeirError('USER_FUNCTION_FAILED', `operator '${operatorName}' threw: ${errorMessage(error)}`, {
    cause: error,
  });
  const userStack = error instanceof Error ? error.stack : undefined;
  if (userStack !== undefined) failure.stack = `WeirError: ${failure.message}\n  caused by ${userStack}`;
  return failure;
}
