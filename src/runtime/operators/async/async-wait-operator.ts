/**
 * Flink's AsyncWaitOperator. Each element starts a call of the user's AsyncFunction; its
 * completion, its timeout and its retries come back on the task's thread through the
 * operator's inbox (one task mailbox action drains it), so all state changes happen
 * between records. At most `capacity` calls are in flight: further input waits in
 * `overflow`, and `isBackpressured()` tells the task to stop feeding the operator until a
 * completion makes room (the task wakes on the mailbox action).
 *
 * Checkpoints store every element not emitted yet (in flight, completed but waiting for
 * its turn, or in overflow) with the watermarks between them, as operator list state;
 * a restore calls them again.
 */
import type { AsyncRetryStrategy, AsyncWaitOperatorSpec, ResultFuture } from '../../../api/async-data-stream.js';
import type { FunctionSnapshotContext } from '../../../api/checkpoint.js';
import { ListStateDescriptor } from '../../../api/state/state-descriptors.js';
import type { ListState } from '../../../api/state/state.js';
import { errorMessage, WeirError } from '../../../core/errors.js';
import { UserFunctionOperator, type OperatorEnvironment } from '../basic-operators.js';
import type { Output } from '../output.js';
import { userFailure } from '../user-failure.js';
import {
  OrderedStreamElementQueue,
  UnorderedStreamElementQueue,
  type QueueEntry,
  type RecordEntry,
  type StreamElementQueue,
} from './stream-element-queue.js';

/** One call in flight: its current attempt, timers and whether it is over. */
interface AsyncRequest {
  readonly entry: RecordEntry;
  attempt: number;
  done: boolean;
  timedOut: boolean;
  timeoutTimer: NodeJS.Timeout | undefined;
  retryTimer: NodeJS.Timeout | undefined;
}

/** An element as checkpointed: `['r', value, timestamp]` or `['w', watermark]`. */
type StoredElement = readonly ['r', unknown, number | null] | readonly ['w', number];

type Pending = { readonly kind: 'record'; readonly value: unknown; readonly timestamp: number | undefined } | { readonly kind: 'watermark'; readonly watermark: number };

const STATE_NAME = '_async_wait_operator_state_';

export class AsyncWaitOperator extends UserFunctionOperator {
  private readonly queue: StreamElementQueue;
  private readonly overflow: Pending[] = [];
  private readonly requests = new Set<AsyncRequest>();
  private readonly invoke: (input: unknown, resultFuture: ResultFuture<unknown>) => void | Promise<void>;
  private readonly onTimeoutFn: ((input: unknown, resultFuture: ResultFuture<unknown>) => void) | undefined;
  private readonly retry: AsyncRetryStrategy<unknown> | undefined;
  private readonly timeoutMs: number;
  private readonly capacity: number;
  private readonly scheduleOnTask: (action: () => void) => void;
  private readonly emitEntry = (entry: QueueEntry): void => this.emit(entry);
  private inbox: (() => void)[] = [];
  private inboxScheduled = false;
  private runningInbox = false;
  private finishing = false;
  private closed = false;
  private wakeFinisher: (() => void) | undefined;
  private pendingState: ListState<StoredElement> | undefined;
  private restored: readonly StoredElement[] = [];

  constructor(name: string, spec: AsyncWaitOperatorSpec, output: Output, environment: OperatorEnvironment) {
    super(name, output, environment, spec.userFunction);
    this.queue = spec.ordered ? new OrderedStreamElementQueue() : new UnorderedStreamElementQueue();
    const fn = spec.fn;
    this.invoke = fn.asyncInvoke.bind(fn);
    this.onTimeoutFn = fn.timeout?.bind(fn);
    this.retry = spec.retry;
    this.timeoutMs = spec.timeoutMs;
    this.capacity = spec.capacity;
    this.scheduleOnTask = environment.scheduleOnTask;
  }

  collect(value: unknown): void {
    this.accept(value, this.time.timestamp);
  }

  override emitWatermark(watermark: number): void {
    if (this.overflow.length > 0) {
      this.overflow.push({ kind: 'watermark', watermark });
      return;
    }
    this.queue.addWatermark(watermark);
    this.queue.drain(this.emitEntry);
  }

  /** The task stops feeding this operator while `capacity` calls are in flight. */
  isBackpressured(): boolean {
    return this.overflow.length > 0 || this.queue.recordCount >= this.capacity;
  }

  override async initializeState(): Promise<void> {
    await super.initializeState();
    this.pendingState = this.state.operator.getListState(new ListStateDescriptor<StoredElement>(STATE_NAME));
    if (this.state.isRestored) this.restored = this.pendingState.get();
  }

  override async open(): Promise<void> {
    await super.open();
    // Elements in flight at the checkpoint are called again, in their order, with their timestamps.
    const previous = this.time.timestamp;
    for (const element of this.restored) {
      if (element[0] === 'w') this.emitWatermark(element[1]);
      else this.accept(element[1], element[2] ?? undefined);
    }
    this.time.timestamp = previous;
    this.restored = [];
  }

  override async snapshotState(context: FunctionSnapshotContext): Promise<void> {
    const stored: StoredElement[] = [];
    const store = (element: Pending | QueueEntry): void => {
      if (element.kind === 'watermark') stored.push(['w', element.watermark]);
      else stored.push(['r', element.value, element.timestamp ?? null]);
    };
    for (const entry of this.queue.entries()) store(entry);
    for (const pending of this.overflow) store(pending);
    this.pendingState?.update(stored);
    await super.snapshotState(context);
  }

  /** End of input: every call must complete and every result go out before the task finishes. */
  override async finish(): Promise<void> {
    this.finishing = true;
    for (;;) {
      this.runInbox();
      this.drainAndRefill();
      if (this.queue.isEmpty() && this.overflow.length === 0) break;
      await new Promise<void>((resolve) => {
        this.wakeFinisher = resolve;
      });
    }
    await super.finish();
  }

  override async close(): Promise<void> {
    this.closed = true;
    for (const request of this.requests) clearTimers(request);
    this.requests.clear();
    this.inbox = [];
    await super.close();
  }

  private accept(value: unknown, timestamp: number | undefined): void {
    if (this.overflow.length > 0 || this.queue.recordCount >= this.capacity) this.overflow.push({ kind: 'record', value, timestamp });
    else this.start(value, timestamp);
  }

  private start(value: unknown, timestamp: number | undefined): void {
    const entry: RecordEntry = { kind: 'record', value, timestamp, results: undefined };
    this.queue.addRecord(entry);
    const request: AsyncRequest = { entry, attempt: 1, done: false, timedOut: false, timeoutTimer: undefined, retryTimer: undefined };
    this.requests.add(request);
    if (this.timeoutMs > 0) request.timeoutTimer = setTimeout(() => this.enter(() => this.onTimeout(request)), this.timeoutMs);
    this.invokeAttempt(request);
  }

  private invokeAttempt(request: AsyncRequest): void {
    const future = this.resultFuture(request, request.attempt);
    try {
      const pending = this.invoke(request.entry.value, future);
      if (pending instanceof Promise) pending.catch((error: unknown) => future.completeExceptionally(error));
    } catch (error) {
      future.completeExceptionally(error);
    }
  }

  /** A future for one attempt: only its first completion counts, and only while the attempt is current. */
  private resultFuture(request: AsyncRequest, attempt: number): ResultFuture<unknown> {
    let answered = false;
    return {
      complete: (results) => {
        if (answered) return;
        answered = true;
        this.enter(() => this.onOutcome(request, attempt, { results }));
      },
      completeExceptionally: (error) => {
        if (answered) return;
        answered = true;
        this.enter(() => this.onOutcome(request, attempt, { error }));
      },
    };
  }

  private onOutcome(request: AsyncRequest, attempt: number, outcome: { results: readonly unknown[] } | { error: unknown }): void {
    if (request.done || attempt !== request.attempt) return;
    if ('results' in outcome && !Array.isArray(outcome.results)) {
      outcome = { error: new TypeError(`resultFuture.complete expects an array of results, got ${describe(outcome.results)}`) };
    }
    if (this.shouldRetry(request, outcome)) {
      const retry = this.retry as AsyncRetryStrategy<unknown>;
      request.retryTimer = setTimeout(
        () =>
          this.enter(() => {
            request.retryTimer = undefined;
            if (request.done || request.timedOut) return;
            request.attempt++;
            this.invokeAttempt(request);
          }),
        Math.max(0, retry.getBackoffTimeMillis(request.attempt)),
      );
      return;
    }
    if ('error' in outcome) throw this.failure(request, outcome.error);
    request.done = true;
    clearTimers(request);
    this.requests.delete(request);
    this.queue.complete(request.entry, outcome.results);
    this.drainAndRefill();
  }

  private shouldRetry(request: AsyncRequest, outcome: { results: readonly unknown[] } | { error: unknown }): boolean {
    const retry = this.retry;
    if (retry === undefined || request.timedOut) return false;
    const predicate = retry.getRetryPredicate();
    const matches = 'error' in outcome ? predicate.exceptionPredicate?.(outcome.error) === true : predicate.resultPredicate?.(outcome.results) === true;
    return matches && retry.canRetry(request.attempt);
  }

  private onTimeout(request: AsyncRequest): void {
    if (request.done) return;
    request.timedOut = true;
    request.timeoutTimer = undefined;
    if (request.retryTimer !== undefined) clearTimeout(request.retryTimer);
    request.retryTimer = undefined;
    const timeout = this.onTimeoutFn;
    if (timeout === undefined) {
      throw new WeirError(
        'USER_FUNCTION_FAILED',
        `operator '${this.name}': the async call for ${describe(request.entry.value)} did not complete within ${this.timeoutMs} ms ` +
          `(attempt ${request.attempt}): raise the timeout given to AsyncDataStream, or implement timeout(input, resultFuture) in the AsyncFunction to complete it with a fallback`,
      );
    }
    try {
      timeout(request.entry.value, this.resultFuture(request, request.attempt));
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }

  /** The call failed for good: the job fails, naming the element, with the user's stack. */
  private failure(request: AsyncRequest, error: unknown): WeirError {
    const failure = new WeirError(
      'USER_FUNCTION_FAILED',
      `operator '${this.name}': the async call for ${describe(request.entry.value)} failed (attempt ${request.attempt}): ${errorMessage(error)}`,
      { cause: error },
    );
    const userStack = error instanceof Error ? error.stack : undefined;
    if (userStack !== undefined) failure.stack = `WeirError: ${failure.message}\n  caused by ${userStack}`;
    return failure;
  }

  /** Emits what may go, then starts waiting elements while there is room. */
  private drainAndRefill(): void {
    for (;;) {
      this.queue.drain(this.emitEntry);
      const next = this.overflow[0];
      if (next === undefined) return;
      if (next.kind === 'record') {
        if (this.queue.recordCount >= this.capacity) return;
        this.overflow.shift();
        this.start(next.value, next.timestamp);
      } else {
        this.overflow.shift();
        this.queue.addWatermark(next.watermark);
      }
    }
  }

  private emit(entry: QueueEntry): void {
    if (entry.kind === 'watermark') {
      this.downstream.emitWatermark(entry.watermark);
      return;
    }
    const previous = this.time.timestamp;
    this.time.timestamp = entry.timestamp;
    try {
      for (const result of entry.results ?? []) this.downstream.collect(result);
    } finally {
      this.time.timestamp = previous;
    }
  }

  /** Brings a callback onto the task's thread: through the task's mailbox, or straight to finish(). */
  private enter(action: () => void): void {
    if (this.closed) return;
    this.inbox.push(action);
    if (this.finishing) {
      const wake = this.wakeFinisher;
      this.wakeFinisher = undefined;
      wake?.();
      return;
    }
    // Running the inbox already (a completion from inside a callback it runs): its loop takes this too.
    // Scheduling from inside a mailbox action instead could leave the action unrun while the task waits.
    if (this.inboxScheduled || this.runningInbox) return;
    this.inboxScheduled = true;
    this.scheduleOnTask(() => {
      this.inboxScheduled = false;
      this.runInbox();
    });
  }

  private runInbox(): void {
    this.runningInbox = true;
    try {
      while (this.inbox.length > 0) (this.inbox.shift() as () => void)();
    } finally {
      this.runningInbox = false;
    }
  }
}

function clearTimers(request: AsyncRequest): void {
  if (request.timeoutTimer !== undefined) clearTimeout(request.timeoutTimer);
  if (request.retryTimer !== undefined) clearTimeout(request.retryTimer);
  request.timeoutTimer = undefined;
  request.retryTimer = undefined;
}

function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
