import type { PipelineExecutor } from '../api/execution-context.js';
import { MiniCluster } from '../cluster/mini-cluster.js';
import { startJobManager } from '../cluster/job-manager-runner.js';
import { logDirectory } from '../cluster/log-directory.js';
import { environmentDefaults } from '../cluster/settings.js';
import { DispatcherExecutor } from '../client/dispatcher-executor.js';
import { RESOURCE_MANAGER_DRIVER, type Configuration } from '../config/index.js';
import type { DispatcherGateway } from '../dispatcher/dispatcher-gateway.js';
import type { ProgramSpec } from '../runtime/deployment.js';
import { cliConfiguration } from './cli-configuration.js';
import type { CommonOptions } from './main.js';
import { printError } from './main.js';
import { prepareProgram, type PreparedProgram } from './program-runner.js';

/** Where a program's jobs go, and how to let go of it afterwards. */
interface ClusterTarget {
  executor(program: PreparedProgram, spec: ProgramSpec): Promise<PipelineExecutor & { awaitSubmittedJobs(): Promise<void> }>;
  close(): Promise<void>;
}

function reportSubmission(jobId: string, name: string): void {
  process.stderr.write(`Job '${name}' has been submitted with JobID ${jobId}\n`);
}

function dispatcherTarget(gateway: () => Promise<DispatcherGateway>, close: () => Promise<void>): ClusterTarget {
  return {
    async executor(program, spec) {
      return new DispatcherExecutor({
        dispatcher: await gateway(),
        artifact: program.artifact.bytes,
        program: spec,
        onSubmitted: reportSubmission,
      });
    },
    close,
  };
}

/** Runs the program's main against a target and waits for every job it submitted. */
async function runProgram(job: string, args: readonly string[], configuration: Configuration, target: () => Promise<ClusterTarget>): Promise<number> {
  const program = await prepareProgram(job, args);
  let cluster: ClusterTarget | undefined;
  try {
    cluster = await target();
    const executor = await cluster.executor(program, { entry: job, args, defaults: environmentDefaults(configuration) });
    try {
      await program.run(executor);
    } finally {
      await executor.awaitSubmittedJobs();
    }
    return 0;
  } catch (error) {
    printError(error);
    return 1;
  } finally {
    await cluster?.close();
    await program.dispose();
  }
}

/** `weir run`: runs the program's main with its jobs on an embedded mini cluster. */
export async function runCommand(job: string, args: readonly string[], options: CommonOptions): Promise<number> {
  const configuration = cliConfiguration(options);
  return runProgram(job, args, configuration, async () => {
    const cluster = await MiniCluster.start({ configuration });
    return dispatcherTarget(() => cluster.dispatcherGateway(), () => cluster.close());
  });
}

/**
 * `weir run-application`: a cluster for this one program. The JobManager runs here with
 * the program's main; TaskManager processes are started on demand (native mode) unless
 * the configuration names a driver; everything stops when the program's jobs end.
 */
export async function runApplicationCommand(job: string, args: readonly string[], options: CommonOptions): Promise<number> {
  let configuration = cliConfiguration(options);
  if (!configuration.has(RESOURCE_MANAGER_DRIVER)) configuration = configuration.set(RESOURCE_MANAGER_DRIVER, 'process');
  const config = configuration;
  return runProgram(job, args, config, async () => {
    const jobManager = await startJobManager(config, { logDir: logDirectory() });
    process.stderr.write(`Application cluster: JobManager at ${jobManager.rpcHostPort}\n`);
    return dispatcherTarget(() => jobManager.dispatcherGateway(), () => jobManager.close());
  });
}
