/**
 * The async I/O operator in a harness: order, the watermark rule of unordered mode,
 * capacity and backpressure, retries, timeouts, finish, and in-flight elements across a
 * checkpoint.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import {
  AsyncDataStream,
  AsyncRetryStrategies,
  RetryPredicates,
  StreamExecutionEnvironment,
  type AsyncFunction,
  type DataStream,
  type ResultFuture,
} from '../../src/index.js';
import { OperatorHarness } from '../windowing/support/operator-harness.js';

function input(): DataStream<number> {
  return StreamExecutionEnvironment.getExecutionEnvironment().fromData<number>([]);
}

/** Completes each call by hand: `pending` holds the calls in flight, in call order. */
class Manual implements AsyncFunction<number, string> {
  readonly pending: { input: number; future: ResultFuture<string> }[] = [];
  calls = 0;

  asyncInvoke(value: number, future: ResultFuture<string>): void {
    this.calls++;
    this.pending.push({ input: value, future });
  }

  complete(value: number, results = [`r${value}`]): void {
    const index = this.pending.findIndex((p) => p.input === value);
    const [call] = this.pending.splice(index, 1);
    call?.future.complete(results);
  }
}

/** Runs the harness's mailbox until `done` holds, letting timers and promises run in between. */
async function until(h: OperatorHarness, done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    h.runMailbox();
    if (done()) return;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

describe('ordered mode', () => {
  test('results come out in input order, with their input timestamps, whatever order calls complete in', async () => {
    const fn = new Manual();
    const h = await new OperatorHarness(AsyncDataStream.orderedWait(input(), fn, 0, 10)).open();
    h.element(1, 100).element(2, 200).element(3, 300);
    fn.complete(3);
    fn.complete(2);
    h.runMailbox();
    assert.deepEqual(h.take(), [], 'nothing before element 1 completes');
    fn.complete(1, ['r1a', 'r1b']);
    h.runMailbox();
    assert.deepEqual(h.takeWithTimestamps(), [
      { value: 'r1a', timestamp: 100 },
      { value: 'r1b', timestamp: 100 },
      { value: 'r2', timestamp: 200 },
      { value: 'r3', timestamp: 300 },
    ]);
  });

  test('a watermark waits for the elements before it', async () => {
    const fn = new Manual();
    const h = await new OperatorHarness(AsyncDataStream.orderedWait(input(), fn, 0, 10)).open();
    h.element(1, 1).watermark(5).element(2, 6);
    assert.deepEqual(h.main.watermarks, []);
    fn.complete(2);
    fn.complete(1);
    h.runMailbox();
    assert.deepEqual(h.take(), ['r1', 'r2']);
    assert.deepEqual(h.main.watermarks, [5]);
    h.watermark(10);
    assert.deepEqual(h.main.watermarks, [5, 10], 'with nothing in flight a watermark goes straight on');
  });
});

describe('unordered mode', () => {
  test('results come out as calls complete, but never across a watermark', async () => {
    const fn = new Manual();
    const h = await new OperatorHarness(AsyncDataStream.unorderedWait(input(), fn, 0, 10)).open();
    h.element(1, 1).element(2, 2).watermark(5).element(3, 6).element(4, 7);
    fn.complete(2);
    fn.complete(4);
    h.runMailbox();
    assert.deepEqual(h.take(), ['r2'], 'element 4 waits for the watermark, which waits for element 1');
    fn.complete(1);
    h.runMailbox();
    assert.deepEqual(h.take(), ['r1', 'r4']);
    assert.deepEqual(h.main.watermarks, [5]);
    fn.complete(3);
    h.runMailbox();
    assert.deepEqual(h.take(), ['r3']);
  });
});

describe('capacity', () => {
  test('at most `capacity` calls in flight: the operator reports backpressure and starts the rest as calls complete', async () => {
    const fn = new Manual();
    const h = await new OperatorHarness(AsyncDataStream.orderedWait(input(), fn, 0, 2)).open();
    const operator = h.operator;
    h.element(1).element(2);
    assert.equal(operator.isBackpressured?.(), true);
    // A task delivers a whole network buffer before it looks again: the rest waits, uncalled.
    h.element(3).element(4).watermark(9).element(5);
    assert.equal(fn.calls, 2);
    fn.complete(2);
    h.runMailbox();
    assert.equal(fn.calls, 2, 'a completed call still holds its slot until it is emitted');
    fn.complete(1);
    h.runMailbox();
    assert.equal(fn.calls, 4);
    assert.deepEqual(h.take(), ['r1', 'r2']);
    fn.complete(3);
    fn.complete(4);
    h.runMailbox();
    assert.deepEqual(h.main.watermarks, [9]);
    assert.equal(fn.calls, 5);
    assert.equal(operator.isBackpressured?.(), false);
    fn.complete(5);
    h.runMailbox();
    assert.deepEqual(h.take(), ['r3', 'r4', 'r5']);
  });
});

describe('retries', () => {
  test('a failed call is retried after the delay while the exception predicate says so', async () => {
    let calls = 0;
    const flaky = (value: number, future: ResultFuture<string>): void => {
      calls++;
      if (calls < 3) future.completeExceptionally(new Error(`flaky ${calls}`));
      else future.complete([`ok${value}`]);
    };
    const strategy = AsyncRetryStrategies.fixedDelay<string>(3, 5).ifException(RetryPredicates.HAS_EXCEPTION_PREDICATE).build();
    const h = await new OperatorHarness(AsyncDataStream.orderedWaitWithRetry(input(), flaky, 1_000, 10, strategy)).open();
    h.element(7);
    await until(h, () => h.main.records.length > 0, 'the retried result');
    assert.deepEqual(h.take(), ['ok7']);
    assert.equal(calls, 3);
  });

  test('an empty result is retried with exponential backoff when the result predicate says so', async () => {
    const started: number[] = [];
    const sometimes = (value: number, future: ResultFuture<string>): void => {
      started.push(Date.now());
      future.complete(started.length < 4 ? [] : [`v${value}`]);
    };
    const strategy = AsyncRetryStrategies.exponentialBackoff<string>(5, 10, 1_000, 2).ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE).build();
    const h = await new OperatorHarness(AsyncDataStream.unorderedWaitWithRetry(input(), sometimes, 0, 10, strategy)).open();
    h.element(1);
    await until(h, () => h.main.records.length > 0, 'the result after retries');
    assert.deepEqual(h.take(), ['v1']);
    const gaps = started.slice(1).map((t, i) => t - (started[i] as number));
    assert.ok(gaps[0] !== undefined && gaps[0] >= 9, `first retry after ~10 ms, got ${gaps.join(',')}`);
    assert.ok(gaps[2] !== undefined && gaps[2] >= 39, `third retry after ~40 ms, got ${gaps.join(',')}`);
    assert.equal(strategy.getBackoffTimeMillis(10), 1_000, 'capped at the max delay');
  });

  test('when retries run out, the failure fails the task, naming the element', async () => {
    const failing = (_value: number, future: ResultFuture<string>): void => future.completeExceptionally(new Error('service down'));
    const strategy = AsyncRetryStrategies.fixedDelay<string>(2, 1).ifException(() => true).build();
    const h = await new OperatorHarness(AsyncDataStream.orderedWaitWithRetry(input(), failing, 0, 10, strategy)).open();
    h.element(42);
    await assert.rejects(until(h, () => false, 'the failure'), /the async call for 42 failed \(attempt 3\): service down/);
  });
});

describe('timeouts', () => {
  test('without timeout() a call that takes too long fails with what to do', async () => {
    const h = await new OperatorHarness(AsyncDataStream.orderedWait(input(), new Manual(), 20, 10)).open();
    h.element(1);
    await assert.rejects(until(h, () => false, 'the timeout'), /did not complete within 20 ms.*implement timeout\(input, resultFuture\)/);
  });

  test('timeout() can complete the element with a fallback; a late answer is ignored', async () => {
    const fn = new (class extends Manual {
      timeout(value: number, future: ResultFuture<string>): void {
        future.complete([`fallback${value}`]);
      }
    })();
    const h = await new OperatorHarness(AsyncDataStream.orderedWait(input(), fn, 20, 10)).open();
    h.element(1).element(2);
    fn.complete(2);
    await until(h, () => h.main.records.length >= 2, 'the fallback');
    fn.complete(1);
    h.runMailbox();
    assert.deepEqual(h.take(), ['fallback1', 'r2']);
  });
});

test('finish waits for every call in flight and emits the results', async () => {
  const slow = (value: number, future: ResultFuture<number>): void => {
    setTimeout(() => future.complete([value * 10]), 20 - value);
  };
  const h = await new OperatorHarness(AsyncDataStream.orderedWait(input(), slow, 0, 3)).open();
  for (let i = 1; i <= 5; i++) h.element(i);
  h.watermark(Number.MAX_SAFE_INTEGER);
  await h.operator.finish();
  assert.deepEqual(h.take(), [10, 20, 30, 40, 50]);
  assert.deepEqual(h.main.watermarks, [Number.MAX_SAFE_INTEGER]);
});

test('elements in flight at a checkpoint are called again after a restore, in order, with their timestamps', async () => {
  const fn = new Manual();
  const stream = (f: AsyncFunction<number, string>) => AsyncDataStream.orderedWait(input(), f, 0, 2);
  const h = await new OperatorHarness(stream(fn)).open();
  h.element(1, 10).element(2, 20).element(3, 30).watermark(25);
  fn.complete(1);
  h.runMailbox();
  assert.deepEqual(h.take(), ['r1']);
  fn.complete(2); // completed, but its result is not emitted before the checkpoint
  const restore = await h.snapshot();
  await h.close();

  const again = new Manual();
  const restored = await new OperatorHarness(stream(again), { restore }).open();
  assert.deepEqual(again.pending.map((p) => p.input), [2, 3], 'both, up to capacity');
  again.complete(3);
  again.complete(2);
  restored.runMailbox();
  assert.deepEqual(restored.takeWithTimestamps(), [
    { value: 'r2', timestamp: 20 },
    { value: 'r3', timestamp: 30 },
  ]);
  assert.deepEqual(restored.main.watermarks, [25]);
});

test('closures, thrown errors and rejected promises are all accepted as async functions', async () => {
  const h = await new OperatorHarness(
    AsyncDataStream.orderedWait(
      input(),
      async (value: number, future: ResultFuture<number>) => {
        await sleep(1);
        if (value === 3) throw new Error('three is rejected');
        future.complete([value]);
      },
      0,
      5,
    ),
  ).open();
  h.element(1).element(2);
  await until(h, () => h.main.records.length === 2, 'two results');
  h.element(3);
  await assert.rejects(until(h, () => false, 'the rejection'), /three is rejected/);
});
