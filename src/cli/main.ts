/**
 * The `weir` command. Each subcommand is a small function; this file only parses the
 * command line, in Flink's CLI shape (`weir run [options] <job> [job args]`).
 */
import { Command, CommanderError } from 'commander';
import { WeirError, errorMessage } from '../core/errors.js';
import { runApplicationCommand, runCommand, type RunOptions } from './run-command.js';
import { infoCommand } from './info-command.js';
import { jobManagerCommand, taskManagerCommand } from './daemon-commands.js';
import { clusterStartCommand, clusterStopCommand } from './cluster-command.js';
import { listCommand, type ListOptions } from './list-command.js';
import { cancelCommand, type CancelOptions } from './cancel-command.js';
import { savepointCommand, stopCommand, type SavepointOptions, type StopOptions } from './savepoint-commands.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface CommonOptions {
  readonly confDir?: string;
  readonly define: string[];
  readonly parallelism?: string;
}

/** The commands that act on a running cluster through its REST API. */
export interface ClusterCommandOptions {
  readonly confDir?: string;
  readonly define: string[];
  readonly jobmanager?: string;
}

const JOBMANAGER_HELP = "the JobManager's REST address (default: rest.address:rest.port from the configuration)";

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

  const withSavepointOptions = (command: Command): Command =>
    command
      .option('-s, --from-savepoint <path>', 'start the job from this savepoint or retained checkpoint (its directory or _metadata file)')
      .option('-n, --allow-non-restored-state', 'drop savepoint state of operators the job no longer has, instead of refusing to start');

  withCommonOptions(
    withSavepointOptions(
      program
        .command('run')
        .description('run a job on the embedded mini cluster, or with --jobmanager on a running cluster')
        .option('-m, --jobmanager <host:port>', "the JobManager's REST address; without it the job runs on an embedded mini cluster")
        .option('-d, --detached', 'with --jobmanager: print the job id once submitted and exit, leaving the job running')
        .option('--web', 'serve the REST API and web dashboard on rest.port while the embedded mini cluster runs'),
    ),
  ).action(async (job: string, args: string[], options: RunOptions) => {
    exitCode = await runCommand(job, args, options);
  });

  withCommonOptions(
    withSavepointOptions(program.command('run-application').description('run a job on a cluster of its own that exits when the job ends')),
  ).action(async (job: string, args: string[], options: RunOptions) => {
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

  const withClusterOptions = (command: Command): Command =>
    withConfigOptions(command.option('-m, --jobmanager <host:port>', JOBMANAGER_HELP));

  withClusterOptions(
    program
      .command('list')
      .description('list the jobs of a running cluster')
      .option('-r, --running', 'show running and restarting jobs')
      .option('-s, --scheduled', 'show scheduled jobs')
      .option('-a, --all', 'show all jobs, terminated ones too'),
  ).action(async (options: ListOptions) => {
    exitCode = await listCommand(options);
  });

  withClusterOptions(
    program
      .command('cancel')
      .description('cancel a running job')
      .argument('<jobid>', 'the job to cancel')
      .option('--timeout <duration>', 'how long to wait for the job to end (default 1 min)'),
  ).action(async (jobId: string, options: CancelOptions) => {
    exitCode = await cancelCommand(jobId, options);
  });

  withClusterOptions(
    program
      .command('savepoint')
      .description("take a savepoint of a running job; without a directory it goes to execution.checkpointing.savepoint-dir")
      .argument('<jobid>', 'the job')
      .argument('[targetDirectory]', 'where to write the savepoint')
      .option('--timeout <duration>', 'how long to wait for the savepoint (default 10 min)'),
  ).action(async (jobId: string, targetDirectory: string | undefined, options: SavepointOptions) => {
    exitCode = await savepointCommand(jobId, targetDirectory, options);
  });

  withClusterOptions(
    program
      .command('stop')
      .description('stop a job with a savepoint: the sources end and the job finishes')
      .argument('<jobid>', 'the job')
      .option('-p, --savepoint-dir <dir>', 'where to write the savepoint (default execution.checkpointing.savepoint-dir)')
      .option('-d, --drain', 'end event time (MAX_WATERMARK) so every timer fires; see docs/cli.md for what Weir does today')
      .option('--timeout <duration>', 'how long to wait for the savepoint and the end of the job (default 10 min)'),
  ).action(async (jobId: string, options: StopOptions) => {
    exitCode = await stopCommand(jobId, options);
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
