/**
 * Runs an uploaded artifact's main to learn the job it submits, as Flink's JarRunHandler
 * runs a jar's main with a capturing environment. User code never runs on the REST
 * server's thread: each run gets a fresh worker thread (so globals, timers and modules a
 * program leaves behind die with it), a heap limit and a time limit.
 */
import { Worker } from 'node:worker_threads';
import { WeirError, type SerializedError } from '../core/errors.js';
import { formatDuration } from '../config/index.js';
import type { JobGraph } from '../graph/job-graph.js';
import type { ProgramSpec } from '../runtime/deployment.js';

export interface JarRunRequest {
  /** The artifact on this machine, an ES module. */
  readonly artifactPath: string;
  readonly program: ProgramSpec;
  /** The id to give the job; a fresh one when absent. */
  readonly jobId?: string;
}

/** Resolves with the JobGraph of the program's first execute() call. */
export type JarRunner = (request: JarRunRequest) => Promise<JobGraph>;

/** What the program thread posts back: one message, then it is terminated. */
export type JarProgramReply =
  | { readonly type: 'graph'; readonly jobGraph: JobGraph }
  | { readonly type: 'error'; readonly error: SerializedError };

export interface JarRunnerOptions {
  /** How long a program may take to reach its first execute(); default 30 s. */
  readonly timeoutMs?: number;
  /** Heap limit of the program's thread; default 512 MB. */
  readonly heapMb?: number;
  /** Programs run at once; more wait their turn, so a burst of runs cannot exhaust the JobManager's memory. Default 2. */
  readonly maxConcurrent?: number;
}

const PROGRAM_THREAD_SCRIPT = new URL('./jar-program-thread.js', import.meta.url);

/**
 * @example
 * const runJar = createJarRunner({ timeoutMs: 10_000 });
 * const jobGraph = await runJar({ artifactPath, program: { entry: 'job.mjs', args: [], defaults } });
 */
export function createJarRunner(options: JarRunnerOptions = {}): JarRunner {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const heapMb = options.heapMb ?? 512;
  const turns = new Turns(options.maxConcurrent ?? 2);
  const runOne = (request: JarRunRequest): Promise<JobGraph> =>
    new Promise<JobGraph>((resolve, reject) => {
      const worker = new Worker(PROGRAM_THREAD_SCRIPT, {
        workerData: request,
        resourceLimits: { maxOldGenerationSizeMb: heapMb },
      });
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
        // The program's main never returns from its captured execute(); end it here.
        void worker.terminate();
      };
      const timer = setTimeout(
        () =>
          settle(() =>
            reject(
              new WeirError(
                'ARTIFACT_LOAD_TIMEOUT',
                `the program did not call execute() within ${formatDuration(timeoutMs)}, so it was stopped; a program's main must build its job without waiting on anything outside it`,
              ),
            ),
          ),
        timeoutMs,
      );
      worker.on('message', (reply: JarProgramReply) =>
        settle(() => (reply.type === 'graph' ? resolve(reply.jobGraph) : reject(programError(reply.error.message)))),
      );
      worker.on('error', (error) => settle(() => reject(programError(error.message))));
      worker.on('exit', (code) =>
        settle(() =>
          reject(
            new WeirError(
              'ARTIFACT_LOAD_FAILED',
              code === 0
                ? 'the program ended without calling execute(): it submitted no job'
                : `the program stopped (exit code ${code}) before it called execute()`,
            ),
          ),
        ),
      );
    });
  // The time limit starts with the program's turn, not with the request.
  return (request) => turns.run(() => runOne(request));
}

/** A counting semaphore: at most `limit` tasks run at once, the rest in arrival order. */
class Turns {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      // A waiter inherits the finished task's turn, so the count stays right.
      if (next !== undefined) next();
      else this.#running--;
    }
  }
}

function programError(message: string): WeirError {
  return new WeirError('ARTIFACT_LOAD_FAILED', `the program failed before it submitted a job: ${message}`);
}
