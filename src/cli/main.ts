/**
 * The `weir` command. Each subcommand is a small function; this file only parses the
 * command line, in Flink's CLI shape (`weir run [options] <job> [job args]`).
 */
import { Command, CommanderError } from 'commander';
import { WeirError, errorMessage } from '../core/errors.js';
import { runApplicationCommand, runCommand } from './run-command.js';
import { infoCommand } from './info-command.js';
import { jobManagerCommand, taskManagerCommand } from './daemon-commands.js';
import { clusterStartCommand, clusterStopCommand } from './cluster-command.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface CommonOptions {
  readonly confDir?: string;
  readonly define: string[];
  readonly parallelism?: string;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('weir')
    .description("Weir: a distributed stream processor for TypeScript with Apache Flink's runtime architecture")
    .enablePositionalOptions()
    .exitOverride()
    // A mistyped flag shows the command's usage, as Flink's CLI does; subcommands inherit this.
    .showHelpAfterError()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  const withCommonOptions = (command: Command): Command =>
    command
      .option('-D, --define <key=value>', 'set a configuration key (repeatable)', collect, [])
      .option('-p, --parallelism <n>', 'default parallelism of the job')
      .option('--conf-dir <dir>', 'directory holding config.yaml (default: $WEIR_CONF_DIR or ./conf)')
      .passThroughOptions()
      .argument('<job>', 'the job file (.ts or .js)')
      .argument('[args...]', "the job's own arguments");

  withCommonOptions(program.command('run').description('run a job on the embedded mini cluster')).action(
    async (job: string, args: string[], options: CommonOptions) => {
      exitCode = await runCommand(job, args, options);
    },
  );

  withCommonOptions(
    program.command('run-application').description('run a job on a cluster of its own that exits when the job ends'),
  ).action(async (job: string, args: string[], options: CommonOptions) => {
    exitCode = await runApplicationCommand(job, args, options);
  });

  withCommonOptions(
    program.command('info').description("print the job's JobGraph as Flink's plan JSON, with the slots it needs"),
  ).action(async (job: string, args: string[], options: CommonOptions) => {
    exitCode = await infoCommand(job, args, options);
  });

  const withConfigOptions = (command: Command): Command =>
    command
      .option('-D, --define <key=value>', 'set a configuration key (repeatable)', collect, [])
      .option('--conf-dir <dir>', 'directory holding config.yaml (default: $WEIR_CONF_DIR or ./conf)');

  withConfigOptions(program.command('jobmanager').description('run a JobManager: Dispatcher, ResourceManager, BlobServer and REST API')).action(
    async (options: CommonOptions) => {
      exitCode = await jobManagerCommand(options);
    },
  );

  withConfigOptions(
    program
      .command('taskmanager')
      .description('run a TaskManager that registers with a JobManager')
      .requiredOption('--jobmanager <host:port>', "the JobManager's RPC address (jobmanager.rpc.port, default 6123)")
      .option('--resource-id <id>', 'the id to register with (default: a new one)'),
  ).action(async (options: CommonOptions & { jobmanager: string; resourceId?: string }) => {
    exitCode = await taskManagerCommand(options);
  });

  const cluster = program.command('cluster').description('start or stop a standalone cluster of background processes');
  withConfigOptions(
    cluster.command('start').description('start a JobManager and TaskManagers in the background').option('--taskmanagers <n>', 'TaskManagers to start', '1'),
  ).action(async (options: CommonOptions & { taskmanagers: string }) => {
    exitCode = await clusterStartCommand(options);
  });
  cluster
    .command('stop')
    .description('stop the processes started by weir cluster start')
    .action(async () => {
      exitCode = await clusterStopCommand();
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    printError(error);
    return 1;
  }
}

/** Stacks help only when they are the user's: internal ones are noise next to a message that says what to do. */
export function printError(error: unknown): void {
  const userFailure = (error as { failureCode?: string }).failureCode === 'USER_FUNCTION_FAILED';
  if (error instanceof WeirError && !userFailure) {
    process.stderr.write(`weir: ${error.message}\n`);
    return;
  }
  process.stderr.write(`weir: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}\n`);
}
