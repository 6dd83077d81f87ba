/**
 * Async I/O in real jobs (`weir run`): order in ordered mode, capacity as a bound on calls
 * in flight, retries, timeouts with and without a fallback, and a checkpointed job that
 * fails once and loses no element, although calls were in flight at its checkpoints.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { repoPath, runWeir, type WeirRun } from '../support/weir-cli.js';

const JOB = repoPath('test/async/jobs/async-cases.ts');
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function results(stdout: string): Record<string, unknown[]> {
  const byCase: Record<string, unknown[]> = {};
  for (const line of stdout.split('\n')) {
    const match = /^(?:\d+> )?RESULT (\S+) (.*)$/.exec(line);
    if (match !== null) (byCase[match[1] as string] ??= []).push(JSON.parse(match[2] as string));
  }
  return byCase;
}

describe('one job, several async operators at parallelism 2', () => {
  let run: WeirRun;
  let byCase: Record<string, unknown[]>;

  before(async () => {
    run = await runWeir(['run', '-p', '2', JOB, '--case', 'batch'], { timeoutMs: 60_000 });
    assert.equal(run.code, 0, `the job failed:\n${run.stderr}`);
    byCase = results(run.stdout);
  });

  test('ordered: results in input order, although calls complete out of order', () => {
    assert.deepEqual(byCase['ordered'], range(500).map((i) => i * 2));
  });

  test('unordered: every result, once', () => {
    assert.deepEqual((byCase['unordered'] as number[]).sort((a, b) => a - b), range(500).map((i) => i * 2));
  });

  test('capacity bounds the calls in flight, and is reached', () => {
    const rows = byCase['capacity'] as [number, number][];
    assert.deepEqual(rows.map(([value]) => value).sort((a, b) => a - b), range(300));
    const most = Math.max(...rows.map(([, seen]) => seen));
    assert.equal(most, 7, `at most 7 calls may be in flight per subtask, and the fast source should keep it full; saw ${most}`);
  });

  test('retries: failing calls are called again until they succeed', () => {
    const rows = (byCase['retry'] as [number, number][]).sort((a, b) => a[0] - b[0]);
    assert.deepEqual(rows, range(60).map((i) => [i, i % 3 === 0 ? 3 : 1]));
  });

  test('a timeout with timeout() completes the element with its fallback', () => {
    assert.deepEqual((byCase['fallback'] as number[]).sort((a, b) => a - b), range(40).map((i) => (i % 10 === 0 && i > 0 ? -i : i)).sort((a, b) => a - b));
  });
});

test('a call that never completes fails the job, saying what to do', async () => {
  const run = await runWeir(['run', JOB, '--case', 'timeout'], { timeoutMs: 30_000 });
  assert.notEqual(run.code, 0, `the job should fail:\n${run.stdout}`);
  assert.match(run.stderr, /the async call for 3 did not complete within 200 ms/);
  assert.match(run.stderr, /timeout\(input, resultFuture\)/);
});

test('after a failure the job restores from a checkpoint and calls again what was in flight: no element is lost', async () => {
  const checkpoints = await mkdtemp(join(tmpdir(), 'weir-async-'));
  const run = await runWeir(
    [
      'run',
      '-D',
      `execution.checkpointing.dir=${checkpoints}`,
      '-D',
      'restart-strategy.type=fixed-delay',
      '-D',
      'restart-strategy.fixed-delay.attempts=3',
      '-D',
      'restart-strategy.fixed-delay.delay=100ms',
      JOB,
      '--case',
      'restore',
    ],
    { timeoutMs: 60_000 },
  );
  await rm(checkpoints, { recursive: true, force: true });
  assert.equal(run.code, 0, `the job failed:\n${run.stderr}`);
  const rows = (results(run.stdout)['restored'] ?? []) as [number, number][];
  const values = new Set(rows.map(([value]) => value));
  const lost = range(400).filter((value) => !values.has(value));
  assert.deepEqual(lost, [], 'every element should come out at least once');
  assert.ok(rows.some(([, attempt]) => attempt > 0), 'the job should have restarted');
  const replayed = rows.filter(([, attempt]) => attempt > 0).map(([value]) => value);
  assert.ok(Math.min(...replayed) > 0, 'the restart should have resumed from a checkpoint, not from the start');
});
