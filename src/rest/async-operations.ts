/**
 * Flink's asynchronous-operation pattern (savepoints, stop, checkpoints): a POST starts
 * the work and answers a trigger id at once; GETs on the trigger id answer IN_PROGRESS
 * until it ends, then its result or failure. Ended operations stay readable for a while
 * (Flink's `rest.async.store-duration`, 5 min) and are then forgotten.
 */
import { randomBytes } from 'node:crypto';

export type OperationState<T> =
  | { readonly status: 'IN_PROGRESS' }
  | { readonly status: 'SUCCEEDED'; readonly value: T }
  | { readonly status: 'FAILED'; readonly error: unknown };

interface Entry<T> {
  state: OperationState<T>;
  endedAt: number | undefined;
}

export interface AsyncOperationsOptions {
  /** How long an ended operation stays readable; default 5 min. */
  readonly retentionMs?: number;
  /** Ended operations kept at most; the oldest go first. Default 1000. */
  readonly maxEnded?: number;
  readonly now?: () => number;
}

/** A new trigger id: 32 hexadecimal characters, like Flink's TriggerId. */
export function newTriggerId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * @example
 * const savepoints = new AsyncOperations<{ location: string }>();
 * const triggerId = savepoints.start(jobId, undefined, () => dispatcher.triggerSavepoint(jobId, null));
 * savepoints.get(jobId, triggerId); // { status: 'IN_PROGRESS' }, later { status: 'SUCCEEDED', value: { location } }
 */
export class AsyncOperations<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #retentionMs: number;
  readonly #maxEnded: number;
  readonly #now: () => number;

  constructor(options: AsyncOperationsOptions = {}) {
    this.#retentionMs = options.retentionMs ?? 5 * 60_000;
    this.#maxEnded = options.maxEnded ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Starts `run` under the client's trigger id or a new one. A trigger id already known for
   * the job names the operation it started: nothing new starts, so a client may retry a POST.
   */
  start(jobId: string, triggerId: string | undefined, run: () => Promise<T>): string {
    this.#sweep();
    const id = triggerId ?? newTriggerId();
    const key = `${jobId}/${id}`;
    if (this.#entries.has(key)) return id;
    const entry: Entry<T> = { state: { status: 'IN_PROGRESS' }, endedAt: undefined };
    this.#entries.set(key, entry);
    run().then(
      (value) => this.#end(entry, { status: 'SUCCEEDED', value }),
      (error: unknown) => this.#end(entry, { status: 'FAILED', error }),
    );
    return id;
  }

  /** The operation's state, or undefined for a trigger id this server does not know (or forgot). */
  get(jobId: string, triggerId: string): OperationState<T> | undefined {
    this.#sweep();
    return this.#entries.get(`${jobId}/${triggerId}`)?.state;
  }

  #end(entry: Entry<T>, state: OperationState<T>): void {
    entry.state = state;
    entry.endedAt = this.#now();
  }

  #sweep(): void {
    const oldest = this.#now() - this.#retentionMs;
    const ended: string[] = [];
    for (const [key, entry] of this.#entries) {
      if (entry.endedAt === undefined) continue;
      if (entry.endedAt < oldest) this.#entries.delete(key);
      else ended.push(key);
    }
    // Map order is insertion order, so the first ones are the oldest.
    for (const key of ended.slice(0, Math.max(0, ended.length - this.#maxEnded))) this.#entries.delete(key);
  }
}
