/**
 * Async I/O (Flink's AsyncDataStream): calls an asynchronous function per element, with
 * up to `capacity` calls in flight, without blocking the task. Results come out in input
 * order (`orderedWait`) or as they complete (`unorderedWait`, which still never moves a
 * result across a watermark). Elements in flight are part of checkpoints and are called
 * again after a restore.
 *
 * ```ts
 * const enriched = AsyncDataStream.orderedWait(
 *   userIds,
 *   async (id: string, result: ResultFuture<User>) => {
 *     const response = await fetch(`${url}/users/${id}`);
 *     result.complete([(await response.json()) as User]);
 *   },
 *   5_000, // timeout per element, ms
 *   100, // capacity: calls in flight
 * );
 * ```
 */
import { WeirError } from '../core/errors.js';
import { SingleOutputStreamOperator, type DataStream } from './data-stream.js';
import type { RichFunction, RuntimeContext } from './functions.js';

/** Where an async call puts its outcome; only the first completion counts. */
export interface ResultFuture<OUT> {
  complete(results: readonly OUT[]): void;
  completeExceptionally(error: unknown): void;
}

export interface AsyncFunction<IN, OUT> extends RichFunction {
  /** Starts the call for `input`; completes `resultFuture` when done (from any callback). */
  asyncInvoke(input: IN, resultFuture: ResultFuture<OUT>): void | Promise<void>;
  /**
   * The call took longer than the timeout. Complete `resultFuture` here to go on (with a
   * fallback, or `[]` to drop the element); without this method a timeout fails the job.
   */
  timeout?(input: IN, resultFuture: ResultFuture<OUT>): void;
}

/** An AsyncFunction, or just its asyncInvoke as a closure. */
export type AsyncFunctionLike<IN, OUT> = AsyncFunction<IN, OUT> | ((input: IN, resultFuture: ResultFuture<OUT>) => void | Promise<void>);

/** An AsyncFunction with open/close hooks spelled out (Flink's RichAsyncFunction). */
export abstract class RichAsyncFunction<IN, OUT> implements AsyncFunction<IN, OUT> {
  abstract asyncInvoke(input: IN, resultFuture: ResultFuture<OUT>): void | Promise<void>;
  timeout?(input: IN, resultFuture: ResultFuture<OUT>): void;
  open?(ctx: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** Which outcomes of an attempt are worth another attempt. */
export interface AsyncRetryPredicate<OUT> {
  readonly resultPredicate?: (results: readonly OUT[]) => boolean;
  readonly exceptionPredicate?: (error: unknown) => boolean;
}

/** When and how often to call again (Flink's AsyncRetryStrategy). Attempts count from 1. */
export interface AsyncRetryStrategy<OUT> {
  canRetry(currentAttempts: number): boolean;
  getBackoffTimeMillis(currentAttempts: number): number;
  getRetryPredicate(): AsyncRetryPredicate<OUT>;
}

/** Ready-made retry predicates (Flink's RetryPredicates). */
export const RetryPredicates = {
  EMPTY_RESULT_PREDICATE: (results: readonly unknown[]): boolean => results.length === 0,
  HAS_EXCEPTION_PREDICATE: (): boolean => true,
} as const;

abstract class RetryStrategyBuilder<OUT> {
  protected resultPredicate: ((results: readonly OUT[]) => boolean) | undefined;
  protected exceptionPredicate: ((error: unknown) => boolean) | undefined;

  protected constructor(protected readonly maxAttempts: number) {
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new WeirError('GRAPH_INVALID', `async retry strategy: maxAttempts must be a positive integer, got ${String(maxAttempts)}`);
    }
  }

  /** Retry when the results match (e.g. `RetryPredicates.EMPTY_RESULT_PREDICATE`). */
  ifResult(predicate: (results: readonly OUT[]) => boolean): this {
    this.resultPredicate = predicate;
    return this;
  }

  /** Retry when the call failed with a matching error (e.g. `RetryPredicates.HAS_EXCEPTION_PREDICATE`). */
  ifException(predicate: (error: unknown) => boolean): this {
    this.exceptionPredicate = predicate;
    return this;
  }

  build(): AsyncRetryStrategy<OUT> {
    const maxAttempts = this.maxAttempts;
    const predicate: AsyncRetryPredicate<OUT> = {
      ...(this.resultPredicate !== undefined ? { resultPredicate: this.resultPredicate } : {}),
      ...(this.exceptionPredicate !== undefined ? { exceptionPredicate: this.exceptionPredicate } : {}),
    };
    return {
      // As in Flink, attempt n may be retried while n <= maxAttempts: up to maxAttempts retries.
      canRetry: (currentAttempts) => currentAttempts <= maxAttempts,
      getBackoffTimeMillis: (currentAttempts) => this.backoff(currentAttempts),
      getRetryPredicate: () => predicate,
    };
  }

  protected abstract backoff(currentAttempts: number): number;
}

class FixedDelayRetryStrategyBuilder<OUT> extends RetryStrategyBuilder<OUT> {
  constructor(
    maxAttempts: number,
    private readonly delayMs: number,
  ) {
    super(maxAttempts);
    checkDelay('fixedDelay', delayMs);
  }

  protected backoff(): number {
    return this.delayMs;
  }
}

class ExponentialBackoffRetryStrategyBuilder<OUT> extends RetryStrategyBuilder<OUT> {
  constructor(
    maxAttempts: number,
    private readonly initialDelayMs: number,
    private readonly maxDelayMs: number,
    private readonly multiplier: number,
  ) {
    super(maxAttempts);
    checkDelay('exponentialBackoff', initialDelayMs);
    checkDelay('exponentialBackoff', maxDelayMs);
    if (!(multiplier >= 1)) throw new WeirError('GRAPH_INVALID', `exponentialBackoff: the multiplier must be at least 1, got ${String(multiplier)}`);
  }

  /** Per element, unlike Flink's, whose delay state is shared by every element of the operator. */
  protected backoff(currentAttempts: number): number {
    return Math.min(this.initialDelayMs * this.multiplier ** (currentAttempts - 1), this.maxDelayMs);
  }
}

function checkDelay(what: string, delayMs: number): void {
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new WeirError('GRAPH_INVALID', `${what}: delays must be non-negative numbers of milliseconds, got ${String(delayMs)}`);
  }
}

/**
 * Builders of retry strategies (Flink's AsyncRetryStrategies).
 *
 * ```ts
 * AsyncRetryStrategies.fixedDelay<User>(3, 100).ifException(RetryPredicates.HAS_EXCEPTION_PREDICATE).build()
 * AsyncRetryStrategies.exponentialBackoff<User>(5, 10, 1_000, 2).ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE).build()
 * ```
 */
export const AsyncRetryStrategies = {
  NO_RETRY_STRATEGY: {
    canRetry: () => false,
    getBackoffTimeMillis: () => -1,
    getRetryPredicate: () => ({}),
  } satisfies AsyncRetryStrategy<never> as AsyncRetryStrategy<never>,
  /** Up to `maxAttempts` retries, `delayMs` apart. */
  fixedDelay<OUT>(maxAttempts: number, delayMs: number): RetryStrategyBuilder<OUT> {
    return new FixedDelayRetryStrategyBuilder<OUT>(maxAttempts, delayMs);
  },
  /** Up to `maxAttempts` retries, the first after `initialDelayMs`, each later one `multiplier` times longer, at most `maxDelayMs`. */
  exponentialBackoff<OUT>(maxAttempts: number, initialDelayMs: number, maxDelayMs: number, multiplier: number): RetryStrategyBuilder<OUT> {
    return new ExponentialBackoffRetryStrategyBuilder<OUT>(maxAttempts, initialDelayMs, maxDelayMs, multiplier);
  },
};

/** What the runtime needs to build an async I/O operator: one member of OperatorSpec. */
export interface AsyncWaitOperatorSpec {
  readonly kind: 'asyncWait';
  readonly fn: AsyncFunction<unknown, unknown>;
  /** The user's function as given, for its open/close and checkpoint hooks. */
  readonly userFunction: unknown;
  /** Per element; 0 or less for none. */
  readonly timeoutMs: number;
  readonly capacity: number;
  readonly ordered: boolean;
  readonly retry: AsyncRetryStrategy<unknown> | undefined;
}

export class AsyncDataStream {
  /** Results in input order. `capacity` bounds the calls in flight; `timeoutMs` applies per element, retries included. */
  static orderedWait<IN, OUT>(stream: DataStream<IN>, fn: AsyncFunctionLike<IN, OUT>, timeoutMs: number, capacity = 100): SingleOutputStreamOperator<OUT> {
    return addOperator(stream, fn, timeoutMs, capacity, true, undefined);
  }

  /** Results as they complete; watermarks still come out after every element before them. */
  static unorderedWait<IN, OUT>(stream: DataStream<IN>, fn: AsyncFunctionLike<IN, OUT>, timeoutMs: number, capacity = 100): SingleOutputStreamOperator<OUT> {
    return addOperator(stream, fn, timeoutMs, capacity, false, undefined);
  }

  static orderedWaitWithRetry<IN, OUT>(
    stream: DataStream<IN>,
    fn: AsyncFunctionLike<IN, OUT>,
    timeoutMs: number,
    capacity: number,
    retryStrategy: AsyncRetryStrategy<OUT>,
  ): SingleOutputStreamOperator<OUT> {
    return addOperator(stream, fn, timeoutMs, capacity, true, retryStrategy);
  }

  static unorderedWaitWithRetry<IN, OUT>(
    stream: DataStream<IN>,
    fn: AsyncFunctionLike<IN, OUT>,
    timeoutMs: number,
    capacity: number,
    retryStrategy: AsyncRetryStrategy<OUT>,
  ): SingleOutputStreamOperator<OUT> {
    return addOperator(stream, fn, timeoutMs, capacity, false, retryStrategy);
  }
}

function addOperator<IN, OUT>(
  stream: DataStream<IN>,
  fn: AsyncFunctionLike<IN, OUT>,
  timeoutMs: number,
  capacity: number,
  ordered: boolean,
  retry: AsyncRetryStrategy<OUT> | undefined,
): SingleOutputStreamOperator<OUT> {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new WeirError('GRAPH_INVALID', `AsyncDataStream: capacity must be a positive integer, got ${String(capacity)}`);
  }
  if (!Number.isFinite(timeoutMs)) {
    throw new WeirError('GRAPH_INVALID', `AsyncDataStream: timeout must be a number of milliseconds (0 for none), got ${String(timeoutMs)}`);
  }
  const asyncFunction: AsyncFunction<unknown, unknown> =
    typeof fn === 'function' ? { asyncInvoke: fn as AsyncFunction<unknown, unknown>['asyncInvoke'] } : (fn as AsyncFunction<unknown, unknown>);
  if (typeof asyncFunction.asyncInvoke !== 'function') {
    throw new WeirError('GRAPH_INVALID', 'AsyncDataStream: expected a function or an object with an asyncInvoke(input, resultFuture) method');
  }
  const spec: AsyncWaitOperatorSpec = {
    kind: 'asyncWait',
    fn: asyncFunction,
    userFunction: fn,
    timeoutMs,
    capacity,
    ordered,
    retry: retry as AsyncRetryStrategy<unknown> | undefined,
  };
  const environment = stream.environment;
  const name = ordered ? 'Async Wait Operator (ordered)' : 'Async Wait Operator (unordered)';
  return new SingleOutputStreamOperator<OUT>(environment, environment.addPhysical(name, [stream.transformation], spec, 'ALWAYS'));
}
