/**
 * `weir run --jobmanager HOST:PORT`: the program's jobs go to a running cluster through
 * its REST API. Attached, the run prints each job's status changes and how it ended, and
 * Ctrl-C offers to cancel the jobs; detached, it prints the job ids and lets go.
 */
import { RestClient } from '../client/rest-client.js';
import { RestExecutor } from '../client/rest-executor.js';
import { handleInterrupts } from './attached-interrupt.js';
import { accumulatorLines, reportSubmission, type ClusterTarget, type SavepointRestore } from './cluster-target.js';
import { JobStatusWatcher } from './job-status-watcher.js';
import { ProgressLine, restProgressSource } from './progress-line.js';

export interface RemoteTargetOptions {
  readonly baseUrl: string;
  readonly detached: boolean;
  readonly savepointRestore: SavepointRestore;
}

const stderrLine = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function remoteTarget(options: RemoteTargetOptions): ClusterTarget {
  const client = new RestClient({ baseUrl: options.baseUrl });
  const restore = options.savepointRestore !== undefined ? { savepointRestore: options.savepointRestore } : {};
  if (options.detached) {
    return {
      async executor(program, spec) {
        return new RestExecutor({
          client,
          artifact: program.artifact.bytes,
          program: spec,
          detached: true,
          ...restore,
          // The job id is what a detached run produces, so it goes to stdout, where scripts read it.
          onSubmitted: (jobId) => process.stdout.write(`Job has been submitted with JobID ${jobId}\n`),
        });
      },
      close: async () => {},
    };
  }
  const submitted: string[] = [];
  const progress = new ProgressLine({ source: restProgressSource(client), stream: process.stderr });
  const watcher = new JobStatusWatcher({ client, write: (line) => progress.print(line) });
  const interrupts = handleInterrupts({ client, jobIds: () => submitted, write: stderrLine });
  return {
    async executor(program, spec) {
      return new RestExecutor({
        client,
        artifact: program.artifact.bytes,
        program: spec,
        ...restore,
        onSubmitted: (jobId, name) => {
          reportSubmission(jobId, name);
          submitted.push(jobId);
          watcher.watch(jobId, name);
          progress.follow(jobId);
        },
      });
    },
    interrupts,
    async report(outcomes) {
      await watcher.finish();
      await progress.stop();
      for (const outcome of outcomes) {
        if (outcome.kind !== 'finished') continue;
        stderrLine(`Job with JobID ${outcome.jobId} has finished.\nJob Runtime: ${outcome.result.netRuntimeMs} ms`);
        for (const line of accumulatorLines(outcome)) stderrLine(line);
      }
    },
    close: async () => {
      watcher.stop();
      await progress.stop();
      interrupts.dispose();
    },
  };
}
