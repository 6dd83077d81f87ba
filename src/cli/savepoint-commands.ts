/**
 * `weir savepoint JOBID [DIR]` and `weir stop JOBID [--savepoint-dir DIR] [--drain]`:
 * trigger the operation over REST, then poll its trigger id until the savepoint is
 * written (within --timeout, 10 min by default) and print its path, as Flink's CLI does.
 */
import { awaitSavepoint } from '../client/async-operation.js';
import { RestClient } from '../client/rest-client.js';
import { WeirError } from '../core/errors.js';
import { cliConfiguration } from './cli-configuration.js';
import { clusterPath, parseJobId, parseTimeout, restBaseUrl } from './cli-values.js';
import type { ClusterCommandOptions } from './main.js';

export interface SavepointOptions extends ClusterCommandOptions {
  readonly timeout?: string;
}

export interface StopOptions extends SavepointOptions {
  readonly savepointDir?: string;
  readonly drain?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

interface Prepared {
  readonly jobId: string;
  readonly client: RestClient;
  readonly timeoutMs: number;
}

function prepare(jobIdText: string, options: SavepointOptions): Prepared {
  return {
    jobId: parseJobId(jobIdText),
    client: new RestClient({ baseUrl: restBaseUrl(options.jobmanager, cliConfiguration(options)) }),
    timeoutMs: options.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseTimeout(options.timeout),
  };
}

/** The operation's failure with what the user can do about it on this command line. */
function explain(error: unknown, what: string, directoryHint: string): never {
  if (error instanceof WeirError && error.code === 'CHECKPOINTING_DISABLED') {
    throw new WeirError(
      'CHECKPOINTING_DISABLED',
      `${what} failed: the job has no savepoint directory; ${directoryHint}, or set execution.checkpointing.savepoint-dir on the JobManager`,
    );
  }
  if (error instanceof WeirError) throw new WeirError(error.code, `${what} failed: ${error.message}`, { cause: error });
  throw error;
}

export async function savepointCommand(jobIdText: string, targetDirectory: string | undefined, options: SavepointOptions): Promise<number> {
  const { jobId, client, timeoutMs } = prepare(jobIdText, options);
  const what = `Triggering a savepoint for job ${jobId}`;
  process.stdout.write(`Triggering savepoint for job ${jobId}.\n`);
  let path: string;
  try {
    const body = targetDirectory === undefined ? {} : { 'target-directory': clusterPath(targetDirectory) };
    const { 'request-id': triggerId } = await client.triggerSavepoint(jobId, body);
    process.stdout.write('Waiting for response...\n');
    path = await awaitSavepoint(client, jobId, triggerId, { timeoutMs });
  } catch (error) {
    explain(error, what, `name one: weir savepoint ${jobId} <directory>`);
  }
  process.stdout.write(`Savepoint completed. Path: ${path}\n`);
  process.stdout.write('You can resume your program from this savepoint with the run command.\n');
  return 0;
}

export async function stopCommand(jobIdText: string, options: StopOptions): Promise<number> {
  const { jobId, client, timeoutMs } = prepare(jobIdText, options);
  const drain = options.drain === true;
  process.stdout.write(`${drain ? 'Draining' : 'Suspending'} job "${jobId}" with a savepoint.\n`);
  let path: string;
  try {
    const { 'request-id': triggerId } = await client.stopWithSavepoint(jobId, {
      drain,
      ...(options.savepointDir !== undefined ? { targetDirectory: clusterPath(options.savepointDir) } : {}),
    });
    path = await awaitSavepoint(client, jobId, triggerId, { timeoutMs });
  } catch (error) {
    explain(error, `Stopping job ${jobId} with a savepoint`, 'name one with --savepoint-dir <directory>');
  }
  process.stdout.write(`Savepoint completed. Path: ${path}\n`);
  return 0;
}
