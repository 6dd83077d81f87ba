/**
 * Weir as separate OS processes on 127.0.0.1: a `weir jobmanager`, `weir taskmanager`s
 * started by hand or by the JobManager (native mode), `weir run-application`. Jobs go in
 * over REST and their output is checked line by line (test/cluster/jobs/keyed-sequence.ts
 * writes `key count` for every event, so any loss or duplicate shows).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import {
  TestCluster,
  checkSequences,
  childPids,
  committedLines,
  freePort,
  killAllClusterProcesses,
  processGroupMembers,
  scratchDir,
  spawnWeir,
  waitFor,
  type Exit,
  type SequenceReport,
  type WeirProcess,
} from '../support/cluster.js';
import { repoPath, runWeir } from '../support/weir-cli.js';

const JOB = 'test/cluster/jobs/keyed-sequence.ts';

/** Heartbeats fast enough that a lost process is noticed within a test's patience. */
const FAST_HEARTBEATS = { 'heartbeat.interval': '500ms', 'heartbeat.timeout': '2s' };

const clusters: TestCluster[] = [];
const dirs: string[] = [];

async function cluster(options: Parameters<typeof TestCluster.start>[0]): Promise<TestCluster> {
  const started = await TestCluster.start(options);
  clusters.push(started);
  return started;
}

function outDir(): string {
  const dir = scratchDir('out');
  dirs.push(dir);
  return dir;
}

function assertExact(report: SequenceReport, events: number, context: string): void {
  assert.deepEqual(
    { lines: report.lines, missing: report.missing, duplicated: report.duplicated, unexpected: report.unexpected },
    { lines: events, missing: 0, duplicated: 0, unexpected: 0 },
    `${context}: the committed output should be exactly one line per event; ${report.examples.join(', ')}`,
  );
}

/** On failure, the processes' last words explain more than the assertion does. */
async function explained<T>(c: TestCluster, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof Error) error.message += `\n${c.diagnostics()}`;
    throw error;
  }
}

after(async () => {
  await Promise.all(clusters.map((c) => c.close().catch(() => undefined)));
  killAllClusterProcesses();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a session cluster: JobManager and two TaskManagers of one slot each', { timeout: 60_000 }, () => {
  let session: TestCluster;

  test('starts, and both TaskManagers register', async () => {
    session = await cluster({ taskManagers: 2, slots: 1, config: { 'slot.request.timeout': '3s' } });
    const overview = await session.rest.overview();
    assert.equal(overview.taskmanagers, 2);
    assert.equal(overview['slots-total'], 2);
  });

  test('a keyBy-shuffled job at parallelism 2 runs on both TaskManagers and gives the right result', async () => {
    const out = outDir();
    const events = 40_000;
    const jobId = await session.submit(JOB, ['--out', out, '--events', String(events), '--keys', '97', '--parallelism', '2', '--rate', '20000']);
    await session.waitForRunning(jobId, 20_000);
    const placement = await session.taskManagersOf(jobId);
    assert.equal(placement.length, 2, `the two subtasks should run on two TaskManagers, ran on ${placement.join(', ')}`);
    await session.waitForJobStatus(jobId, ['FINISHED'], 30_000);
    assertExact(checkSequences(committedLines(out), events, 97), events, 'shuffled job');
  });

  test('two concurrent jobs share the cluster and both give the right result', async () => {
    const [outA, outB] = [outDir(), outDir()];
    const events = 6000;
    const args = (out: string, name: string): string[] => ['--out', out, '--events', String(events), '--keys', '13', '--rate', '2000', '--name', name];
    const jobA = await session.submit(JOB, args(outA, 'job A'));
    const jobB = await session.submit(JOB, args(outB, 'job B'));
    await Promise.all([session.waitForRunning(jobA, 20_000), session.waitForRunning(jobB, 20_000)]);
    // Both run at the same time: each holds one of the two slots.
    assert.deepEqual(
      [await session.jobStatus(jobA), await session.jobStatus(jobB)],
      ['RUNNING', 'RUNNING'],
      'both jobs should be running at once',
    );
    assert.equal((await session.rest.overview())['slots-available'], 0);
    await Promise.all([session.waitForJobStatus(jobA, ['FINISHED'], 30_000), session.waitForJobStatus(jobB, ['FINISHED'], 30_000)]);
    assertExact(checkSequences(committedLines(outA), events, 13), events, 'job A');
    assertExact(checkSequences(committedLines(outB), events, 13), events, 'job B');
  });

  test('`weir run --jobmanager` submits over REST, waits for the job and prints its result', async () => {
    const out = outDir();
    const run = await runWeir(['run', '--jobmanager', `127.0.0.1:${session.restPort}`, repoPath(JOB), '--out', out, '--events', '5000', '--keys', '11', '--parallelism', '2'], {
      timeoutMs: 60_000,
    });
    assert.equal(run.code, 0, `weir run --jobmanager should succeed:\n${run.stderr}`);
    assert.match(run.stdout, /RESULT \{"jobName":"keyed sequence","events":5000\}/, run.stdout);
    assertExact(checkSequences(committedLines(out), 5000, 11), 5000, 'weir run --jobmanager');
  });

  test('a job needing more slots than the cluster has fails after slot.request.timeout with "not enough slots"', async () => {
    const submitted = Date.now();
    const jobId = await session.submit(JOB, ['--out', outDir(), '--events', '100', '--parallelism', '3']);
    await session.waitForJobStatus(jobId, ['FAILED'], 20_000);
    const elapsed = Date.now() - submitted;
    // It waits for the timeout (3 s) and not much longer.
    assert.ok(elapsed >= 2800, `the job failed after ${elapsed} ms, before slot.request.timeout (3 s)`);
    assert.ok(elapsed < 10_000, `the job failed only after ${elapsed} ms`);
    const result = (await session.rest.jobExecutionResult(jobId))['job-execution-result'];
    const cause = JSON.stringify(result?.['failure-cause'] ?? null);
    assert.match(cause, /not enough slots: the job needs 3 .*the cluster has 2/, `the job's failure cause: ${cause}`);
    // Its slot requirement is gone: the cluster's slots are free for the next job.
    await waitFor('the slots to be free', 5000, async () => ((await session.rest.overview())['slots-available'] === 2 ? true : undefined));
    // What the dashboard and `GET /jobs/:id/exceptions` show, as for any other failure.
    const root = await session.rootException(jobId);
    assert.match(root, /not enough slots: the job needs 3 .*the cluster has 2/, `GET /jobs/${jobId}/exceptions root-exception: ${root}`);
  });
});

describe('a TaskManager killed with SIGKILL mid-job', { timeout: 75_000 }, () => {
  test('the job restarts on the spare TaskManager from its checkpoint and ends with exactly the right result', async (t) => {
    const checkpoints = scratchDir('checkpoints');
    dirs.push(checkpoints);
    const c = await cluster({
      taskManagers: 3,
      slots: 1,
      config: {
        ...FAST_HEARTBEATS,
        'restart-strategy.type': 'fixed-delay',
        'restart-strategy.fixed-delay.attempts': '5',
        'restart-strategy.fixed-delay.delay': '500ms',
        'execution.checkpointing.dir': checkpoints,
      },
    });
    await explained(c, async () => {
      const out = outDir();
      const events = 80_000;
      const jobId = await c.submit(JOB, ['--out', out, '--events', String(events), '--keys', '101', '--parallelism', '2', '--rate', '10000', '--checkpoint', '500']);
      await c.waitForRunning(jobId, 20_000);
      // Some output committed: at least one checkpoint completed before the kill.
      await waitFor('a first committed part file', 20_000, () => (committedLines(out).length > 0 ? true : undefined));
      const [victim] = await c.taskManagersOf(jobId);
      assert.ok(victim !== undefined);
      const killedAt = Date.now();
      c.taskManager(victim).process.kill('SIGKILL');

      await waitFor('the job to run again without the killed TaskManager', 30_000, async () => {
        const subtasks = await c.subtasks(jobId);
        return subtasks.every((s) => s.status === 'RUNNING' && s['taskmanager-id'] !== victim) ? true : undefined;
      });
      const recoveredMs = Date.now() - killedAt;
      await c.waitForJobStatus(jobId, ['FINISHED'], 45_000);

      assertExact(checkSequences(committedLines(out), events, 101), events, 'after a TaskManager was killed');
      const subtasks = await c.subtasks(jobId);
      assert.ok(
        subtasks.every((s) => s.attempt >= 1),
        `every subtask should have been restarted (attempts ${subtasks.map((s) => s.attempt).join(', ')})`,
      );
      const exceptions = await c.rest.jobExceptions(jobId);
      assert.ok(exceptions.exceptionHistory.entries.length > 0, 'the failure should be in the exception history');
      t.diagnostic(`running again ${recoveredMs} ms after the kill`);
      assert.ok(recoveredMs < 20_000, `recovery took ${recoveredMs} ms`);
    });
  });
});

describe('the JobManager killed with SIGKILL and started again on the same ports', { timeout: 75_000 }, () => {
  test('the TaskManagers register again and a new job runs', async (t) => {
    const c = await cluster({ taskManagers: 2, slots: 1, config: FAST_HEARTBEATS });
    await explained(c, async () => {
      const before = (await c.rest.taskManagers()).taskmanagers.map((tm) => tm.id).sort();
      const jm = c.jobManager;
      assert.ok(jm !== undefined);
      jm.kill('SIGKILL');
      await jm.exited;

      const restartedAt = Date.now();
      await c.startJobManager();
      const again = await c.waitForTaskManagers(2, 20_000);
      const reRegisteredMs = Date.now() - restartedAt;
      assert.deepEqual(again.sort(), before, 'the same two TaskManagers should be back');
      t.diagnostic(`both TaskManagers back ${reRegisteredMs} ms after the JobManager restarted`);
      assert.ok(reRegisteredMs < 20_000, `re-registration took ${reRegisteredMs} ms`);
      assert.ok(c.taskManagers.every((tm) => tm.process.alive), 'the TaskManagers should have survived the JobManager');

      const out = outDir();
      const jobId = await c.submit(JOB, ['--out', out, '--events', '20000', '--keys', '31', '--parallelism', '2']);
      await c.waitForJobStatus(jobId, ['FINISHED'], 30_000);
      assertExact(checkSequences(committedLines(out), 20_000, 31), 20_000, 'a job after the JobManager restart');
    });
  });
});

describe('native mode: resourcemanager.driver=process', { timeout: 60_000 }, () => {
  test('the JobManager starts TaskManager processes for a job and stops them after resourcemanager.taskmanager-timeout', async (t) => {
    const c = await cluster({
      slots: 1,
      config: { ...FAST_HEARTBEATS, 'resourcemanager.driver': 'process', 'resourcemanager.taskmanager-timeout': '2s' },
    });
    await explained(c, async () => {
      const jm = c.jobManager;
      assert.ok(jm !== undefined);
      assert.equal(childPids(jm.pid).length, 0, 'no TaskManager before a job asks for slots');
      assert.equal((await c.rest.taskManagers()).taskmanagers.length, 0);

      const out = outDir();
      const events = 20_000;
      const jobId = await c.submit(JOB, ['--out', out, '--events', String(events), '--keys', '17', '--parallelism', '2', '--rate', '8000']);
      await c.waitForRunning(jobId, 30_000);
      const running = childPids(jm.pid);
      assert.equal(running.length, 2, `two TaskManager processes (one slot each) should run for a job of parallelism 2, found ${running.length}`);
      assert.equal((await c.rest.taskManagers()).taskmanagers.length, 2);
      await c.waitForJobStatus(jobId, ['FINISHED'], 30_000);
      const finishedAt = Date.now();
      assertExact(checkSequences(committedLines(out), events, 17), events, 'native mode');

      await waitFor('the idle TaskManagers to be stopped', 15_000, async () =>
        childPids(jm.pid).length === 0 && (await c.rest.taskManagers()).taskmanagers.length === 0 ? true : undefined,
      );
      const stoppedAfter = Date.now() - finishedAt;
      t.diagnostic(`idle TaskManagers stopped ${stoppedAfter} ms after the job finished`);
      assert.ok(stoppedAfter >= 1500, `the TaskManagers were stopped ${stoppedAfter} ms after the job, before the 2 s timeout`);
      for (const pid of running) assert.throws(() => process.kill(pid, 0), `TaskManager process ${pid} should be gone`);
    });
  });
});

describe('DELETE /cluster', { timeout: 60_000 }, () => {
  test('stops the JobManager process cleanly, as SIGTERM would', async () => {
    const c = await cluster({ slots: 1, taskManagers: 1, config: FAST_HEARTBEATS });
    await explained(c, async () => {
      const jm = c.jobManager;
      assert.ok(jm !== undefined);
      assert.deepEqual(await c.restCall('DELETE', '/cluster'), {});
      const exit = await Promise.race([jm.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20_000).unref())]);
      assert.deepEqual(exit, { code: 0, signal: null }, 'the JobManager should exit with code 0 within 20 s of DELETE /cluster');
      await assert.rejects(c.rest.overview(), 'the REST API should be gone with the JobManager');
    });
  });
});

describe('weir run-application', { timeout: 70_000 }, () => {
  /** Starts `weir run-application` on free ports; `extra` are more flags before the job file. */
  async function application(extra: readonly string[], out: string, events: number): Promise<WeirProcess> {
    const logDir = scratchDir('app-log');
    dirs.push(logDir);
    return spawnWeir(
      'run-application',
      [
        'run-application',
        ...['-p', '2', '-D', 'taskmanager.numberOfTaskSlots=1'],
        ...['-D', `rest.port=${await freePort()}`, '-D', `jobmanager.rpc.port=${await freePort()}`],
        ...['-D', 'heartbeat.interval=500ms', '-D', 'heartbeat.timeout=2s'],
        ...extra,
        repoPath(JOB),
        ...['--out', out, '--events', String(events), '--keys', '7'],
      ],
      { WEIR_LOG_DIR: logDir },
    );
  }

  /** Waits for the application's TaskManager processes (children of its process); fails early if none come. */
  async function taskManagersOf(app: WeirProcess): Promise<number> {
    try {
      return await waitFor('TaskManager processes of the application', 20_000, () => {
        if (!app.alive) throw new Error(`run-application exited before it started a TaskManager:\n${app.tail()}`);
        const count = childPids(app.pid).length;
        return count > 0 ? count : undefined;
      });
    } catch (error) {
      app.kill('SIGKILL');
      throw error;
    }
  }

  async function exitOf(app: WeirProcess, timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        app.exited,
        new Promise<never>((_, fail) => {
          timer = setTimeout(() => {
            app.kill('SIGKILL');
            fail(new Error(`run-application did not exit within ${timeoutMs} ms:\n${app.tail()}`));
          }, timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  test("exits when the job ends, with the job's result, and leaves no TaskManager process behind", async () => {
    const out = outDir();
    const events = 10_000;
    const app = await application(['-D', 'resourcemanager.driver=process'], out, events);
    assert.ok((await taskManagersOf(app)) > 0);
    const exit = await exitOf(app, 40_000);
    assert.equal(exit.code, 0, `run-application should succeed:\n${app.tail()}`);
    assert.match(app.output, /RESULT \{"jobName":"keyed sequence","events":10000\}/, `the program's result line:\n${app.tail()}`);
    assertExact(checkSequences(committedLines(out), events, 7), events, 'run-application');
    // Its process group held the JobManager and the TaskManagers it started: all gone.
    assert.deepEqual(processGroupMembers(app.pid), [], 'no process of the application should be left');
  });

  test('starts TaskManager processes with the shipped configuration, whose resourcemanager.driver is standalone for session clusters', async () => {
    const out = outDir();
    const app = await application([], out, 2000);
    assert.ok((await taskManagersOf(app)) > 0);
    const exit = await exitOf(app, 40_000);
    assert.equal(exit.code, 0, `run-application should succeed:\n${app.tail()}`);
    assertExact(checkSequences(committedLines(out), 2000, 7), 2000, 'run-application with conf/config.yaml');
  });
});
