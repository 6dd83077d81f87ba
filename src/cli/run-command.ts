import { MiniCluster } from '../cluster/mini-cluster.js';
import { environmentDefaults } from '../cluster/settings.js';
import { DispatcherExecutor } from '../client/dispatcher-executor.js';
import { cliConfiguration } from './cli-configuration.js';
import type { CommonOptions } from './main.js';
import { printError } from './main.js';
import { prepareProgram } from './program-runner.js';

/** `weir run`: runs the program's main with its jobs on an embedded mini cluster. */
export async function runCommand(job: string, args: readonly string[], options: CommonOptions): Promise<number> {
  const configuration = cliConfiguration(options);
  const program = await prepareProgram(job, args);
  const cluster = await MiniCluster.start({ configuration });
  try {
    const executor = new DispatcherExecutor({
      dispatcher: await cluster.dispatcherGateway(),
      artifact: program.artifact.bytes,
      program: { entry: job, args, defaults: environmentDefaults(configuration) },
      onSubmitted: (jobId, name) => process.stderr.write(`Job '${name}' has been submitted with JobID ${jobId}\n`),
    });
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
    await cluster.close();
    await program.dispose();
  }
}
