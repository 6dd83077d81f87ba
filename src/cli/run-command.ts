import { MiniCluster } from '../cluster/mini-cluster.js';
import { startJobManager } from '../cluster/job-manager-runner.js';
import { logDirectory } from '../cluster/log-directory.js';
import { environmentDefaults } from '../cluster/settings.js';
import { unreportedFailures } from '../client/job-outcome.js';
import { RESOURCE_MANAGER_DRIVER, type Configuration } from '../config/index.js';
import { WeirError } from '../core/errors.js';
import { cliConfiguration } from './cli-configuration.js';
import { clusterPath, restBaseUrl } from './cli-values.js';
import { dispatcherTarget, type ClusterTarget, type SavepointRestore } from './cluster-target.js';
import type { CommonOptions } from './main.js';
import { printError } from './main.js';
import { prepareProgram, type PreparedProgram } from './program-runner.js';
import { remoteTarget } from './remote-target.js';

/** `run` and `run-application` flags beyond the common ones (Flink's -s, -n, -m, -d). */
export interface RunOptions extends CommonOptions {
  readonly fromSavepoint?: string;
  readonly allowNonRestoredState?: boolean;
  readonly jobmanager?: string;
  readonly detached?: boolean;
  readonly web?: boolean;
}

function savepointRestore(options: RunOptions): SavepointRestore {
  if (options.fromSavepoint === undefined) return undefined;
  return { path: clusterPath(options.fromSavepoint), allowNonRestoredState: options.allowNonRestoredState === true };
}

/**
 * Runs the program's main against a target and waits for every job it submitted. A job
 * that failed without the program seeing it (executeAsync, result never read) is reported
 * here and fails the run, so no failure passes silently.
 */
async function runProgram(job: string, args: readonly string[], configuration: Configuration, target: () => Promise<ClusterTarget>): Promise<number> {
  const program = await prepareProgram(job, args);
  let cluster: ClusterTarget | undefined;
  try {
    cluster = await target();
    const run = runJobs(program, cluster, { entry: job, args, defaults: environmentDefaults(configuration) });
    const interrupts = cluster.interrupts;
    const failures = interrupts === undefined ? await run : await Promise.race([run, interrupts.interrupted.then(() => [])]);
    // Cancelled on the user's word: the interrupt handler has said what it did.
    if (interrupts?.isEnding() === true) return await interrupts.interrupted;
    for (const failure of failures) printError(failure);
    return failures.length > 0 ? 1 : 0;
  } catch (error) {
    printError(error);
    return 1;
  } finally {
    await cluster?.close();
    await program.dispose();
  }
}

/** Runs the main, waits for the jobs, and returns the failures to report: the program's own, or those of jobs it never read. */
async function runJobs(program: PreparedProgram, cluster: ClusterTarget, spec: Parameters<ClusterTarget['executor']>[1]): Promise<unknown[]> {
  const executor = await cluster.executor(program, spec);
  let programFailure: { readonly error: unknown } | undefined;
  try {
    await program.run(executor);
  } catch (error) {
    programFailure = { error };
  }
  const outcomes = await executor.awaitSubmittedJobs();
  await cluster.report?.(outcomes);
  if (programFailure !== undefined) return [programFailure.error];
  return unreportedFailures(outcomes).map((failure) => failure.error);
}

/**
 * `weir run`: runs the program's main with its jobs on an embedded mini cluster, or with
 * `--jobmanager` on a running cluster through its REST API.
 */
export async function runCommand(job: string, args: readonly string[], options: RunOptions): Promise<number> {
  const configuration = cliConfiguration(options);
  const restore = savepointRestore(options);
  if (options.jobmanager !== undefined) {
    const baseUrl = restBaseUrl(options.jobmanager, configuration);
    return runProgram(job, args, configuration, async () => remoteTarget({ baseUrl, detached: options.detached === true, savepointRestore: restore }));
  }
  if (options.detached === true) {
    throw new WeirError(
      'CLI_USAGE',
      '--detached needs --jobmanager HOST:PORT: the embedded mini cluster ends with this command, so there is nothing to detach from',
    );
  }
  return runProgram(job, args, configuration, async () => {
    const cluster = await MiniCluster.start({ configuration, web: options.web === true });
    if (cluster.rest !== undefined) process.stderr.write(`Web dashboard and REST API: ${cluster.rest.address}\n`);
    return dispatcherTarget(() => cluster.dispatcherGateway(), () => cluster.close(), restore);
  });
}

/**
 * `weir run-application`: a cluster for this one program. The JobManager runs here with
 * the program's main; TaskManager processes are started on demand (native mode) unless
 * the configuration names a driver; everything stops when the program's jobs end.
 */
export async function runApplicationCommand(job: string, args: readonly string[], options: RunOptions): Promise<number> {
  // A cluster for one job has no one to start its TaskManagers by hand: it starts them itself,
  // whatever a shared config.yaml says for session clusters, unless -D asks otherwise.
  const explicitDriver = options.define.some((d) => d.replace(/^-D/, '').trim().startsWith(`${RESOURCE_MANAGER_DRIVER.key}=`));
  let configuration = cliConfiguration(options);
  if (!explicitDriver) configuration = configuration.set(RESOURCE_MANAGER_DRIVER, 'process');
  const config = configuration;
  const restore = savepointRestore(options);
  return runProgram(job, args, config, async () => {
    const jobManager = await startJobManager(config, { logDir: logDirectory() });
    process.stderr.write(`Application cluster: JobManager at ${jobManager.rpcHostPort}\n`);
    return dispatcherTarget(() => jobManager.dispatcherGateway(), () => jobManager.close(), restore);
  });
}
