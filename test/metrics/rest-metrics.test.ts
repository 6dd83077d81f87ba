/**
 * Metrics, backpressure, watermarks, logs and the Prometheus endpoint of a mini cluster,
 * checked against what the test knows: jobs of exactly N records, a sink slow enough to
 * backpressure its producer.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildArtifact } from '../../src/client/artifact.js';
import { MiniCluster } from '../../src/cluster/mini-cluster.js';
import { Configuration } from '../../src/config/index.js';
import { closeProcessLog, installProcessLog } from '../../src/logging/process-log.js';
import { createJarRunner } from '../../src/rest/jar-runner.js';
import type { JobDetailsInfo, TaskManagersInfo } from '../../src/rest/messages.js';
import { buildRestApp } from '../../src/rest/rest-server.js';
import { assertError, call, jarForm, waitForStatus, waitForTasksRunning } from '../rest/rest-fixture.js';
import { pollFor } from '../support/poll.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const JOB = join(REPO_ROOT, 'test', 'metrics', 'jobs', 'metrics-job.ts');
const RECORDS = 1000;

interface Metric {
  readonly id: string;
  readonly value?: string;
}

describe('metrics over REST and Prometheus', { timeout: 180_000 }, () => {
  let cluster: MiniCluster;
  let app: FastifyInstance;
  let jarId: string;
  let logDir: string;

  const run = async (mode: string): Promise<string> => {
    const answer = await call<{ jobid: string }>(app, {
      method: 'POST',
      url: `/jars/${jarId}/run`,
      payload: { programArgsList: ['--mode', mode, '--records', String(RECORDS)] },
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.jobid;
  };

  const vertices = async (jobId: string): Promise<JobDetailsInfo['vertices']> =>
    (await call<JobDetailsInfo>(app, { method: 'GET', url: `/jobs/${jobId}` })).body.vertices;

  const sumOf = async (jobId: string, vertexId: string, metric: string): Promise<number | undefined> => {
    const answer = await call<{ id: string; sum?: number }[]>(app, {
      method: 'GET',
      url: `/jobs/${jobId}/vertices/${vertexId}/subtasks/metrics?get=${metric}&agg=sum`,
    });
    return answer.body[0]?.sum;
  };

  before(async () => {
    logDir = await mkdtemp(join(tmpdir(), 'weir-metrics-logs-'));
    installProcessLog({ dir: logDir, baseName: 'jobmanager', component: 'minicluster', maxBytes: 1 << 20, maxFiles: 2, stderrLevel: 'ERROR' });
    const configuration = Configuration.fromMap({
      'taskmanager.numberOfTaskSlots': '4',
      'metrics.reporter.prom.port': '0',
      'metrics.reporter.prom.host': '127.0.0.1',
    });
    cluster = await MiniCluster.start({ configuration });
    app = buildRestApp({
      dispatcher: await cluster.dispatcherGateway(),
      configuration: Configuration.fromMap({ 'metrics.fetcher.update-interval': '100 ms' }),
      uploadDir: join(logDir, 'uploads'),
      runJar: createJarRunner(),
    });
    await app.ready();
    const upload = await call<{ filename: string }>(app, {
      method: 'POST',
      url: '/jars/upload',
      payload: jarForm((await buildArtifact(JOB)).bytes, 'metrics-job.mjs'),
    });
    assert.equal(upload.status, 200, JSON.stringify(upload.body));
    jarId = upload.body.filename.split(/[\\/]/).at(-1) ?? '';
  });

  after(async () => {
    await app.close();
    await cluster.close();
    closeProcessLog();
    await rm(logDir, { recursive: true, force: true });
  });

  test('a running job of exactly N records: task and operator counts, user metrics, Prometheus', async () => {
    const jobId = await run('count');
    await waitForTasksRunning(app, jobId);
    const [source, map] = await vertices(jobId);
    assert.ok(source !== undefined && map !== undefined);
    await pollFor('N records in the map', async () => ((await sumOf(jobId, map.id, 'numRecordsIn')) === RECORDS ? true : undefined));
    assert.equal(await sumOf(jobId, source.id, 'numRecordsOut'), RECORDS);
    assert.equal(await sumOf(jobId, map.id, 'counting map.seen'), RECORDS);
    assert.ok(((await sumOf(jobId, map.id, 'numBytesIn')) ?? 0) > 0);

    const listed = await call<Metric[]>(app, { method: 'GET', url: `/jobs/${jobId}/vertices/${map.id}/metrics` });
    const ids = listed.body.map((m) => m.id);
    for (const id of ['0.numRecordsIn', '1.numRecordsInPerSecond', '0.busyTimeMsPerSecond', '1.accumulatedIdleTimeMs', '0.counting map.seen', '0.counting map.values.size_p99', '1.counting map.lastValue']) {
      assert.ok(ids.includes(id), `${id} missing from ${ids.join(', ')}`);
    }
    const one = await call<Metric[]>(app, { method: 'GET', url: `/jobs/${jobId}/vertices/${map.id}/subtasks/1/metrics?get=numRecordsIn,nothing` });
    assert.equal(one.body.length, 1);
    assert.equal(one.body[0]?.id, 'numRecordsIn');
    assert.equal(typeof one.body[0]?.value, 'string');

    const details = await vertices(jobId);
    assert.equal(details[0]?.metrics['write-records'], RECORDS);
    assert.equal(details[1]?.metrics['read-records'], RECORDS);
    assert.equal(details[1]?.metrics['read-records-complete'], true);

    const job = await call<Metric[]>(app, { method: 'GET', url: `/jobs/${jobId}/metrics?get=numRestarts,uptime` });
    assert.equal(job.body.find((m) => m.id === 'numRestarts')?.value, '0');
    assert.ok(Number(job.body.find((m) => m.id === 'uptime')?.value) > 0);

    const port = cluster.prometheus?.port;
    assert.ok(port !== undefined && port > 0);
    const text = await pollFor('the Prometheus scrape to show the job', async () => {
      const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return body.includes(jobId) ? body : undefined;
    });
    const samples = text.split('\n').filter((line) => line.startsWith('flink_taskmanager_job_task_numRecordsIn{') && line.includes(`task_id="${map.id}"`));
    assert.equal(samples.length, 2, text);
    assert.equal(samples.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0), RECORDS);
    assert.match(text, /^flink_taskmanager_job_task_operator_seen\{.*operator_name="counting map".*\} \d+$/m);
    assert.match(text, /^flink_jobmanager_Status_JVM_Memory_Heap_Used\{host="[^"]+"\} \d+$/m);
    assert.match(text, /^flink_jobmanager_job_numRestarts\{.*job_id="[0-9a-f]{32}".*\} 0$/m);
    assert.match(text, /^flink_taskmanager_Slot_Status_Node_EventLoop_Utilization\{.*slot="\d".*\} [\d.e-]+$/m);

    const cancel = await call(app, { method: 'PATCH', url: `/jobs/${jobId}?mode=cancel` });
    assert.equal(cancel.status, 202);
    await waitForStatus(app, jobId, ['CANCELED']);
  });

  test('a finished job keeps its totals in GET /jobs/:id', async () => {
    const jobId = await run('finish');
    await waitForStatus(app, jobId, ['FINISHED']);
    const details = await pollFor('the totals', async () => {
      const found = await vertices(jobId);
      return found[1]?.metrics['read-records'] === RECORDS ? found : undefined;
    });
    assert.equal(details[0]?.metrics['write-records'], RECORDS);
    assert.equal(details[0]?.metrics['write-records-complete'], true);
  });

  test('a slow sink backpressures its producer: level high upstream, ok at the sink', async () => {
    const jobId = await run('slow');
    await waitForTasksRunning(app, jobId);
    const [source, sink] = await vertices(jobId);
    assert.ok(source !== undefined && sink !== undefined);
    const pressured = await pollFor('backpressure high at the source', async () => {
      const answer = await call<{ status: string; backpressureLevel?: string; subtasks?: { ratio: number; busyRatio: number }[] }>(app, {
        method: 'GET',
        url: `/jobs/${jobId}/vertices/${source.id}/backpressure`,
      });
      return answer.body.backpressureLevel === 'high' ? answer.body : undefined;
    });
    assert.equal(pressured.status, 'ok');
    assert.ok((pressured.subtasks?.[0]?.ratio ?? 0) > 0.5);
    const atSink = await pollFor('the sink to report', async () => {
      const answer = await call<{ status: string; backpressureLevel: string; subtasks: { busyRatio: number }[] }>(app, {
        method: 'GET',
        url: `/jobs/${jobId}/vertices/${sink.id}/backpressure`,
      });
      return answer.body.status === 'ok' && (answer.body.subtasks[0]?.busyRatio ?? 0) > 0.5 ? answer.body : undefined;
    });
    assert.equal(atSink.backpressureLevel, 'ok');
    const watermarks = await call<Metric[]>(app, { method: 'GET', url: `/jobs/${jobId}/vertices/${sink.id}/watermarks` });
    assert.deepEqual(watermarks.body.map((m) => m.id), ['0.currentInputWatermark']);
    await call(app, { method: 'PATCH', url: `/jobs/${jobId}?mode=cancel` });
    await waitForStatus(app, jobId, ['CANCELED']);
  });

  test('JobManager and TaskManager metrics, and the answers for what does not exist', async () => {
    const jm = await call<Metric[]>(app, { method: 'GET', url: '/jobmanager/metrics?get=Status.JVM.Memory.Heap.Used,taskSlotsTotal' });
    assert.equal(jm.body.find((m) => m.id === 'taskSlotsTotal')?.value, '4');
    assert.ok(Number(jm.body.find((m) => m.id === 'Status.JVM.Memory.Heap.Used')?.value) > 0);
    const tms = await call<TaskManagersInfo>(app, { method: 'GET', url: '/taskmanagers' });
    const tmId = tms.body.taskmanagers[0]?.id ?? '';
    const tm = await pollFor('TaskManager metrics', async () => {
      const answer = await call<Metric[]>(app, { method: 'GET', url: `/taskmanagers/${tmId}/metrics` });
      return answer.body.length > 0 ? answer.body : undefined;
    });
    const ids = tm.map((m) => m.id);
    assert.ok(ids.includes('Status.JVM.Memory.Heap.Used') && ids.includes('Status.Node.EventLoop.Delay.Max'), ids.join(', '));
    assertError(await call(app, { method: 'GET', url: `/taskmanagers/${'0'.repeat(32)}/metrics` }), 404, 'no TaskManager');

    const acrossTaskManagers = await call<{ id: string; min?: number; max?: number }[]>(app, {
      method: 'GET',
      url: `/taskmanagers/metrics?get=Status.JVM.Memory.Heap.Used&agg=min,max&taskmanagers=${tmId}`,
    });
    assert.equal(acrossTaskManagers.body.length, 1);
    assert.ok((acrossTaskManagers.body[0]?.min ?? 0) > 0 && acrossTaskManagers.body[0]?.min === acrossTaskManagers.body[0]?.max);
    const listedJobs = (await call<{ jobs: { id: string }[] }>(app, { method: 'GET', url: '/jobs' })).body.jobs;
    assert.ok(listedJobs.length >= 3);
    const acrossJobs = await call<{ id: string; sum?: number; max?: number; avg?: number }[]>(app, { method: 'GET', url: '/jobs/metrics?get=numRestarts,uptime&agg=sum,max' });
    assert.deepEqual(acrossJobs.body.find((m) => m.id === 'numRestarts'), { id: 'numRestarts', sum: 0, max: 0 });
    const oneJob = await call<{ id: string }[]>(app, { method: 'GET', url: `/jobs/metrics?jobs=${listedJobs[0]?.id ?? ''}` });
    assert.ok(oneJob.body.some((m) => m.id === 'numRestarts'), JSON.stringify(oneJob.body));
    assertError(await call(app, { method: 'GET', url: '/jobs/metrics?jobs=not-a-job' }), 400, 'jobs');
    assertError(await call(app, { method: 'GET', url: '/taskmanagers/metrics?taskmanagers=abc' }), 400, 'taskmanagers');
    assertError(await call(app, { method: 'GET', url: `/jobs/${'0'.repeat(32)}/metrics` }), 404);
    const jobs = await call<{ jobs: { id: string }[] }>(app, { method: 'GET', url: '/jobs' });
    const jobId = jobs.body.jobs[0]?.id ?? '';
    assertError(await call(app, { method: 'GET', url: `/jobs/${jobId}/vertices/${'0'.repeat(32)}/backpressure` }), 404, 'has no vertex');
    const [vertex] = await vertices(jobId);
    assertError(await call(app, { method: 'GET', url: `/jobs/${jobId}/vertices/${vertex?.id ?? ''}/subtasks/metrics?agg=median` }), 400, 'agg');
    assertError(await call(app, { method: 'GET', url: `/jobs/${jobId}/vertices/${vertex?.id ?? ''}/subtasks/99/metrics` }), 404, 'no subtask 99');
  });

  test('log routes: list, current file, a file by name, and nothing outside the log', async () => {
    const list = await call<{ logs: { name: string; size: number; mtime: number }[] }>(app, { method: 'GET', url: '/jobmanager/logs' });
    assert.deepEqual(list.body.logs.map((l) => l.name), ['jobmanager.log']);
    const text = await app.inject({ method: 'GET', url: '/jobmanager/log' });
    assert.equal(text.statusCode, 200);
    assert.match(String(text.headers['content-type']), /^text\/plain/);
    // The TaskExecutor logs every task state change with the job and subtask.
    const line = text.body.split('\n').find((l) => l.includes('switched from') && l.includes('"subtask"'));
    assert.ok(line !== undefined, text.body.slice(0, 2000));
    assert.match(line, /"jobId":"[0-9a-f]{32}"/);
    assert.equal((await app.inject({ method: 'GET', url: '/jobmanager/logs/jobmanager.log' })).statusCode, 200);
    assertError(await call(app, { method: 'GET', url: '/jobmanager/logs/jobmanager.log.7' }), 404, 'no log file');
    assert.equal((await app.inject({ method: 'GET', url: '/jobmanager/logs/..%2F..%2Fetc%2Fpasswd' })).statusCode, 400);

    const tms = await call<TaskManagersInfo>(app, { method: 'GET', url: '/taskmanagers' });
    const tmId = tms.body.taskmanagers[0]?.id ?? '';
    const tmList = await call<{ logs: { name: string }[] }>(app, { method: 'GET', url: `/taskmanagers/${tmId}/logs` });
    assert.deepEqual(tmList.body.logs.map((l) => l.name), ['jobmanager.log'], 'the mini cluster has one process, so one log');
    assert.match((await app.inject({ method: 'GET', url: `/taskmanagers/${tmId}/log` })).body, /switched from/);
    assertError(await call(app, { method: 'GET', url: `/taskmanagers/${tmId}/logs/secret.txt` }), 404, 'no log file');
    assertError(await call(app, { method: 'GET', url: `/taskmanagers/${'0'.repeat(32)}/logs` }), 404, 'no TaskManager');
  });
});
