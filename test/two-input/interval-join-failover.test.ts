/**
 * The interval join with a failure in the middle: on a cluster of separate processes, a
 * TaskManager killed with SIGKILL while both sides are still arriving; the exactly-once
 * output must still be exactly the brute-force join, shuffled input and all.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { TestCluster, committedLines, failoverConfig, killAllClusterProcesses, scratchDir } from '../support/cluster.js';
import { expectedPairs } from './support/expected-pairs.js';

const JOB = 'test/two-input/jobs/interval-join-property.ts';
const clusters: TestCluster[] = [];
const dirs: string[] = [];

after(async () => {
  await Promise.all(clusters.map((c) => c.close().catch(() => undefined)));
  killAllClusterProcesses();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('interval join with a TaskManager killed mid-run', { timeout: 120_000 }, () => {
  test('the committed pairs equal the brute-force join exactly', async () => {
    const checkpoints = scratchDir('join-checkpoints');
    const out = scratchDir('join-out');
    dirs.push(checkpoints, out);
    const cluster = await TestCluster.start({
      taskManagers: 3,
      slots: 1,
      config: failoverConfig(checkpoints),
    });
    clusters.push(cluster);
    const orders = 300;
    const jobId = await cluster.submit(
      JOB,
      ['--seed', '9', '--orders', String(orders), '--shuffle', '17', '--out', out, '--rate', '50', '--checkpoint', '300'],
      { defaults: { parallelism: 2 } },
    );
    await cluster.waitForRunning(jobId, 30_000);
    await cluster.waitForCompletedCheckpoint(jobId);
    const [victim] = await cluster.taskManagersOf(jobId);
    assert.ok(victim !== undefined, 'the job runs on some TaskManager');
    cluster.taskManager(victim).process.kill('SIGKILL');
    await cluster.waitForJobStatus(jobId, ['FINISHED'], 90_000);

    assert.deepEqual(committedLines(out).sort(), expectedPairs(orders, 9), 'every pair exactly once after the kill');
    const exceptions = await cluster.rest.jobExceptions(jobId);
    assert.ok(exceptions.exceptionHistory.entries.length > 0, 'the TaskManager loss should be in the exception history');
  });
});
