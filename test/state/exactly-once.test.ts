/**
 * The flagship fault-tolerance test: a keyed count over 1,000,000 generated events into
 * the FileSink, on a cluster of real processes, while TaskManagers are killed with
 * SIGKILL at random moments. test/cluster/jobs/keyed-sequence.ts writes `key count` for
 * every event, so the committed part files of a correct run hold exactly the lines
 * `k 1` … `k n_k` for every key: a lost event leaves a line missing, a replayed one that
 * reached the output twice leaves a line twice.
 *
 * The kill moments come from a seeded generator; the seed is printed, and
 * WEIR_TEST_SEED=<seed> replays the same schedule.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test, type TestContext } from 'node:test';
import {
  TestCluster,
  checkSequences,
  committedLines,
  killAllClusterProcesses,
  scratchDir,
  sleep,
  waitFor,
} from '../support/cluster.js';

const JOB = 'test/cluster/jobs/keyed-sequence.ts';
const EVENTS = 1_000_000;
const KEYS = 1000;
/** ~20 s of input without failures. */
const RATE = 50_000;
const KILLS = 3;

/** mulberry32: small, seedable, good enough to pick moments. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seed = Number(process.env['WEIR_TEST_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const clusters: TestCluster[] = [];
const dirs: string[] = [];

after(async () => {
  await Promise.all(clusters.map((c) => c.close().catch(() => undefined)));
  killAllClusterProcesses();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface KillLog {
  readonly atMs: number;
  readonly taskManager: string;
  readonly recoveredMs: number;
}

/**
 * Runs the job on JobManager + 2 busy TaskManagers + a spare, kills a TaskManager that
 * runs a subtask KILLS times at random moments (a new spare is started after each kill),
 * and returns the committed lines once the job finished.
 */
async function runWithKills(t: TestContext, mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE', rng: () => number): Promise<{ lines: string[]; kills: KillLog[] }> {
  const checkpoints = scratchDir('eo-checkpoints');
  const out = scratchDir('eo-out');
  dirs.push(checkpoints, out);
  const cluster = await TestCluster.start({
    taskManagers: 3,
    slots: 1,
    config: {
      'heartbeat.interval': '500ms',
      'heartbeat.timeout': '2s',
      'restart-strategy.type': 'fixed-delay',
      'restart-strategy.fixed-delay.attempts': '20',
      'restart-strategy.fixed-delay.delay': '500ms',
      'execution.checkpointing.dir': checkpoints,
    },
  });
  clusters.push(cluster);
  try {
    const started = Date.now();
    const jobId = await cluster.submit(JOB, [
      ...['--out', out, '--events', String(EVENTS), '--keys', String(KEYS)],
      ...['--parallelism', '2', '--rate', String(RATE), '--checkpoint', '500', '--mode', mode],
    ]);
    await cluster.waitForRunning(jobId, 30_000);
    const kills: KillLog[] = [];
    for (let k = 0; k < KILLS; k++) {
      // Anywhere in the next 1.5-5 s of running: early, mid-checkpoint, just after one.
      await sleep(1500 + rng() * 3500);
      const status = await cluster.jobStatus(jobId);
      assert.equal(status, 'RUNNING', `the job should still run before kill ${k + 1} (input takes ~${EVENTS / RATE} s)`);
      const hosts = await cluster.taskManagersOf(jobId);
      const victim = hosts[Math.floor(rng() * hosts.length)];
      assert.ok(victim !== undefined, 'a TaskManager runs the job');
      const killedAt = Date.now();
      cluster.taskManager(victim).process.kill('SIGKILL');
      // Keep a spare: the job must not wait for the killed one to come back.
      cluster.startTaskManager();
      await waitFor(`the job to run again after kill ${k + 1}`, 30_000, async () => {
        const subtasks = await cluster.subtasks(jobId);
        return subtasks.every((s) => s.status === 'RUNNING' && s['taskmanager-id'] !== victim) ? true : undefined;
      });
      kills.push({ atMs: killedAt - started, taskManager: victim, recoveredMs: Date.now() - killedAt });
    }
    await cluster.waitForJobStatus(jobId, ['FINISHED'], 60_000);
    t.diagnostic(`${mode}: finished after ${Date.now() - started} ms; kills ${JSON.stringify(kills)}`);
    return { lines: committedLines(out), kills };
  } catch (error) {
    if (error instanceof Error) error.message += `\nseed ${seed}\n${cluster.diagnostics()}`;
    throw error;
  } finally {
    await cluster.close();
  }
}

describe(`exactly-once through TaskManager SIGKILLs (seed ${seed})`, { timeout: 150_000 }, () => {
  const rng = random(seed);

  test('EXACTLY_ONCE: the committed part files hold every expected line exactly once', async (t) => {
    t.diagnostic(`WEIR_TEST_SEED=${seed}`);
    const { lines, kills } = await runWithKills(t, 'EXACTLY_ONCE', rng);
    assert.equal(kills.length, KILLS);
    const report = checkSequences(lines, EVENTS, KEYS);
    assert.deepEqual(
      { lines: report.lines, missing: report.missing, duplicated: report.duplicated, unexpected: report.unexpected },
      { lines: EVENTS, missing: 0, duplicated: 0, unexpected: 0 },
      `nothing lost, nothing twice (seed ${seed}); ${report.examples.join(', ')}`,
    );
  });

  test('AT_LEAST_ONCE: nothing is lost', async (t) => {
    const { lines, kills } = await runWithKills(t, 'AT_LEAST_ONCE', rng);
    assert.equal(kills.length, KILLS);
    const report = checkSequences(lines, EVENTS, KEYS);
    t.diagnostic(`AT_LEAST_ONCE: ${report.lines} lines, ${report.duplicated} duplicated, ${report.unexpected} past the expected counts`);
    assert.equal(report.missing, 0, `every expected line at least once (seed ${seed}); ${report.examples.join(', ')}`);
  });
});
