/**
 * Savepoints and checkpoints on a cluster of real processes, driven through the REST API
 * as a Flink user would: stop with a savepoint and resume at another parallelism, restore
 * into a changed graph, damaged or missing metadata, a checkpoint that times out, and
 * state TTL seen in a job's output.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  RestCallError,
  TestCluster,
  checkSequences,
  committedLines,
  killAllClusterProcesses,
  scratchDir,
  sleep,
} from '../support/cluster.js';

const COUNT_JOB = 'test/state/jobs/rescalable-count.ts';
const TTL_JOB = 'test/state/jobs/ttl-count.ts';
const SLOW_JOB = 'test/state/jobs/slow-checkpoints.ts';

const clusters: TestCluster[] = [];
const dirs: string[] = [];

function dir(prefix: string): string {
  const path = scratchDir(prefix);
  dirs.push(path);
  return path;
}

after(async () => {
  await Promise.all(clusters.map((c) => c.close().catch(() => undefined)));
  killAllClusterProcesses();
  for (const path of dirs) rmSync(path, { recursive: true, force: true });
});

/** Resolves with the message a failed submission or a failed job gives the client. */
async function submissionFailure(cluster: TestCluster, submit: () => Promise<string>): Promise<string> {
  let jobId: string;
  try {
    jobId = await submit();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  await cluster.waitForJobStatus(jobId, ['FAILED'], 30_000);
  return cluster.rootException(jobId);
}

describe('savepoints on a session cluster of 8 slots', { timeout: 120_000 }, () => {
  let cluster: TestCluster;
  const EVENTS = 120_000;
  const KEYS = 64;
  const RATE = 12_000;
  const out = dir('sp-out');
  const savepoints = dir('savepoints');
  /** The savepoint in the middle of the rescale chain, reused by the restore-failure tests. */
  let middleSavepoint = '';

  before(async () => {
    cluster = await TestCluster.start({ taskManagers: 2, slots: 4, config: { 'execution.checkpointing.dir': dir('sp-checkpoints') } });
    clusters.push(cluster);
  });

  const countArgs = (parallelism: number, extra: readonly string[] = [], into = out): string[] => [
    ...['--out', into, '--events', String(EVENTS), '--keys', String(KEYS)],
    ...['--rate', String(RATE), '--parallelism', String(parallelism)],
    ...extra,
  ];

  async function vertexParallelism(jobId: string): Promise<number[]> {
    return (await cluster.rest.jobDetails(jobId)).vertices.map((v) => v.parallelism);
  }

  test('stop with a savepoint and resume at 4 → 2 → 8: every key counts on from where it stopped, nothing twice', async () => {
    const first = await cluster.submit(COUNT_JOB, countArgs(4));
    await cluster.waitForRunning(first, 30_000);
    assert.deepEqual(await vertexParallelism(first), [4, 4]);
    await sleep(2500);
    const sp1 = await cluster.stopWithSavepoint(first, savepoints);
    await cluster.waitForJobStatus(first, ['FINISHED', 'CANCELED'], 30_000);
    const afterFirst = committedLines(out).length;
    assert.ok(afterFirst > 0 && afterFirst < EVENTS, `the first run should have stopped midway (${afterFirst} of ${EVENTS} lines)`);
    assert.ok(existsSync(join(sp1, '_metadata')), `the savepoint ${sp1} should hold _metadata`);

    const second = await cluster.submit(COUNT_JOB, countArgs(2), { savepointRestore: { path: sp1, allowNonRestoredState: false } });
    await cluster.waitForRunning(second, 30_000);
    assert.deepEqual(await vertexParallelism(second), [2, 2]);
    await sleep(2500);
    const sp2 = await cluster.stopWithSavepoint(second, savepoints);
    middleSavepoint = sp2;
    await cluster.waitForJobStatus(second, ['FINISHED', 'CANCELED'], 30_000);
    const afterSecond = committedLines(out).length;
    assert.ok(afterSecond > afterFirst && afterSecond < EVENTS, `the second run should have gone on and stopped midway (${afterFirst} → ${afterSecond})`);

    const third = await cluster.submit(COUNT_JOB, countArgs(8), { savepointRestore: { path: sp2, allowNonRestoredState: false } });
    await cluster.waitForRunning(third, 30_000);
    assert.deepEqual(await vertexParallelism(third), [8, 8]);
    await cluster.waitForJobStatus(third, ['FINISHED'], 60_000);

    const report = checkSequences(committedLines(out), EVENTS, KEYS);
    // State intact: each key's count went on from its saved value at every rescale, so no
    // expected line is missing and none goes past the key's number of events.
    assert.deepEqual(
      { missing: report.missing, unexpected: report.unexpected },
      { missing: 0, unexpected: 0 },
      `every key's count should continue across 4 → 2 → 8; ${report.examples.join(', ')}`,
    );
    // Stop-with-savepoint is the last word of a run: what came after it is not committed,
    // and the resumed job does not write it a second time.
    assert.equal(report.duplicated, 0, `no line should be committed twice across stop-with-savepoint; ${report.examples.join(', ')}`);
    assert.equal(report.lines, EVENTS);
  });

  test('a savepoint with state for an operator the job no longer has is refused, unless allowNonRestoredState', async () => {
    assert.notEqual(middleSavepoint, '', 'needs the savepoint of the previous test');
    const refused = await submissionFailure(cluster, () =>
      cluster.submit(COUNT_JOB, countArgs(2, ['--counter-uid', 'counter-v2'], dir('sp-changed')), {
        savepointRestore: { path: middleSavepoint, allowNonRestoredState: false },
      }),
    );
    assert.match(refused, /has state for operator [0-9a-f]{32}, which this job does not have/, refused);
    assert.match(refused, /uid\(/, `the message should say how to fix it: ${refused}`);
    assert.match(refused, /allow-non-restored-state|allowNonRestoredState/, refused);

    const changedOut = dir('sp-changed-allowed');
    const allowed = await cluster.submit(COUNT_JOB, countArgs(2, ['--counter-uid', 'counter-v2'], changedOut), {
      savepointRestore: { path: middleSavepoint, allowNonRestoredState: true },
    });
    await cluster.waitForJobStatus(allowed, ['FINISHED'], 60_000);
    // The counter's state was dropped, the source's kept: the counts start again at 1 and
    // only the events after the savepoint are read.
    const lines = committedLines(changedOut);
    assert.ok(lines.length > 0 && lines.length < EVENTS, `only the rest of the input should be read (${lines.length} lines)`);
    const byKey = new Map<string, number[]>();
    for (const line of lines) {
      const [key, count] = line.split(' ');
      byKey.set(key ?? '', [...(byKey.get(key ?? '') ?? []), Number(count)]);
    }
    for (const [key, counts] of byKey) {
      counts.sort((a, b) => a - b);
      assert.deepEqual(counts, Array.from({ length: counts.length }, (_, i) => i + 1), `key ${key} should count from 1 again`);
    }
  });

  test('damaged savepoint metadata fails the submission with a message naming the file', async () => {
    assert.notEqual(middleSavepoint, '', 'needs the savepoint of the first test');
    const damaged = join(dir('sp-damaged'), 'savepoint');
    cpSync(middleSavepoint, damaged, { recursive: true });
    writeFileSync(join(damaged, '_metadata'), 'this is not checkpoint metadata \u0000\u0001\u0002');
    const message = await submissionFailure(cluster, () =>
      cluster.submit(COUNT_JOB, countArgs(2, [], dir('sp-damaged-out')), { savepointRestore: { path: damaged, allowNonRestoredState: false } }),
    );
    assert.ok(message.includes(join(damaged, '_metadata')), `the message should name ${join(damaged, '_metadata')}: ${message}`);
    assert.match(message, /damaged/, message);
  });

  test('missing savepoint metadata fails the submission with a message naming the file', async () => {
    assert.notEqual(middleSavepoint, '', 'needs the savepoint of the first test');
    const emptied = join(dir('sp-missing'), 'savepoint');
    cpSync(middleSavepoint, emptied, { recursive: true });
    rmSync(join(emptied, '_metadata'));
    const message = await submissionFailure(cluster, () =>
      cluster.submit(COUNT_JOB, countArgs(2, [], dir('sp-missing-out')), { savepointRestore: { path: emptied, allowNonRestoredState: false } }),
    );
    assert.ok(message.includes(join(emptied, '_metadata')), `the message should name ${join(emptied, '_metadata')}: ${message}`);
    assert.match(message, /no checkpoint metadata/, message);
    // A directory that does not exist at all is the same mistake.
    const nowhere = join(emptied, 'nowhere');
    const gone = await submissionFailure(cluster, () =>
      cluster.submit(COUNT_JOB, countArgs(2, [], dir('sp-nowhere-out')), { savepointRestore: { path: nowhere, allowNonRestoredState: false } }),
    );
    assert.ok(gone.includes(join(nowhere, '_metadata')), gone);
  });

  test('state TTL: a key silent for longer than its TTL counts from 1 again; a busy key does not', async () => {
    const ttlOut = dir('ttl-out');
    const jobId = await cluster.submit(TTL_JOB, ['--out', ttlOut, '--ttl', '500']);
    await cluster.waitForJobStatus(jobId, ['FINISHED'], 30_000);
    const lines = committedLines(ttlOut);
    const counts = (key: string): number[] => lines.filter((l) => l.startsWith(`${key} `)).map((l) => Number(l.split(' ')[1]));
    // One subtask writes them in order: `a` five times, a two-second gap, five more.
    assert.deepEqual(counts('a'), [1, 2, 3, 4, 5, 1, 2, 3, 4, 5], `key a's state should have expired in the gap: ${lines.join(', ')}`);
    assert.deepEqual(counts('b'), Array.from({ length: 20 }, (_, i) => i + 1), "key b's state, written every 100 ms, should live on");
  });
});

describe('a checkpoint that times out', { timeout: 60_000 }, () => {
  test('is reported failed in GET /jobs/:id/checkpoints, and with no tolerable failures the job fails over', async () => {
    const cluster = await TestCluster.start({
      taskManagers: 1,
      slots: 2,
      config: {
        'execution.checkpointing.dir': dir('timeout-checkpoints'),
        'execution.checkpointing.timeout': '200ms',
        'execution.checkpointing.tolerable-failed-checkpoints': '0',
        'restart-strategy.type': 'fixed-delay',
        'restart-strategy.fixed-delay.attempts': '1',
        'restart-strategy.fixed-delay.delay': '200ms',
      },
    });
    clusters.push(cluster);
    try {
      const jobId = await cluster.submit(SLOW_JOB, ['--checkpoint', '300']);
      await cluster.waitForRunning(jobId, 30_000);
      // One restart allowed: the first timed-out checkpoint fails the job over, the next one fails it for good.
      await cluster.waitForJobStatus(jobId, ['FAILED'], 30_000);

      const root = await cluster.rootException(jobId);
      assert.match(root, /did not complete within 200 ms/, `the job's failure should be the checkpoint timeout: ${root}`);
      assert.match(root, /tolerable-failed-checkpoints \(0\)/, root);
      const history = (await cluster.rest.jobExceptions(jobId)).exceptionHistory.entries;
      assert.ok(history.length >= 2, `the job should have failed over once before it failed (${history.length} failures recorded)`);

      let stats;
      try {
        stats = await cluster.checkpointStatistics(jobId);
      } catch (error) {
        const status = error instanceof RestCallError ? error.status : undefined;
        assert.fail(`GET /jobs/${jobId}/checkpoints should report the failed checkpoint (answered ${String(status)}): ${String(error)}`);
      }
      assert.ok(stats.counts.failed >= 1, `counts.failed should be at least 1: ${JSON.stringify(stats.counts)}`);
      assert.equal(stats.counts.completed, 0, 'no checkpoint can complete behind the slow map');
      assert.match(stats.latest.failed?.failure_message ?? '', /did not complete within 200 ms/, JSON.stringify(stats.latest.failed));
      assert.ok(
        stats.history.some((h) => h.status === 'FAILED'),
        `the history should list a FAILED checkpoint: ${JSON.stringify(stats.history.map((h) => h.status))}`,
      );
    } catch (error) {
      if (error instanceof Error) error.message += `\n${cluster.diagnostics()}`;
      throw error;
    }
  });
});
