/**
 * Prints each status change of the jobs an attached remote run submitted, by polling
 * their status over REST: `weir run --jobmanager` shows what Flink's attached client
 * shows while it waits.
 */
import { TERMINAL_JOB_STATES, type JobStatus } from '../api/job-client.js';
import type { RestClient } from '../client/rest-client.js';
import { jobLine } from './job-lines.js';

export interface JobStatusWatcherOptions {
  readonly client: RestClient;
  readonly write: (line: string) => void;
  /** Default 250 ms. */
  readonly pollIntervalMs?: number;
}

export class JobStatusWatcher {
  readonly #options: JobStatusWatcherOptions;
  readonly #loops: Promise<void>[] = [];
  #stopped = false;

  constructor(options: JobStatusWatcherOptions) {
    this.#options = options;
  }

  watch(jobId: string, name: string): void {
    this.#loops.push(this.#follow(jobId, name));
  }

  /** Waits (a bounded while) for every watched job's last change to print, then stops. */
  async finish(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.#loops), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    this.#stopped = true;
  }

  stop(): void {
    this.#stopped = true;
  }

  async #follow(jobId: string, name: string): Promise<void> {
    const interval = this.#options.pollIntervalMs ?? 250;
    let last: JobStatus | undefined;
    while (!this.#stopped) {
      try {
        const { status } = await this.#options.client.jobStatus(jobId);
        if (status !== last && !this.#stopped) {
          this.#options.write(jobLine(Date.now(), jobId, name, status));
          last = status;
        }
        if (TERMINAL_JOB_STATES.has(status)) return;
      } catch {
        // A poll that fails is retried; the job's result says what went wrong, if anything did.
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}
