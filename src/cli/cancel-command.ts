/** `weir cancel JOBID`: cancels a job and waits (within --timeout) until it has ended. */
import { TERMINAL_JOB_STATES, type JobStatus } from '../api/job-client.js';
import { RestClient } from '../client/rest-client.js';
import { formatDuration } from '../config/index.js';
import { WeirError } from '../core/errors.js';
import { cliConfiguration } from './cli-configuration.js';
import { parseJobId, parseTimeout, restBaseUrl } from './cli-values.js';
import type { ClusterCommandOptions } from './main.js';

export interface CancelOptions extends ClusterCommandOptions {
  readonly timeout?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Polls the job's status until it is terminal; resolves with it. */
export async function awaitTerminal(client: RestClient, jobId: string, timeoutMs: number): Promise<JobStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status } = await client.jobStatus(jobId);
    if (TERMINAL_JOB_STATES.has(status)) return status;
    if (Date.now() >= deadline) {
      throw new WeirError('REST_TIMEOUT', `job ${jobId} is still ${status} after ${formatDuration(timeoutMs)}; 'weir list' shows when it ends`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function cancelCommand(jobIdText: string, options: CancelOptions): Promise<number> {
  const jobId = parseJobId(jobIdText);
  const timeoutMs = options.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseTimeout(options.timeout);
  const client = new RestClient({ baseUrl: restBaseUrl(options.jobmanager, cliConfiguration(options)) });
  process.stdout.write(`Cancelling job ${jobId}.\n`);
  await client.cancelJob(jobId);
  const status = await awaitTerminal(client, jobId, timeoutMs);
  if (status !== 'CANCELED') throw new WeirError('JOB_FAILED', `job ${jobId} ended ${status} before the cancellation took effect`);
  process.stdout.write(`Cancelled job ${jobId}.\n`);
  return 0;
}
