/**
 * The weir CLI against a real cluster of processes: `run --jobmanager` attached and
 * detached, `list`, `savepoint`, `stop --savepoint-dir`, `run --from-savepoint` (remote
 * and embedded) carrying keyed state over, `cancel`, Ctrl-C while attached, and a failed
 * job the program never read still failing the run.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Configuration } from '../../src/config/index.js';
import { listLines } from '../../src/cli/list-command.js';
import { restBaseUrl } from '../../src/cli/cli-values.js';
import type { JobDetails } from '../../src/rest/messages.js';
import { repoPath, runWeir, type WeirRun } from '../support/weir-cli.js';
import { spawnWeir, startProcessCluster, stopProcess, waitFor, type ProcessCluster, type WeirProcess } from './support/process-cluster.js';

const COUNTER = repoPath('test/cli/jobs/keyed-counter.ts');
const REST_JOB = repoPath('test/rest/jobs/rest-job.ts');
const JOB_ID = /[0-9a-f]{32}/;

/** `key count` lines of the counter's output file, in order, per key. */
function countsByKey(file: string): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  if (!existsSync(file)) return counts;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [key, count] = line.split(' ');
    if (key === undefined || count === undefined) continue;
    counts.set(key, [...(counts.get(key) ?? []), Number(count)]);
  }
  return counts;
}

function lineCount(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0;
}

function savepointPath(run: WeirRun): string {
  const match = /Savepoint completed\. Path: (\S+)/.exec(run.stdout);
  assert.ok(match?.[1] !== undefined, `no savepoint path in:\n${run.stdout}\n${run.stderr}`);
  return match[1];
}

/**
 * A resumed run continues each key's count: its first count for a key is past 1 and at
 * most one past the last count the stopped run wrote (the stop's savepoint comes before
 * the sources end, so a few records may be counted twice, never skipped).
 */
function assertCountsContinue(before: Map<string, number[]>, after: Map<string, number[]>): void {
  assert.ok(after.size > 0, 'the resumed run wrote nothing');
  for (const [key, counts] of after) {
    const last = before.get(key)?.at(-1) ?? 0;
    const first = counts[0] ?? 0;
    assert.ok(first > 1 && first <= last + 1, `key ${key}: resumed at ${first}, the stopped run had reached ${last}`);
    counts.forEach((count, i) => assert.equal(count, first + i, `key ${key}: counts must go up by one`));
  }
}

describe('weir CLI against a process cluster', { timeout: 90_000 }, () => {
  let cluster: ProcessCluster;
  const spawned: WeirProcess[] = [];
  let m: string[];

  const weir = (args: readonly string[], timeoutMs = 30_000): Promise<WeirRun> => runWeir(args, { timeoutMs });
  const status = async (jobId: string): Promise<string> => (await cluster.client.jobStatus(jobId)).status;
  const awaitStatus = (jobId: string, wanted: string): Promise<string> =>
    waitFor(`job ${jobId} ${wanted}`, async () => ((await status(jobId)) === wanted ? wanted : undefined));

  before(async () => {
    cluster = await startProcessCluster({
      taskManagers: 2,
      slotsPerTaskManager: 2,
      config: (dir) => ({ 'execution.checkpointing.dir': join(dir, 'checkpoints') }),
    });
    m = ['--jobmanager', cluster.restHostPort];
  });

  after(async () => {
    await Promise.all(spawned.map((p) => stopProcess(p.child)));
    await cluster?.stop();
  });

  test('run --jobmanager, attached: status changes, then the job id and runtime; a failure exits 1', async () => {
    const ok = await weir(['run', ...m, REST_JOB, '--mode', 'finish']);
    assert.equal(ok.code, 0, ok.stderr);
    const jobId = JOB_ID.exec(ok.stderr)?.[0] ?? '';
    assert.match(ok.stderr, new RegExp(`Job 'rest finish job' has been submitted with JobID ${jobId}`));
    assert.match(ok.stderr, new RegExp(`\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d:\\d\\d : ${jobId} : rest finish job \\(FINISHED\\)`));
    assert.match(ok.stderr, new RegExp(`Job with JobID ${jobId} has finished\\.\\nJob Runtime: \\d+ ms`));
    assert.equal(await status(jobId), 'FINISHED');

    const failed = await weir(['run', ...m, REST_JOB, '--mode', 'fail']);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /\(FAILED\)/);
    assert.match(failed.stderr, /weir: .*rest failing job.* failed: .*element 17 is cursed/);
  });

  test('run --jobmanager: a job with accumulators gets their totals back, in its result and on the terminal', async () => {
    const run = await weir(['run', ...m, '-p', '3', repoPath('test/jobs/accumulators.ts'), '--case', 'totals', '--records', '200']);
    assert.equal(run.code, 0, run.stderr);
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULTS '));
    assert.ok(line !== undefined, `no RESULTS line in ${run.stdout}`);
    const results = JSON.parse(line.slice('RESULTS '.length)) as Record<string, unknown>;
    assert.deepEqual([results['count'], results['sum'], results['smallest'], results['largest']], [200, 19_900, 0, 199], 'totals merged over three subtasks on two TaskManagers');
    assert.match(run.stderr, /Job Runtime: \d+ ms\nAccumulator Results:\n/);
    assert.match(run.stderr, /^- sum \(LongCounter\): 19900$/m);
  });

  test('a failed job whose result the program never read still fails weir run, remote and embedded', async () => {
    const remote = await weir(['run', ...m, repoPath('test/cli/jobs/async-failing.ts')]);
    assert.equal(remote.code, 1, remote.stderr);
    assert.match(remote.stdout, /SUBMITTED [0-9a-f]{32} AND WALKED AWAY/);
    assert.match(remote.stderr, /async failing job.*failed: .*seven is not allowed/);
    const embedded = await weir(['run', repoPath('test/cli/jobs/async-failing.ts')]);
    assert.equal(embedded.code, 1, embedded.stderr);
    assert.match(embedded.stderr, /seven is not allowed/);
  });

  test('savepoint, stop and resume: detached run, list, savepoint, stop --savepoint-dir, run --from-savepoint, cancel', async () => {
    const out1 = join(cluster.dir, 'counts-1.txt');
    const detached = await weir(['run', ...m, '--detached', COUNTER, '--out', out1, '--name', 'counter one']);
    assert.equal(detached.code, 0, detached.stderr);
    const jobId = /Job has been submitted with JobID ([0-9a-f]{32})/.exec(detached.stdout)?.[1] ?? '';
    assert.match(jobId, JOB_ID, detached.stdout);
    await awaitStatus(jobId, 'RUNNING');
    await waitFor('the counter writing', async () => (lineCount(out1) >= 20 ? true : undefined));

    const listed = await weir(['list', ...m]);
    assert.equal(listed.code, 0, listed.stderr);
    const lines = listed.stdout.split('\n');
    assert.equal(lines[0], '------------------ Running/Restarting Jobs -------------------');
    assert.ok(lines.some((l) => new RegExp(`^\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d:\\d\\d : ${jobId} : counter one \\(RUNNING\\)$`).test(l)), listed.stdout);
    assert.ok(lines.includes('No scheduled jobs.'), listed.stdout);

    // The cluster has no default savepoint directory: the command says which key sets one.
    const noDir = await weir(['savepoint', ...m, jobId]);
    assert.equal(noDir.code, 1);
    assert.match(noDir.stderr, /no savepoint directory.*execution\.checkpointing\.savepoint-dir/);

    const taken = await weir(['savepoint', ...m, jobId, join(cluster.dir, 'savepoints')]);
    assert.equal(taken.code, 0, taken.stderr);
    assert.ok(existsSync(join(savepointPath(taken), '_metadata')), taken.stdout);
    assert.equal(await status(jobId), 'RUNNING', 'a savepoint leaves the job running');

    const stopped = await weir(['stop', ...m, jobId, '--savepoint-dir', join(cluster.dir, 'stopped')]);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, new RegExp(`Suspending job "${jobId}" with a savepoint\\.`));
    const stopPoint = savepointPath(stopped);
    assert.ok(stopPoint.startsWith(join(cluster.dir, 'stopped')) && existsSync(join(stopPoint, '_metadata')), stopPoint);
    assert.equal(await status(jobId), 'FINISHED');
    const before = countsByKey(out1);

    // Remote resume, detached: the keyed counts go on from the savepoint.
    const out2 = join(cluster.dir, 'counts-2.txt');
    const resumed = await weir(['run', ...m, '-d', '-s', stopPoint, COUNTER, '--out', out2, '--name', 'counter two']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const resumedId = JOB_ID.exec(resumed.stdout)?.[0] ?? '';
    await waitFor('the resumed counter writing', async () => (lineCount(out2) >= 8 ? true : undefined));
    assertCountsContinue(before, countsByKey(out2));
    const stats = await cluster.client.checkpointStatistics(resumedId);
    assert.equal(stats.latest.restored?.external_path, stopPoint);

    const cancelled = await weir(['cancel', ...m, resumedId]);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.equal(cancelled.stdout, `Cancelling job ${resumedId}.\nCancelled job ${resumedId}.\n`);
    assert.equal(await status(resumedId), 'CANCELED');
    const all = await weir(['list', ...m, '--all']);
    assert.match(all.stdout, new RegExp(`${resumedId} : counter two \\(CANCELED\\)`));
    assert.match(all.stdout, /No running jobs\./);

    // Embedded resume: the program cancels its own job once it has enough lines, which is no failure.
    const out3 = join(cluster.dir, 'counts-3.txt');
    const embedded = await weir(['run', '-s', stopPoint, COUNTER, '--out', out3, '--cancel-after', '8', '--rate', '100']);
    assert.equal(embedded.code, 0, embedded.stderr);
    assert.match(embedded.stdout, /CANCELLED AFTER \d+ LINES/);
    assertCountsContinue(before, countsByKey(out3));
  });

  test('Ctrl-C without a terminal cancels the attached job and says so', async () => {
    const out = join(cluster.dir, 'counts-interrupted.txt');
    const run = spawnWeir('interrupted run', ['run', ...m, COUNTER, '--out', out, '--name', 'interrupted counter']);
    spawned.push(run);
    const jobId = await waitFor('the attached job running', async () => /: ([0-9a-f]{32}) : interrupted counter \(RUNNING\)/.exec(run.output())?.[1], 30_000);
    // A cancel that reaches a task still being deployed can be lost; the job's output shows its tasks run.
    await waitFor('the attached job writing', async () => (lineCount(out) > 0 ? true : undefined));
    const exited = new Promise<number | null>((resolve) => run.child.once('exit', (code) => resolve(code)));
    run.child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 30_000)))]);
    clearTimeout(timer);
    assert.equal(code, 130, run.output());
    assert.match(run.output(), new RegExp(`Interrupted: cancelling ${jobId}\\.\\n(.*\\n)*Cancelled job ${jobId}\\.\\n`));
    assert.equal(await status(jobId), 'CANCELED');
  });

  test('usage errors: a bad JobID, --detached without --jobmanager, an unreachable JobManager', async () => {
    const badId = await weir(['cancel', ...m, 'not-a-job']);
    assert.equal(badId.code, 1);
    assert.match(badId.stderr, /'not-a-job' is not a JobID/);
    const detached = await weir(['run', '--detached', REST_JOB]);
    assert.equal(detached.code, 1);
    assert.match(detached.stderr, /--detached needs --jobmanager/);
    const gone = await weir(['list', '--jobmanager', '127.0.0.1:1']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /could not reach the JobManager's REST endpoint at http:\/\/127\.0\.0\.1:1/);
    // Without --jobmanager, rest.address and rest.port from the configuration name the cluster.
    const configured = await weir(['list', ...cluster.defines]);
    assert.equal(configured.code, 0, configured.stderr);
  });
});

describe('CLI values and list lines', () => {
  test('restBaseUrl: host:port, URLs, and rest.address:rest.port by default', () => {
    const config = Configuration.fromMap({ 'rest.address': 'localhost', 'rest.port': '9091' });
    assert.equal(restBaseUrl(undefined, config), 'http://127.0.0.1:9091');
    assert.equal(restBaseUrl('jm.example:8081', config), 'http://jm.example:8081');
    assert.equal(restBaseUrl('[::1]:8081', config), 'http://[::1]:8081');
    assert.equal(restBaseUrl('https://jm.example/', config), 'https://jm.example');
    assert.throws(() => restBaseUrl('jm.example', config), /expects the JobManager's REST address as host:port/);
    assert.throws(() => restBaseUrl('jm:99999', config), /host:port/);
  });

  test('listLines: Flink sections, oldest first, CREATED jobs as scheduled', () => {
    const job = (jid: string, state: JobDetails['state'], start: number): JobDetails =>
      ({ jid, name: `job ${jid.slice(0, 2)}`, state, 'start-time': start }) as JobDetails;
    const jobs = [job('b'.repeat(32), 'RUNNING', 2_000), job('a'.repeat(32), 'RESTARTING', 1_000), job('c'.repeat(32), 'CREATED', 3_000), job('d'.repeat(32), 'FAILED', 0)];
    const lines = listLines(jobs, {});
    assert.equal(lines.length, 7);
    assert.match(lines[1] ?? '', / : a{32} : job aa \(RESTARTING\)$/);
    assert.match(lines[2] ?? '', / : b{32} : job bb \(RUNNING\)$/);
    assert.equal(lines[4], '----------------------- Scheduled Jobs -----------------------');
    assert.deepEqual(listLines([], {}), ['No running jobs.', 'No scheduled jobs.']);
    assert.deepEqual(listLines([], { running: true }), ['No running jobs.']);
    assert.ok(listLines(jobs, { all: true }).some((l) => /d{32} : job dd \(FAILED\)$/.test(l)));
    assert.ok(!listLines(jobs, { running: true }).some((l) => l.includes('FAILED')));
  });
});
