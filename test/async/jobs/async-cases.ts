/**
 * Async I/O jobs for test/async/async-io.test.ts.
 *
 *   weir run -p N test/async/jobs/async-cases.ts --case batch|timeout|restore
 *
 * `batch` runs, in one job: ordered and unordered calls with random delays, a capacity
 * probe that reports the most calls it saw in flight, retries of failing calls, and a
 * timeout with a fallback; each result is printed as `RESULT <case> <json>`. `timeout` has
 * a call that never completes and no fallback: the job must fail. `restore` is
 * checkpointed, slow enough that calls are always in flight, and a map after the async
 * operator fails once; its results are printed (at least once) as `RESULT restored <json>`.
 */
import {
  AsyncDataStream,
  AsyncRetryStrategies,
  DataGeneratorSource,
  RateLimiterStrategy,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  type AsyncFunction,
  type DataStream,
  type ResultFuture,
  type RuntimeContext,
  type SingleOutputStreamOperator,
} from 'weir';

const caseIndex = process.argv.indexOf('--case');
const which = caseIndex >= 0 ? process.argv[caseIndex + 1] : 'batch';

const env = StreamExecutionEnvironment.getExecutionEnvironment();

function numbers(count: number, name: string, perSecond = Infinity): SingleOutputStreamOperator<number> {
  const limit = perSecond === Infinity ? RateLimiterStrategy.noOp() : RateLimiterStrategy.perSecond(perSecond);
  return env.fromSource(new DataGeneratorSource((i) => i, count, limit), WatermarkStrategy.noWatermarks(), name);
}

function emit<T>(name: string, stream: DataStream<T>, parallelism?: number): void {
  const lines = stream.map((result) => `RESULT ${name} ${JSON.stringify(result)}`);
  if (parallelism === undefined) lines.print();
  else lines.setParallelism(parallelism).print().setParallelism(parallelism);
}

/** A call that answers after a pseudo-random delay, so calls complete out of order. */
const delayed = (value: number, future: ResultFuture<number>): void => {
  setTimeout(() => future.complete([value * 2]), (value * 7919) % 13);
};

/** Counts its calls in flight; each result carries the most it has seen. */
class Probe implements AsyncFunction<number, [number, number]> {
  private inFlight = 0;
  private most = 0;

  asyncInvoke(value: number, future: ResultFuture<[number, number]>): void {
    this.inFlight++;
    this.most = Math.max(this.most, this.inFlight);
    setTimeout(() => {
      this.inFlight--;
      future.complete([[value, this.most]]);
    }, 2 + (value % 5));
  }
}

/** Fails the first two calls of every third element. */
class Flaky implements AsyncFunction<number, [number, number]> {
  private readonly attempts = new Map<number, number>();

  asyncInvoke(value: number, future: ResultFuture<[number, number]>): void {
    const attempt = (this.attempts.get(value) ?? 0) + 1;
    this.attempts.set(value, attempt);
    setTimeout(() => {
      if (value % 3 === 0 && attempt < 3) future.completeExceptionally(new Error(`flaky ${value}`));
      else future.complete([[value, attempt]]);
    }, 1);
  }
}

/** Never answers for multiples of 10; timeout() falls back to -value. */
class Fallback implements AsyncFunction<number, number> {
  asyncInvoke(value: number, future: ResultFuture<number>): void {
    if (value % 10 !== 0) setTimeout(() => future.complete([value]), 1);
  }

  timeout(value: number, future: ResultFuture<number>): void {
    future.complete([-value]);
  }
}

/** Fails at element 250 in the job's first attempt only; tags each element with the attempt. */
class FailOnce {
  private attempt = 0;

  open(ctx: RuntimeContext): void {
    this.attempt = ctx.attemptNumber;
  }

  map(value: number): [number, number] {
    if (this.attempt === 0 && value === 250) throw new Error('failing once, at 250');
    return [value, this.attempt];
  }
}

if (which === 'batch') {
  // At parallelism 1 from source to sink, so that the printed order is the emitted order.
  emit('ordered', AsyncDataStream.orderedWait(numbers(500, 'ordered input').setParallelism(1), delayed, 5_000, 20).setParallelism(1), 1);
  emit('unordered', AsyncDataStream.unorderedWait(numbers(500, 'unordered input'), delayed, 5_000, 20));
  emit('capacity', AsyncDataStream.orderedWait(numbers(300, 'probe input'), new Probe(), 5_000, 7));
  const retry = AsyncRetryStrategies.fixedDelay<[number, number]>(3, 5).ifException(() => true).build();
  emit('retry', AsyncDataStream.unorderedWaitWithRetry(numbers(60, 'flaky input'), new Flaky(), 5_000, 10, retry));
  emit('fallback', AsyncDataStream.orderedWait(numbers(40, 'fallback input'), new Fallback(), 50, 10));
  await env.execute('async batch');
} else if (which === 'timeout') {
  AsyncDataStream.orderedWait(numbers(5, 'input'), (value: number, future: ResultFuture<number>) => {
    if (value !== 3) future.complete([value]);
  }, 200, 10).print();
  await env.execute('async timeout');
} else {
  env.enableCheckpointing(100);
  const slow = (value: number, future: ResultFuture<number>): void => {
    setTimeout(() => future.complete([value]), 20);
  };
  // Printed, at least once: a restart prints again what came after the checkpoint.
  emit('restored', AsyncDataStream.orderedWait(numbers(400, 'input', 1_000), slow, 10_000, 5).map(new FailOnce()));
  await env.execute('async restore');
}
