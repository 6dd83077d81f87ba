/**
 * The live line `weir run` shows while it waits for a job: state, records in and out per
 * second, the last checkpoint and restarts. On a terminal it is one line redrawn in
 * place; otherwise a plain line every few seconds, so logs stay readable.
 */
import { TERMINAL_JOB_STATES, type JobStatus } from '../api/job-client.js';
import type { RestClient } from '../client/rest-client.js';
import type { DispatcherGateway } from '../dispatcher/dispatcher-gateway.js';
import { MetricFetcher } from '../metrics/metric-fetcher.js';
import { numberOf } from '../metrics/vertex-io.js';

/** What one look at a job shows. */
export interface ProgressSample {
  readonly state: JobStatus;
  /** Records read and written by all of the job's tasks so far. */
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly lastCheckpoint: { readonly id: number; readonly completedAt: number } | undefined;
  readonly restarts: number;
}

export type ProgressSource = (jobId: string) => Promise<ProgressSample>;

/** Progress over a cluster's REST API (`weir run --jobmanager`). */
export function restProgressSource(client: RestClient): ProgressSource {
  return async (jobId) => {
    const details = await client.jobDetails(jobId);
    let recordsIn = 0;
    let recordsOut = 0;
    for (const vertex of details.vertices) {
      recordsIn += vertex.metrics['read-records'];
      recordsOut += vertex.metrics['write-records'];
    }
    const checkpoints = await client.checkpointStatistics(jobId).catch(() => undefined);
    const completed = checkpoints?.latest.completed;
    const restarts = await client.jobExceptions(jobId).then(
      (e) => e.exceptionHistory.entries.length,
      () => 0,
    );
    return {
      state: details.state,
      recordsIn,
      recordsOut,
      lastCheckpoint: completed === null || completed === undefined ? undefined : { id: completed.id, completedAt: completed.latest_ack_timestamp },
      restarts,
    };
  };
}

/** Progress from the Dispatcher itself (the embedded mini cluster and application mode). */
export function dispatcherProgressSource(dispatcher: DispatcherGateway): ProgressSource {
  const metrics = new MetricFetcher(dispatcher, 500);
  return async (jobId) => {
    const details = await dispatcher.requestJobDetails(jobId);
    const store = await metrics.fetch();
    let recordsIn = 0;
    let recordsOut = 0;
    for (const vertex of details.vertices) {
      for (const subtask of store.subtasks(jobId, vertex.id)) {
        recordsIn += numberOf(subtask.metrics, 'numRecordsIn');
        recordsOut += numberOf(subtask.metrics, 'numRecordsOut');
      }
    }
    const stats = await dispatcher.requestCheckpointStats(jobId).catch(() => undefined);
    const latest = stats?.completed[stats.completed.length - 1];
    return {
      state: details.state,
      recordsIn,
      recordsOut,
      lastCheckpoint: latest === undefined ? undefined : { id: latest.id, completedAt: latest.completedAt },
      restarts: details.exceptions.length,
    };
  };
}

export interface ProgressLineOptions {
  readonly source: ProgressSource;
  readonly stream: NodeJS.WriteStream;
  /** How often the job is looked at; default 1 s. */
  readonly intervalMs?: number;
  /** Without a terminal, how often a plain line is printed; default 5 s. */
  readonly plainEveryMs?: number;
  readonly now?: () => number;
  /** Redraw one line in place on a terminal; false when job output shares the terminal. */
  readonly live?: boolean;
}

export function formatProgress(sample: ProgressSample, inPerSecond: number, outPerSecond: number, now: number): string {
  const checkpoint =
    sample.lastCheckpoint === undefined ? 'no checkpoint yet' : `checkpoint ${sample.lastCheckpoint.id} ${ago(now - sample.lastCheckpoint.completedAt)}`;
  return `${sample.state}  in ${rate(inPerSecond)}/s  out ${rate(outPerSecond)}/s  ${checkpoint}  restarts ${sample.restarts}`;
}

function rate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return String(Math.round(perSecond));
}

function ago(ms: number): string {
  return ms < 1000 ? 'just now' : `${Math.round(ms / 1000)} s ago`;
}

/** Follows one job until it ends or `stop()` is called. */
export class ProgressLine {
  readonly #options: ProgressLineOptions;
  #stopped = false;
  #drawn = false;
  #loop: Promise<void> | undefined;
  /** Ends the current wait between two looks, so stopping never waits out an interval. */
  #wake: (() => void) | undefined;

  constructor(options: ProgressLineOptions) {
    this.#options = options;
  }

  follow(jobId: string): void {
    this.#loop ??= this.#run(jobId);
  }

  /** Writes `text` as a line of its own, keeping the live line below it. */
  print(text: string): void {
    this.#clear();
    this.#options.stream.write(`${text}\n`);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
    this.#clear();
  }

  async #run(jobId: string): Promise<void> {
    const { source, stream } = this.#options;
    const now = this.#options.now ?? Date.now;
    const interval = this.#options.intervalMs ?? 1000;
    const plainEvery = this.#options.plainEveryMs ?? 5000;
    let previous: { sample: ProgressSample; at: number } | undefined;
    let lastPlain = now();
    while (!this.#stopped) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
      if (this.#stopped) break;
      let sample: ProgressSample;
      try {
        sample = await source(jobId);
      } catch {
        continue;
      }
      const at = now();
      const seconds = previous === undefined ? 0 : (at - previous.at) / 1000;
      const inRate = seconds > 0 && previous !== undefined ? Math.max(0, sample.recordsIn - previous.sample.recordsIn) / seconds : 0;
      const outRate = seconds > 0 && previous !== undefined ? Math.max(0, sample.recordsOut - previous.sample.recordsOut) / seconds : 0;
      previous = { sample, at };
      const line = formatProgress(sample, inRate, outRate, at);
      if (stream.isTTY && this.#options.live !== false) {
        stream.write(`\r\x1b[K${line}`);
        this.#drawn = true;
      } else if (at - lastPlain >= plainEvery) {
        stream.write(`${line}\n`);
        lastPlain = at;
      }
      if (TERMINAL_JOB_STATES.has(sample.state)) break;
    }
  }

  #clear(): void {
    if (!this.#drawn) return;
    this.#options.stream.write('\r\x1b[K');
    this.#drawn = false;
  }
}
