/**
 * The checkpoint, savepoint and stop routes against a real cluster of processes: Flink's
 * shapes for statistics, configuration and details after a few checkpoints; triggered
 * checkpoints and savepoints through trigger ids; stop-with-savepoint; restoring through
 * `POST /jars/:jarid/run`; and the 400/404 answers for bad and unknown ids.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildArtifact } from '../../src/client/artifact.js';
import { AsyncOperations } from '../../src/rest/async-operations.js';
import { statsSummary } from '../../src/rest/checkpoint-bodies.js';
import type {
  AsynchronousOperationResult,
  CheckpointConfigInfo,
  CheckpointInfo,
  CheckpointingStatistics,
  CheckpointStatistics,
  SavepointInfo,
  TaskCheckpointStatisticsWithSubtaskDetails,
  TriggerResponse,
} from '../../src/rest/checkpoint-messages.js';
import type { ErrorResponseBody, JobDetailsInfo } from '../../src/rest/messages.js';
import { repoPath, runWeir } from '../support/weir-cli.js';
import { startProcessCluster, waitFor, type ProcessCluster } from '../cli/support/process-cluster.js';

const COUNTER = repoPath('test/cli/jobs/keyed-counter.ts');
const UNKNOWN = '0123456789abcdef0123456789abcdef';
const SUMMARY_KEYS = ['avg', 'max', 'min', 'p50', 'p90', 'p95', 'p99', 'p999'];

interface Answer<T> {
  readonly status: number;
  readonly body: T;
}

describe('checkpoint and savepoint routes on a process cluster', { timeout: 90_000 }, () => {
  let cluster: ProcessCluster;
  let base: string;

  async function http<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  function assertError(answer: Answer<unknown>, status: number, fragment: RegExp): void {
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    const errors = (answer.body as ErrorResponseBody).errors;
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', fragment);
  }

  /** Submits the counter detached through the CLI and waits until its tasks run. */
  async function startCounter(name: string, extra: readonly string[] = []): Promise<string> {
    const run = await runWeir(['run', '--jobmanager', cluster.restHostPort, '--detached', COUNTER, '--out', join(cluster.dir, `${name}.txt`), '--name', name, ...extra], {
      timeoutMs: 30_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const jobId = /JobID ([0-9a-f]{32})/.exec(run.stdout)?.[1] ?? '';
    // A job is RUNNING before its tasks are; a savepoint needs every task running.
    await waitFor(`the tasks of ${name} running`, async () =>
      (await cluster.client.jobDetails(jobId)).vertices.every((v) => v.status === 'RUNNING') ? true : undefined,
    );
    return jobId;
  }

  async function operation<Op>(path: string): Promise<Op> {
    return waitFor(`${path} completing`, async () => {
      const answer = await http<AsynchronousOperationResult<Op>>('GET', path);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.status.id === 'COMPLETED' ? answer.body.operation : undefined;
    });
  }

  before(async () => {
    cluster = await startProcessCluster({
      taskManagers: 1,
      slotsPerTaskManager: 4,
      config: (dir) => ({ 'execution.checkpointing.dir': join(dir, 'checkpoints'), 'execution.checkpointing.num-retained': '2' }),
    });
    base = `http://${cluster.restHostPort}`;
  });

  after(async () => {
    await cluster?.stop();
  });

  test('statistics, config and details after a few checkpoints; triggered checkpoints and savepoints; stop', async () => {
    const jobId = await startCounter('counted');
    const stats = await waitFor('three completed checkpoints', async () => {
      const answer = await http<CheckpointingStatistics>('GET', `/jobs/${jobId}/checkpoints`);
      return answer.body.counts.completed >= 3 ? answer.body : undefined;
    });
    const { counts } = stats;
    assert.deepEqual(Object.keys(counts).sort(), ['completed', 'failed', 'in_progress', 'restored', 'total']);
    assert.equal(counts.total, counts.completed + counts.in_progress + counts.failed);
    assert.equal(counts.restored, 0);
    for (const field of ['checkpointed_size', 'state_size', 'end_to_end_duration', 'alignment_buffered', 'processed_data', 'persisted_data'] as const) {
      assert.deepEqual(Object.keys(stats.summary[field]).sort(), SUMMARY_KEYS, field);
    }
    assert.ok(stats.summary.state_size.min > 0 && stats.summary.state_size.max >= stats.summary.state_size.p50);
    const latest = stats.latest.completed;
    assert.ok(latest !== null);
    assert.equal(latest.className, 'completed');
    assert.equal(latest.status, 'COMPLETED');
    assert.equal(latest.is_savepoint, false);
    assert.equal(latest.num_acknowledged_subtasks, latest.num_subtasks);
    assert.ok(latest.external_path !== undefined && existsSync(join(latest.external_path, '_metadata')), latest.external_path);
    assert.equal(stats.latest.savepoint, null);
    assert.equal(stats.latest.restored, null);
    const ids = stats.history.map((h) => h.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'history is newest first');
    for (const entry of stats.history) {
      for (const key of ['id', 'status', 'is_savepoint', 'trigger_timestamp', 'latest_ack_timestamp', 'state_size', 'end_to_end_duration', 'num_subtasks', 'num_acknowledged_subtasks']) {
        assert.ok(key in entry, `history entry lacks ${key}: ${JSON.stringify(entry)}`);
      }
      if (entry.status === 'COMPLETED') assert.ok(entry.external_path?.includes(jobId));
    }
    // num-retained is 2: older checkpoints in the history have been deleted.
    assert.ok(stats.history.some((h) => h.status === 'COMPLETED' && h.discarded === true), JSON.stringify(stats.history.map((h) => [h.id, h.discarded])));

    const config = await http<CheckpointConfigInfo>('GET', `/jobs/${jobId}/checkpoints/config`);
    assert.equal(config.status, 200);
    assert.deepEqual(
      {
        mode: config.body.mode,
        interval: config.body.interval,
        timeout: config.body.timeout,
        min_pause: config.body.min_pause,
        max_concurrent: config.body.max_concurrent,
        externalization: config.body.externalization,
        state_backend: config.body.state_backend,
        checkpoint_storage: config.body.checkpoint_storage,
        tolerable_failed_checkpoints: config.body.tolerable_failed_checkpoints,
      },
      {
        mode: 'exactly_once',
        interval: 300,
        timeout: 600_000,
        min_pause: 0,
        max_concurrent: 1,
        externalization: { enabled: false, delete_on_cancellation: true },
        state_backend: 'HashMapStateBackend',
        checkpoint_storage: 'FileSystemCheckpointStorage',
        tolerable_failed_checkpoints: 0,
      },
    );

    const details = await http<CheckpointStatistics>('GET', `/jobs/${jobId}/checkpoints/details/${latest.id}`);
    assert.equal(details.status, 200, JSON.stringify(details.body));
    const job = (await http<JobDetailsInfo>('GET', `/jobs/${jobId}`)).body;
    assert.deepEqual(Object.keys(details.body.tasks).sort(), job.vertices.map((v) => v.id).sort());
    for (const vertex of job.vertices) assert.equal(details.body.tasks[vertex.id]?.num_subtasks, vertex.parallelism);
    const vertexId = job.vertices[0]?.id ?? '';
    const subtasks = await http<TaskCheckpointStatisticsWithSubtaskDetails>('GET', `/jobs/${jobId}/checkpoints/details/${latest.id}/subtasks/${vertexId}`);
    assert.equal(subtasks.status, 200, JSON.stringify(subtasks.body));
    assert.equal(subtasks.body.subtasks.length, job.vertices[0]?.parallelism);
    assert.equal(subtasks.body.subtasks[0]?.status, 'completed');
    assert.ok(typeof subtasks.body.subtasks[0]?.checkpoint?.sync === 'number');

    const triggered = await http<TriggerResponse>('POST', `/jobs/${jobId}/checkpoints`, {});
    assert.equal(triggered.status, 202);
    assert.match(triggered.body['request-id'], /^[0-9a-f]{32}$/);
    const checkpoint = await operation<CheckpointInfo>(`/jobs/${jobId}/checkpoints/${triggered.body['request-id']}`);
    assert.ok(typeof checkpoint.checkpointId === 'number' && checkpoint.checkpointId > latest.id, JSON.stringify(checkpoint));

    // No savepoint directory is configured: the operation fails and says which key sets one.
    const noDir = await http<TriggerResponse>('POST', `/jobs/${jobId}/savepoints`, {});
    assert.equal(noDir.status, 202);
    const failed = await operation<SavepointInfo>(`/jobs/${jobId}/savepoints/${noDir.body['request-id']}`);
    assert.equal(failed.location, undefined);
    assert.match(failed['failure-cause']?.['stack-trace'] ?? '', /execution\.checkpointing\.savepoint-dir/);

    const savepointDir = join(cluster.dir, 'savepoints');
    const saved = await http<TriggerResponse>('POST', `/jobs/${jobId}/savepoints`, { 'target-directory': savepointDir, formatType: 'CANONICAL' });
    assert.equal(saved.status, 202);
    const savepoint = await operation<SavepointInfo>(`/jobs/${jobId}/savepoints/${saved.body['request-id']}`);
    assert.ok(savepoint.location?.startsWith(savepointDir) === true && existsSync(join(savepoint.location, '_metadata')), JSON.stringify(savepoint));
    // A retried POST with the same trigger id names the same operation.
    const again = await http<TriggerResponse>('POST', `/jobs/${jobId}/checkpoints`, { triggerId: triggered.body['request-id'] });
    assert.equal(again.body['request-id'], triggered.body['request-id']);
    const afterSavepoint = (await http<CheckpointingStatistics>('GET', `/jobs/${jobId}/checkpoints`)).body;
    assert.equal(afterSavepoint.latest.savepoint?.external_path, savepoint.location);
    assert.equal(afterSavepoint.latest.savepoint?.is_savepoint, true);
    assert.equal(afterSavepoint.latest.savepoint?.checkpoint_type, 'SAVEPOINT');

    const stopDir = join(cluster.dir, 'stopped');
    const stop = await http<TriggerResponse>('POST', `/jobs/${jobId}/stop`, { targetDirectory: stopDir, drain: false });
    assert.equal(stop.status, 202);
    const stopped = await operation<SavepointInfo>(`/jobs/${jobId}/savepoints/${stop.body['request-id']}`);
    assert.ok(stopped.location?.startsWith(stopDir) === true, JSON.stringify(stopped));
    assert.equal((await cluster.client.jobStatus(jobId)).status, 'FINISHED');
    // A finished job answers from the statistics archived when it ended.
    const archived = await http<CheckpointingStatistics>('GET', `/jobs/${jobId}/checkpoints`);
    assert.equal(archived.status, 200);
    assert.ok(archived.body.counts.completed >= counts.completed + 3);

    // Restoring through the jar routes: the new job counts the restore.
    const artifact = await buildArtifact(COUNTER);
    const uploaded = await cluster.client.uploadJar('keyed-counter.mjs', artifact.bytes);
    const jarId = uploaded.filename.split('/').at(-1) ?? '';
    const programArgsList = ['--out', join(cluster.dir, 'restored.txt'), '--name', 'restored'];
    assertError(await http('POST', `/jars/${jarId}/run`, { programArgsList, savepointPath: 'relative/savepoint' }), 400, /'savepointPath' must be an absolute path/);
    assertError(await http('POST', `/jars/${jarId}/run`, { programArgsList, savepointPath: join(cluster.dir, 'nothing-here') }), 400, /no checkpoint metadata at/);
    assertError(await http('POST', `/jars/${jarId}/run`, { programArgsList, savepointPath: stopped.location, restoreMode: 'CLAIM' }), 400, /restoreMode 'CLAIM' is not supported/);
    const restored = await http<{ jobid: string }>('POST', `/jars/${jarId}/run`, { programArgsList, savepointPath: stopped.location, allowNonRestoredState: false });
    assert.equal(restored.status, 200, JSON.stringify(restored.body));
    const restoredStats = (await http<CheckpointingStatistics>('GET', `/jobs/${restored.body.jobid}/checkpoints`)).body;
    assert.equal(restoredStats.counts.restored, 1);
    assert.equal(restoredStats.latest.restored?.external_path, stopped.location);
    assert.equal(restoredStats.latest.restored?.is_savepoint, true);
    await waitFor('the restored job running', async () => ((await cluster.client.jobStatus(restored.body.jobid)).status === 'RUNNING' ? true : undefined));
    await cluster.client.cancelJob(restored.body.jobid);
  });

  test('bad and unknown ids, bodies and jobs answer 400 and 404', async () => {
    const jobId = await startCounter('unchecked', ['--interval', '0']);
    assertError(await http('GET', `/jobs/${jobId}/checkpoints/config`), 404, /checkpointing is not enabled for job/);
    assertError(await http('GET', `/jobs/${jobId}/savepoints/not-a-trigger`), 400, /path parameter 'triggerid' must be a trigger id/);
    assertError(await http('GET', `/jobs/${jobId}/checkpoints/ABCDEF0123456789ABCDEF0123456789`), 400, /'triggerid'/);
    assertError(await http('GET', `/jobs/${jobId}/savepoints/${UNKNOWN}`), 404, /no savepoint or stop operation with trigger id/);
    assertError(await http('GET', `/jobs/${jobId}/checkpoints/${UNKNOWN}`), 404, /no checkpoint operation with trigger id/);
    assertError(await http('GET', `/jobs/${jobId}/checkpoints/details/0`), 400, /'checkpointid' must be a checkpoint id/);
    assertError(await http('GET', `/jobs/${jobId}/checkpoints/details/4711`), 404, /has no checkpoint 4711/);
    assertError(await http('POST', `/jobs/${UNKNOWN}/savepoints`, {}), 404, /no job with id/);
    assertError(await http('POST', `/jobs/${UNKNOWN}/stop`, {}), 404, /no job with id/);
    assertError(await http('POST', `/jobs/${jobId}/savepoints`, { 'target-directory': 'relative' }), 400, /'target-directory' must be an absolute path/);
    assertError(await http('POST', `/jobs/${jobId}/savepoints`, { 'target-dir': '/tmp' }), 400, /unknown field 'target-dir'/);
    assertError(await http('POST', `/jobs/${jobId}/savepoints`, { formatType: 'JSON' }), 400, /formatType/);
    assertError(await http('POST', `/jobs/${jobId}/stop`, { drain: 'yes' }), 400, /'drain' must be a boolean/);
    assertError(await http('POST', `/jobs/${jobId}/checkpoints`, { checkpointType: 'INCREMENTAL' }), 400, /always full/);
    assertError(await http('PATCH', `/jobs/${jobId}?mode=stop`), 400, /POST \/jobs\/:jobid\/stop/);
    // Without periodic checkpoints the statistics still answer, with nothing in them.
    const empty = await http<CheckpointingStatistics>('GET', `/jobs/${jobId}/checkpoints`);
    assert.equal(empty.status, 200);
    assert.equal(empty.body.counts.total, 0);
    assert.deepEqual(empty.body.history, []);
    // A savepoint into a named directory works without periodic checkpoints.
    const saved = await http<TriggerResponse>('POST', `/jobs/${jobId}/savepoints`, { 'target-directory': `file://${join(cluster.dir, 'uri-savepoints')}` });
    assert.equal(saved.status, 202);
    const savepoint = await operation<SavepointInfo>(`/jobs/${jobId}/savepoints/${saved.body['request-id']}`);
    assert.ok(savepoint.location?.startsWith(join(cluster.dir, 'uri-savepoints')) === true, JSON.stringify(savepoint));
    await cluster.client.cancelJob(jobId);
  });
});

describe('checkpoint route parts', () => {
  test('statsSummary: min, max, rounded mean and interpolated percentiles; zeros when empty', () => {
    assert.deepEqual(statsSummary([]), { min: 0, max: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 });
    const summary = statsSummary([40, 10, 30, 20]);
    assert.equal(summary.min, 10);
    assert.equal(summary.max, 40);
    assert.equal(summary.avg, 25);
    assert.equal(summary.p50, 25);
    assert.ok(Math.abs(summary.p90 - 37) < 1e-9);
  });

  test('AsyncOperations: in progress, then the result or failure; kept for the retention time only', async () => {
    let now = 1_000;
    const operations = new AsyncOperations<number>({ retentionMs: 100, now: () => now });
    let finish: (value: number) => void = () => {};
    const id = operations.start('job', undefined, () => new Promise<number>((resolve) => (finish = resolve)));
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.deepEqual(operations.get('job', id), { status: 'IN_PROGRESS' });
    assert.equal(operations.get('other job', id), undefined);
    assert.equal(operations.start('job', id, () => Promise.resolve(99)), id, 'a known trigger id starts nothing new');
    finish(7);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(operations.get('job', id), { status: 'SUCCEEDED', value: 7 });
    const failing = operations.start('job', undefined, () => Promise.reject(new Error('no')));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(operations.get('job', failing)?.status, 'FAILED');
    now += 101;
    assert.equal(operations.get('job', id), undefined);
  });
});
