/**
 * `/jobs/:jobid/execution-result` both ways: the server builds Flink's JobResult JSON
 * from the Dispatcher's JobResult, and the REST client reads it back into one, so a
 * remote job fails with the same error as a local one (see `toExecutionResult`).
 */
import type { JobStatus } from '../api/job-client.js';
import type { AccumulatorResult } from '../api/accumulators.js';
import type { SerializedError } from '../core/errors.js';
import type { JobResult } from '../dispatcher/dispatcher-gateway.js';
import type { ApplicationStatus, JobExecutionResultResponseBody, JobResultBody, SerializedThrowable } from './messages.js';

const APPLICATION_STATUS: Partial<Record<JobStatus, ApplicationStatus>> = {
  FINISHED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELED: 'CANCELED',
};

const JOB_STATUS: Record<ApplicationStatus, JobStatus> = {
  SUCCEEDED: 'FINISHED',
  FAILED: 'FAILED',
  CANCELED: 'CANCELED',
  UNKNOWN: 'SUSPENDED',
};

export const IN_PROGRESS: JobExecutionResultResponseBody = { status: { id: 'IN_PROGRESS' } };

export function serializedThrowable(error: SerializedError): SerializedThrowable {
  return {
    class: error.name,
    'stack-trace': error.stack,
    'serialized-throwable': Buffer.from(JSON.stringify(error)).toString('base64'),
  };
}

export function executionResultBody(result: JobResult): JobExecutionResultResponseBody {
  const body: JobResultBody = {
    id: result.jobId,
    'application-status': APPLICATION_STATUS[result.state] ?? 'UNKNOWN',
    'accumulator-results': encodeAccumulators(result.accumulators),
    'net-runtime': result.netRuntimeMs,
    ...(result.error !== undefined ? { 'failure-cause': serializedThrowable(result.error) } : {}),
  };
  return { status: { id: 'COMPLETED' }, 'job-execution-result': body };
}

/** The failure as the server serialized it; a cause from another server still yields its text. */
export function readFailure(cause: SerializedThrowable): SerializedError {
  try {
    const parsed = JSON.parse(Buffer.from(cause['serialized-throwable'], 'base64').toString('utf8')) as Partial<SerializedError>;
    if (typeof parsed.message === 'string' && typeof parsed.stack === 'string') {
      return {
        name: typeof parsed.name === 'string' ? parsed.name : cause.class,
        message: parsed.message,
        stack: parsed.stack,
        ...(typeof parsed.code === 'string' ? { code: parsed.code } : {}),
      };
    }
  } catch {
    // Not Weir's encoding: fall through to the readable fields.
  }
  const stack = cause['stack-trace'];
  return { name: cause.class, message: stack.split('\n', 1)[0] ?? stack, stack };
}

/** A completed execution result as the Dispatcher's JobResult; the job name is not in Flink's body. */
export function jobResultFromBody(body: JobResultBody, jobName: string): JobResult {
  const failure = body['failure-cause'];
  return {
    jobId: body.id,
    jobName,
    state: JOB_STATUS[body['application-status']],
    netRuntimeMs: body['net-runtime'],
    accumulators: readAccumulators(body['accumulator-results']),
    ...(failure !== undefined ? { error: readFailure(failure) } : {}),
  };
}

/** Each accumulator by name as base64 JSON: strings where Flink puts its Java-serialized values. */
export function encodeAccumulators(results: readonly AccumulatorResult[]): Record<string, string> {
  return Object.fromEntries(results.map(({ name, ...rest }) => [name, Buffer.from(JSON.stringify(rest)).toString('base64')]));
}

/** Accumulators as the server encoded them; a value in another server's encoding is left out. */
function readAccumulators(encoded: Readonly<Record<string, string>> | undefined): AccumulatorResult[] {
  const results: AccumulatorResult[] = [];
  for (const [name, value] of Object.entries(encoded ?? {})) {
    try {
      const parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Omit<AccumulatorResult, 'name'>;
      if (typeof parsed === 'object' && parsed !== null && ('kind' in parsed || 'failure' in parsed)) results.push({ name, ...parsed } as AccumulatorResult);
    } catch {
      // Not Weir's encoding.
    }
  }
  return results;
}
