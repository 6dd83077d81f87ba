/**
 * `weir jobmanager` and `weir taskmanager`: long-running cluster processes that stop
 * cleanly on SIGTERM or SIGINT; a JobManager also on `DELETE /cluster`.
 */
import { startJobManager } from '../cluster/job-manager-runner.js';
import { startTaskManager } from '../cluster/task-manager-runner.js';
import { logDirectory } from '../cluster/log-directory.js';
import { cliConfiguration } from './cli-configuration.js';
import type { CommonOptions } from './main.js';

function untilStopped(close: () => Promise<void>, requested?: Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    void requested?.then(stop);
  });
}

export async function jobManagerCommand(options: CommonOptions): Promise<number> {
  const config = cliConfiguration(options);
  const jobManager = await startJobManager(config, { logDir: logDirectory(), restShutdown: true });
  process.stderr.write(`JobManager running: RPC ${jobManager.rpcHostPort}${jobManager.restUrl !== undefined ? `, REST ${jobManager.restUrl}` : ''}\n`);
  return untilStopped(() => jobManager.close(), jobManager.shutdownRequested);
}

export async function taskManagerCommand(options: CommonOptions & { jobmanager: string; resourceId?: string }): Promise<number> {
  const config = cliConfiguration(options);
  const taskManager = await startTaskManager(config, {
    jobManager: options.jobmanager,
    ...(options.resourceId !== undefined ? { resourceId: options.resourceId } : {}),
    onRegistered: () => process.stderr.write(`TaskManager ${taskManager.resourceId} registered with the JobManager at ${options.jobmanager}\n`),
  });
  process.stderr.write(`TaskManager ${taskManager.resourceId} running: RPC ${taskManager.rpcAddress}\n`);
  return untilStopped(() => taskManager.close());
}
