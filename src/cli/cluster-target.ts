/**
 * Where `weir run` sends a program's jobs: the embedded mini cluster, an application
 * cluster in this process, or a running cluster over REST. Each target gives an executor
 * and says how much of the jobs' lives it shows.
 */
import type { PipelineExecutor } from '../api/execution-context.js';
import { accumulatorText, accumulatorType } from '../api/accumulators.js';
import { dispatcherProgressSource, ProgressLine } from './progress-line.js';
import { DispatcherExecutor } from '../client/dispatcher-executor.js';
import type { JobOutcome, OutcomeReporting } from '../client/job-outcome.js';
import type { DispatcherGateway, JobSubmission } from '../dispatcher/dispatcher-gateway.js';
import type { ProgramSpec } from '../runtime/deployment.js';
import type { InterruptHandler } from './attached-interrupt.js';
import type { PreparedProgram } from './program-runner.js';

export type SavepointRestore = JobSubmission['savepointRestore'];

export interface ClusterTarget {
  executor(program: PreparedProgram, spec: ProgramSpec): Promise<PipelineExecutor & OutcomeReporting>;
  /** Ctrl-C handling, for targets whose jobs outlive this process. */
  readonly interrupts?: InterruptHandler;
  /** Shows how the jobs ended, once all have. */
  report?(outcomes: readonly JobOutcome[]): Promise<void>;
  close(): Promise<void>;
}

export function reportSubmission(jobId: string, name: string): void {
  process.stderr.write(`Job '${name}' has been submitted with JobID ${jobId}\n`);
}

/** Flink's "Accumulator Results:" block for a finished job; nothing when it has none. */
export function accumulatorLines(outcome: JobOutcome): string[] {
  if (outcome.kind !== 'finished' || outcome.result.accumulators.length === 0) return [];
  return ['Accumulator Results:', ...outcome.result.accumulators.map((a) => `- ${a.name} (${accumulatorType(a)}): ${accumulatorText(a)}`)];
}

/** A cluster in this process, reached through its Dispatcher. */
export function dispatcherTarget(
  gateway: () => Promise<DispatcherGateway>,
  close: () => Promise<void>,
  savepointRestore: SavepointRestore,
): ClusterTarget {
  let progress: ProgressLine | undefined;
  return {
    async executor(program, spec) {
      const dispatcher = await gateway();
      // print() output of an embedded job lands in this terminal too, so no line is redrawn over it.
      const line = new ProgressLine({ source: dispatcherProgressSource(dispatcher), stream: process.stderr, live: false });
      progress = line;
      return new DispatcherExecutor({
        dispatcher,
        artifact: program.artifact.bytes,
        program: spec,
        ...(savepointRestore !== undefined ? { savepointRestore } : {}),
        onSubmitted: (jobId, name) => {
          reportSubmission(jobId, name);
          line.follow(jobId);
        },
      });
    },
    async report(outcomes) {
      await progress?.stop();
      for (const outcome of outcomes) for (const line of accumulatorLines(outcome)) process.stderr.write(`${line}\n`);
    },
    async close() {
      await progress?.stop();
      await close();
    },
  };
}
