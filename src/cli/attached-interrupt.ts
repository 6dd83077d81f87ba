/**
 * Ctrl-C during an attached remote run. The jobs live on the cluster, so leaving would
 * leave them running: on a terminal the user is asked whether to cancel them; without
 * one (a script, a supervisor's SIGINT) they are cancelled, and the run ends either way.
 */
import { createInterface } from 'node:readline';
import type { RestClient } from '../client/rest-client.js';
import { WeirError, errorMessage } from '../core/errors.js';
import { awaitTerminal } from './cancel-command.js';

export interface InterruptOptions {
  readonly client: RestClient;
  /** The jobs submitted so far. */
  readonly jobIds: () => readonly string[];
  readonly write: (line: string) => void;
  /** Whether to ask first; default: when stdin is a terminal. */
  readonly interactive?: boolean;
}

/** The exit code of a run ended by SIGINT, by shell convention. */
export const INTERRUPTED_EXIT_CODE = 130;
const CANCEL_TIMEOUT_MS = 30_000;

export interface InterruptHandler {
  /** Resolves with the exit code once an interrupt ended the run. */
  readonly interrupted: Promise<number>;
  /** An interrupt is ending the run: the jobs' ends it causes are no failures to report. */
  isEnding(): boolean;
  dispose(): void;
}

export function handleInterrupts(options: InterruptOptions): InterruptHandler {
  let end: (code: number) => void = () => {};
  const interrupted = new Promise<number>((resolve) => (end = resolve));
  const interactive = options.interactive ?? process.stdin.isTTY === true;
  let asking = false;
  let ending = false;

  const cancelAll = async (): Promise<void> => {
    ending = true;
    await Promise.all(
      options.jobIds().map(async (jobId) => {
        try {
          await options.client.cancelJob(jobId);
          const status = await awaitTerminal(options.client, jobId, CANCEL_TIMEOUT_MS);
          options.write(status === 'CANCELED' ? `Cancelled job ${jobId}.` : `Job ${jobId} had already ended ${status}.`);
        } catch (error) {
          // The job ended before the cancel reached it: nothing is left running.
          if (error instanceof WeirError && error.code === 'REST_CONFLICT') options.write(`Job ${jobId} had already ended.`);
          else options.write(`Could not cancel job ${jobId}: ${errorMessage(error)}`);
        }
      }),
    );
    end(INTERRUPTED_EXIT_CODE);
  };

  const ask = (): void => {
    asking = true;
    const count = options.jobIds().length;
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    let answered = false;
    prompt.on('SIGINT', () => {
      // A second Ctrl-C at the prompt leaves at once, jobs untouched.
      answered = true;
      ending = true;
      prompt.close();
      options.write(`Left ${count === 1 ? 'the job' : `the ${count} jobs`} running on the cluster; 'weir cancel JOBID' stops ${count === 1 ? 'it' : 'them'}.`);
      end(INTERRUPTED_EXIT_CODE);
    });
    prompt.question(count === 1 ? 'Cancel the job? [y/N] ' : `Cancel the ${count} jobs? [y/N] `, (answer) => {
      answered = true;
      prompt.close();
      asking = false;
      if (/^y(es)?$/i.test(answer.trim())) void cancelAll();
      else options.write(`${count === 1 ? 'The job keeps' : 'The jobs keep'} running; waiting for ${count === 1 ? 'it' : 'them'} to end.`);
    });
    prompt.on('close', () => {
      // Stdin ended without an answer: do as the safe default says, keep the jobs.
      if (!answered) asking = false;
    });
  };

  const onSigint = (): void => {
    if (asking) return;
    if (options.jobIds().length === 0) {
      ending = true;
      end(INTERRUPTED_EXIT_CODE);
      return;
    }
    if (interactive) {
      ask();
      return;
    }
    options.write(`Interrupted: cancelling ${options.jobIds().join(', ')}.`);
    void cancelAll();
  };
  process.on('SIGINT', onSigint);
  return {
    interrupted,
    isEnding: () => ending,
    dispose: () => {
      process.off('SIGINT', onSigint);
    },
  };
}
