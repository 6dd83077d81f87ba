/**
 * The job routes against real jobs on a mini cluster: a job that finishes, one whose user
 * function throws, and one that runs until it is cancelled.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  ClusterOverviewWithVersion,
  JobDetailsInfo,
  JobExceptionsInfoWithHistory,
  JobExecutionResultResponseBody,
  JobIdsWithStatusOverview,
  JobConfigInfo,
  JobVertexTaskManagersInfo,
  SubtaskExecutionAttemptDetailsInfo,
  SubtasksTimesInfo,
  JobPlanInfo,
  JobStatusInfo,
  JobVertexDetailsInfo,
  MultipleJobsDetails,
} from '../../src/rest/messages.js';
import {
  assertError,
  call,
  runRestJob,
  startFixture,
  uploadRestJob,
  waitForStatus,
  waitForTasksRunning,
  type RestFixture,
} from './rest-fixture.js';

const UNKNOWN = '0123456789abcdef0123456789abcdef';

describe('REST job routes', { timeout: 60_000 }, () => {
  let fx: RestFixture;
  let jarId: string;
  let finished: string;
  let failed: string;

  before(async () => {
    fx = await startFixture();
    jarId = await uploadRestJob(fx.app);
    finished = await runRestJob(fx.app, jarId, 'finish', { parallelism: 2 });
    failed = await runRestJob(fx.app, jarId, 'fail');
    await waitForStatus(fx.app, finished, ['FINISHED']);
    await waitForStatus(fx.app, failed, ['FAILED']);
  });
  after(async () => {
    await fx.close();
  });

  test('GET /jobs lists both jobs with their status', async () => {
    const answer = await call<JobIdsWithStatusOverview>(fx.app, { method: 'GET', url: '/jobs' });
    assert.equal(answer.status, 200);
    const byId = new Map(answer.body.jobs.map((j) => [j.id, j.status]));
    assert.equal(byId.get(finished), 'FINISHED');
    assert.equal(byId.get(failed), 'FAILED');
  });

  test('GET /jobs/overview gives Flink JobDetails with task counts', async () => {
    const answer = await call<MultipleJobsDetails>(fx.app, { method: 'GET', url: '/jobs/overview' });
    assert.equal(answer.status, 200);
    const job = answer.body.jobs.find((j) => j.jid === finished);
    assert.ok(job !== undefined, 'the finished job is in the overview');
    assert.equal(job.name, 'rest finish job');
    assert.equal(job.state, 'FINISHED');
    assert.ok(job['start-time'] > 0 && job['end-time'] >= job['start-time']);
    assert.equal(job.duration, job['end-time'] - job['start-time']);
    assert.ok(job['last-modification'] >= job['start-time']);
    assert.deepEqual(Object.keys(job.tasks).sort(), [
      'canceled',
      'canceling',
      'created',
      'deploying',
      'failed',
      'finished',
      'initializing',
      'reconciling',
      'running',
      'scheduled',
      'total',
    ]);
    assert.equal(job.tasks.total, 2, 'one chained vertex at parallelism 2');
    assert.equal(job.tasks.finished, 2);
    const failedJob = answer.body.jobs.find((j) => j.jid === failed);
    assert.equal(failedJob?.state, 'FAILED');
  });

  test('GET /overview counts the jobs by outcome', async () => {
    const answer = await call<ClusterOverviewWithVersion>(fx.app, { method: 'GET', url: '/overview' });
    assert.ok(answer.body['jobs-finished'] >= 1);
    assert.ok(answer.body['jobs-failed'] >= 1);
  });

  test('GET /jobs/:jobid gives the JobDetailsInfo of a finished job', async () => {
    const answer = await call<JobDetailsInfo>(fx.app, { method: 'GET', url: `/jobs/${finished}` });
    assert.equal(answer.status, 200);
    const job = answer.body;
    assert.equal(job.jid, finished);
    assert.equal(job.name, 'rest finish job');
    assert.equal(job.state, 'FINISHED');
    assert.equal(job.isStoppable, false);
    assert.ok(job.now >= job['end-time']);
    assert.ok(job.timestamps.FINISHED > 0);
    assert.equal(job.timestamps.CANCELED, 0);
    assert.equal(job.vertices.length, 1);
    const vertex = job.vertices[0];
    assert.ok(vertex !== undefined);
    assert.equal(vertex.name, 'Source: Sequence Source -> double -> multiples of three -> discard: Writer');
    assert.equal(vertex.parallelism, 2);
    assert.equal(vertex.status, 'FINISHED');
    assert.equal(vertex.tasks.FINISHED, 2);
    assert.equal(vertex.tasks.RECONCILING, 0);
    assert.equal(vertex.metrics['read-bytes-complete'], true, 'both subtasks reported their metrics');
    assert.equal(job['status-counts'].FINISHED, 1);
    assert.equal(job.plan.jid, finished);
    assert.deepEqual(
      job.plan.nodes.map((n) => n.id),
      job.vertices.map((v) => v.id),
    );
  });

  test('GET /jobs/:jobid/plan gives the plan whose nodes are the vertices', async () => {
    const answer = await call<JobPlanInfo>(fx.app, { method: 'GET', url: `/jobs/${finished}/plan` });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.plan.name, 'rest finish job');
    assert.equal(answer.body.plan.type, 'STREAMING');
    assert.deepEqual(
      answer.body.plan.nodes.map((n) => [n.operator, n.parallelism]),
      [['Source: Sequence Source -> double -> multiples of three -> discard: Writer', 2]],
    );
  });

  test('GET /jobs/:jobid/config gives the restart strategy, parallelism and job parameters', async () => {
    const answer = await call<JobConfigInfo>(fx.app, { method: 'GET', url: `/jobs/${finished}/config` });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.jid, finished);
    assert.equal(answer.body.name, 'rest finish job');
    const config = answer.body['execution-config'];
    assert.equal(config['execution-mode'], 'PIPELINED');
    assert.equal(config['job-parallelism'], 2);
    assert.equal(config['object-reuse-mode'], false);
    assert.equal(config['restart-strategy'], 'no restarts');
    assert.equal(typeof config['user-config'], 'object');
  });

  test('subtask routes: one subtask and its attempt, the subtasks\' state times, the subtasks by TaskManager', async () => {
    const job = await call<JobDetailsInfo>(fx.app, { method: 'GET', url: `/jobs/${finished}` });
    const vertexId = job.body.vertices[0]?.id ?? '';
    const base = `/jobs/${finished}/vertices/${vertexId}`;

    const subtask = await call<SubtaskExecutionAttemptDetailsInfo>(fx.app, { method: 'GET', url: `${base}/subtasks/1` });
    assert.equal(subtask.status, 200);
    assert.equal(subtask.body.subtask, 1);
    assert.equal(subtask.body.status, 'FINISHED');
    assert.match(subtask.body['taskmanager-id'], /^[0-9a-f]{32}$/);
    assert.ok(subtask.body['end-time'] >= subtask.body['start-time'] && subtask.body['start-time'] > 0);
    const attempt = await call<SubtaskExecutionAttemptDetailsInfo>(fx.app, { method: 'GET', url: `${base}/subtasks/1/attempts/${subtask.body.attempt}` });
    assert.deepEqual(attempt.body, subtask.body);
    assertError(await call(fx.app, { method: 'GET', url: `${base}/subtasks/1/attempts/${subtask.body.attempt + 1}` }), 404, 'only the current attempt');
    assertError(await call(fx.app, { method: 'GET', url: `${base}/subtasks/2` }), 404, 'no subtask 2');
    assertError(await call(fx.app, { method: 'GET', url: `${base}/subtasks/one` }), 400, 'subtaskindex');

    const times = await call<SubtasksTimesInfo>(fx.app, { method: 'GET', url: `${base}/subtasktimes` });
    assert.equal(times.status, 200);
    assert.deepEqual(times.body.subtasks.map((s) => s.subtask), [0, 1]);
    for (const s of times.body.subtasks) {
      const { DEPLOYING, RUNNING, FINISHED } = s.timestamps;
      assert.ok(DEPLOYING !== undefined && RUNNING !== undefined && FINISHED !== undefined, JSON.stringify(s.timestamps));
      assert.ok(DEPLOYING <= RUNNING && RUNNING <= FINISHED);
    }

    const byTaskManager = await call<JobVertexTaskManagersInfo>(fx.app, { method: 'GET', url: `${base}/taskmanagers` });
    assert.equal(byTaskManager.status, 200);
    assert.equal(byTaskManager.body.taskmanagers.length, 1, 'the mini cluster has one TaskManager');
    const tm = byTaskManager.body.taskmanagers[0];
    assert.equal(tm?.status, 'FINISHED');
    assert.equal(tm['status-counts'].FINISHED, 2);
    assert.equal(tm['taskmanager-id'], subtask.body['taskmanager-id']);
  });

  test('GET /jobs/:jobid/status', async () => {
    const answer = await call<JobStatusInfo>(fx.app, { method: 'GET', url: `/jobs/${failed}/status` });
    assert.deepEqual(answer, { status: 200, body: { status: 'FAILED' }, headers: answer.headers });
  });

  test('GET /jobs/:jobid/exceptions of a failed job holds the user function’s message', async () => {
    const answer = await call<JobExceptionsInfoWithHistory>(fx.app, { method: 'GET', url: `/jobs/${failed}/exceptions` });
    assert.equal(answer.status, 200);
    const body = answer.body;
    assert.match(body['root-exception'] ?? '', /rest test failure: element 17 is cursed/);
    assert.ok((body.timestamp ?? 0) > 0);
    assert.equal(body.truncated, false);
    const entry = body.exceptionHistory.entries[0];
    assert.ok(entry !== undefined);
    assert.match(entry.stacktrace, /element 17 is cursed/);
    assert.match(entry.taskName ?? '', /cursed map/);
    assert.deepEqual(entry.failureLabels, {});
    assert.match(entry.taskManagerId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(entry.location, body['all-exceptions'][0]?.location);
    assert.match(entry.location ?? '', /taskmanager/);
    assert.match(body['all-exceptions'][0]?.exception ?? '', /element 17 is cursed/);

    const capped = await call<JobExceptionsInfoWithHistory>(fx.app, { method: 'GET', url: `/jobs/${failed}/exceptions?maxExceptions=0` });
    assert.deepEqual(capped.body.exceptionHistory.entries, []);
    assert.equal(capped.body.exceptionHistory.truncated, true);
    assertError(await call(fx.app, { method: 'GET', url: `/jobs/${failed}/exceptions?maxExceptions=many` }), 400, "query parameter 'maxExceptions'");
  });

  test('GET /jobs/:jobid/exceptions of a finished job is empty', async () => {
    const answer = await call<JobExceptionsInfoWithHistory>(fx.app, { method: 'GET', url: `/jobs/${finished}/exceptions` });
    assert.deepEqual(answer.body, { 'all-exceptions': [], truncated: false, exceptionHistory: { entries: [], truncated: false } });
  });

  test('GET /jobs/:jobid/execution-result of finished and failed jobs', async () => {
    const ok = await call<JobExecutionResultResponseBody>(fx.app, { method: 'GET', url: `/jobs/${finished}/execution-result` });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.status, { id: 'COMPLETED' });
    const result = ok.body['job-execution-result'];
    assert.equal(result?.id, finished);
    assert.equal(result['application-status'], 'SUCCEEDED');
    assert.deepEqual(result['accumulator-results'], {});
    assert.ok(result['net-runtime'] >= 0);
    assert.equal(result['failure-cause'], undefined);

    const bad = await call<JobExecutionResultResponseBody>(fx.app, { method: 'GET', url: `/jobs/${failed}/execution-result` });
    const failure = bad.body['job-execution-result'];
    assert.equal(failure?.['application-status'], 'FAILED');
    assert.match(failure['failure-cause']?.['stack-trace'] ?? '', /element 17 is cursed/);
    const serialized = JSON.parse(Buffer.from(failure['failure-cause']?.['serialized-throwable'] ?? '', 'base64').toString()) as { message: string };
    assert.match(serialized.message, /element 17 is cursed/);
  });

  test('GET /jobs/:jobid/vertices/:vertexid gives the subtasks', async () => {
    const details = await call<JobDetailsInfo>(fx.app, { method: 'GET', url: `/jobs/${finished}` });
    const vertexId = details.body.vertices[0]?.id ?? '';
    const answer = await call<JobVertexDetailsInfo>(fx.app, { method: 'GET', url: `/jobs/${finished}/vertices/${vertexId}` });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.id, vertexId);
    assert.equal(answer.body.parallelism, 2);
    assert.deepEqual(
      answer.body.subtasks.map((s) => [s.subtask, s.status]),
      [
        [0, 'FINISHED'],
        [1, 'FINISHED'],
      ],
    );
    for (const subtask of answer.body.subtasks) {
      assert.match(subtask['taskmanager-id'], /^[0-9a-f]{32}$/);
      assert.ok(subtask.duration >= 0);
      assert.ok((subtask['status-duration'].RUNNING ?? -1) >= 0);
    }
    assertError(await call(fx.app, { method: 'GET', url: `/jobs/${finished}/vertices/${UNKNOWN}` }), 404, `has no vertex ${UNKNOWN}`);
    assertError(await call(fx.app, { method: 'GET', url: `/jobs/${finished}/vertices/x` }), 400, "path parameter 'vertexid'");
  });

  test('a long job: IN_PROGRESS, then PATCH ?mode=cancel gives 202 and CANCELED', async () => {
    const job = await runRestJob(fx.app, jarId, 'long');
    await waitForTasksRunning(fx.app, job);
    const pending = await call<JobExecutionResultResponseBody>(fx.app, { method: 'GET', url: `/jobs/${job}/execution-result` });
    assert.deepEqual(pending.body, { status: { id: 'IN_PROGRESS' } });

    const cancel = await call(fx.app, { method: 'PATCH', url: `/jobs/${job}?mode=cancel` });
    assert.equal(cancel.status, 202);
    assert.deepEqual(cancel.body, {});
    assert.equal(await waitForStatus(fx.app, job, ['CANCELED']), 'CANCELED');
    const result = await call<JobExecutionResultResponseBody>(fx.app, { method: 'GET', url: `/jobs/${job}/execution-result` });
    assert.equal(result.body['job-execution-result']?.['application-status'], 'CANCELED');
    // Cancelling again is harmless; cancelling a job that ended otherwise is a conflict.
    assert.equal((await call(fx.app, { method: 'PATCH', url: `/jobs/${job}` })).status, 202);
    assertError(await call(fx.app, { method: 'PATCH', url: `/jobs/${finished}?mode=cancel` }), 409, 'already ended FINISHED');
  });

  test('PATCH rejects modes other than cancel', async () => {
    assertError(await call(fx.app, { method: 'PATCH', url: `/jobs/${finished}?mode=stop` }), 400, "mode 'stop' is not supported");
    assertError(await call(fx.app, { method: 'PATCH', url: `/jobs/${finished}?mode=explode` }), 400, "query parameter 'mode' must be one of");
  });

  const jobRoutes = (id: string): [string, string][] => [
    ['GET', `/jobs/${id}`],
    ['GET', `/jobs/${id}/plan`],
    ['GET', `/jobs/${id}/config`],
    ['GET', `/jobs/${id}/status`],
    ['GET', `/jobs/${id}/exceptions`],
    ['GET', `/jobs/${id}/execution-result`],
    ['PATCH', `/jobs/${id}?mode=cancel`],
    ['GET', `/jobs/${id}/vertices/${UNKNOWN}`],
    ['GET', `/jobs/${id}/vertices/${UNKNOWN}/subtasks/0`],
    ['GET', `/jobs/${id}/vertices/${UNKNOWN}/subtasktimes`],
    ['GET', `/jobs/${id}/vertices/${UNKNOWN}/taskmanagers`],
  ];

  test('every job route answers 400 naming jobid for a malformed id', async () => {
    for (const bad of ['xyz', 'ABCDEF0123456789ABCDEF0123456789', `${UNKNOWN}0`, '..%2F..%2Fetc', '%00']) {
      for (const [method, url] of jobRoutes(bad)) {
        assertError(await call(fx.app, { method: method as 'GET', url }), 400, "path parameter 'jobid'", '32 hexadecimal');
      }
    }
  });

  test('every job route answers 404 for an unknown job', async () => {
    for (const [method, url] of jobRoutes(UNKNOWN)) {
      assertError(await call(fx.app, { method: method as 'GET', url }), 404, UNKNOWN);
    }
  });
});
