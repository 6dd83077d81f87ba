/**
 * The correctness bar with a failure in the middle: every event-time window case of the
 * window-properties job, on a cluster of separate processes, with a TaskManager killed
 * with SIGKILL while windows are still open, still gives exactly what the brute force
 * gives. Results go to exactly-once file sinks, so a restart must neither lose nor repeat
 * a window's result.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { TestCluster, failoverConfig, killAllClusterProcesses, scratchDir } from '../support/cluster.js';
import { difference, expected } from './support/expected.js';

const JOB = 'test/windowing/jobs/window-properties.ts';
const SEED = 505;

const clusters: TestCluster[] = [];
const dirs: string[] = [];

after(async () => {
  await Promise.all(clusters.map((c) => c.close().catch(() => undefined)));
  killAllClusterProcesses();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The committed result rows of each case: visible part files only, never hidden in-progress ones. */
function committedResults(out: string): Record<string, unknown[]> {
  const results: Record<string, unknown[]> = {};
  for (const name of readdirSync(out)) {
    for (const file of readdirSync(join(out, name))) {
      if (file.startsWith('.')) continue;
      for (const line of readFileSync(join(out, name, file), 'utf8').split('\n')) {
        const match = /^RESULT (\S+) (.*)$/.exec(line);
        if (match !== null) (results[match[1] as string] ??= []).push(JSON.parse(match[2] as string));
      }
    }
  }
  return results;
}

describe('event-time windows with a TaskManager killed mid-run', { timeout: 120_000 }, () => {
  test('every window case still equals the brute force, exactly once', async () => {
    const checkpoints = scratchDir('window-checkpoints');
    const out = scratchDir('window-out');
    dirs.push(checkpoints, out);
    const cluster = await TestCluster.start({
      taskManagers: 3,
      slots: 1,
      config: failoverConfig(checkpoints),
    });
    clusters.push(cluster);
    // 3000 events at 400/s: about 7 s of event time arriving while the TaskManager dies.
    const jobId = await cluster.submit(JOB, ['--seed', String(SEED), '--out', out, '--rate', '400', '--checkpoint', '300'], {
      defaults: { parallelism: 2 },
    });
    await cluster.waitForRunning(jobId, 30_000);
    await cluster.waitForCompletedCheckpoint(jobId);
    const [victim] = await cluster.taskManagersOf(jobId);
    assert.ok(victim !== undefined, 'the job runs on some TaskManager');
    cluster.taskManager(victim).process.kill('SIGKILL');
    await cluster.waitForJobStatus(jobId, ['FINISHED'], 90_000);

    const actual = committedResults(out);
    const wanted = expected(SEED);
    for (const [name, rows] of Object.entries(wanted)) {
      const { missing, extra } = difference(actual[name] ?? [], rows);
      assert.ok(
        missing.length === 0 && extra.length === 0,
        `${name}: ${missing.length} results missing, ${extra.length} unexpected (of ${rows.length}) after the kill; ` +
          `missing ${missing.slice(0, 5).join(' ')}; unexpected ${extra.slice(0, 5).join(' ')}`,
      );
    }
    const details = await cluster.rest.jobDetails(jobId);
    assert.ok(details.vertices.length > 0);
    const exceptions = await cluster.rest.jobExceptions(jobId);
    assert.ok(exceptions.exceptionHistory.entries.length > 0, 'the TaskManager loss should be in the exception history');
  });
});
