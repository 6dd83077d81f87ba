/**
 * Accumulators: each kind's merge, the registry's rules, the totals a job's result gives
 * through `weir run` at several parallelisms, the CLI's "Accumulator Results:" block, and
 * the REST routes, live while a job runs and final after it ends.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  AccumulatorRegistry,
  AverageAccumulator,
  DoubleCounter,
  Histogram,
  IntCounter,
  IntMinimum,
  ListAccumulator,
  accumulatorText,
  mergeAccumulators,
  type AccumulatorSnapshot,
} from '../../src/api/accumulators.js';
import { WeirError } from '../../src/core/errors.js';
import { buildArtifact } from '../../src/client/artifact.js';
import { MiniCluster } from '../../src/cluster/mini-cluster.js';
import { Configuration } from '../../src/config/index.js';
import { createJarRunner } from '../../src/rest/jar-runner.js';
import type { JobAccumulatorsInfo, JobDetailsInfo, JobExecutionResultResponseBody, SubtasksAllAccumulatorsInfo, VertexAccumulatorsInfo } from '../../src/rest/messages.js';
import { buildRestApp } from '../../src/rest/rest-server.js';
import { call, jarForm, waitForStatus, waitForTasksRunning } from '../rest/rest-fixture.js';
import { pollFor } from '../support/poll.js';
import { repoPath, runWeir } from '../support/weir-cli.js';

const JOB = repoPath('test/jobs/accumulators.ts');

function snapshotOf(name: string, fill: (registry: AccumulatorRegistry) => void): AccumulatorSnapshot[] {
  const registry = new AccumulatorRegistry();
  fill(registry);
  return registry.snapshot().filter((s) => s.name === name);
}

describe('accumulator kinds and the registry', () => {
  test('each kind merges over subtasks as Flink merges it', () => {
    const parts = [
      ...snapshotOf('count', (r) => r.getOrAdd('count', IntCounter).add(3)),
      ...snapshotOf('count', (r) => r.getOrAdd('count', IntCounter).add(4)),
      ...snapshotOf('min', (r) => r.getOrAdd('min', IntMinimum).add(9)),
      ...snapshotOf('min', (r) => r.getOrAdd('min', IntMinimum)),
      ...snapshotOf('min', (r) => r.getOrAdd('min', IntMinimum).add(-2)),
      ...snapshotOf('avg', (r) => [1, 2, 3].forEach((v) => r.getOrAdd('avg', AverageAccumulator).add(v))),
      ...snapshotOf('avg', (r) => r.getOrAdd('avg', AverageAccumulator).add(10)),
      ...snapshotOf('hist', (r) => [1, 1, 2].forEach((v) => r.getOrAdd('hist', Histogram).add(v))),
      ...snapshotOf('hist', (r) => [2, 5].forEach((v) => r.getOrAdd('hist', Histogram).add(v))),
      ...snapshotOf('list', (r) => ['a', 'b'].forEach((v) => r.getOrAdd('list', ListAccumulator<string>).add(v))),
      ...snapshotOf('list', (r) => r.getOrAdd('list', ListAccumulator<string>).add('c')),
    ];
    const merged = new Map(mergeAccumulators(parts).map((result) => [result.name, accumulatorText(result)]));
    assert.deepEqual(Object.fromEntries(merged), { count: '7', min: '-2', avg: '4', hist: '{1=2, 2=2, 5=1}', list: '[a, b, c]' });
  });

  test('a name registered as two kinds in two tasks merges into a failure that names both', () => {
    const [result] = mergeAccumulators([
      { name: 'n', kind: 'IntCounter', value: 1 },
      { name: 'n', kind: 'DoubleCounter', value: 0.5 },
    ]);
    assert.ok(result !== undefined && 'failure' in result);
    assert.match(result.failure, /'n' is a IntCounter in one task and a DoubleCounter in another/);
  });

  test('the registry refuses a name twice, a name as another kind, a foreign accumulator and a fractional count', () => {
    const registry = new AccumulatorRegistry();
    registry.add('lines', new IntCounter());
    assert.throws(() => registry.add('lines', new IntCounter()), (e: unknown) => e instanceof WeirError && e.code === 'ACCUMULATOR_ERROR' && /'lines' already exists/.test(e.message));
    assert.throws(() => registry.getOrAdd('lines', DoubleCounter), /'lines' is a IntCounter in this task, not a DoubleCounter/);
    const homeMade = { add: () => {}, getLocalValue: () => 0, resetLocal: () => {} };
    assert.throws(() => registry.add('mine', homeMade), /not one of Weir's built-in kinds/);
    assert.throws(() => registry.getOrAdd('lines', IntCounter).add(0.5), /IntCounter.add takes a safe integer, got 0.5; use the Double kind for fractions/);
    assert.equal(registry.getOrAdd('lines', IntCounter), registry.get('lines'));
  });
});

describe('accumulators through weir run', { timeout: 120_000 }, () => {
  const RECORDS = 1000;
  const values = Array.from({ length: RECORDS }, (_, i) => i);
  const expected = {
    count: RECORDS,
    sum: values.reduce((a, b) => a + b, 0),
    halves: values.reduce((a, b) => a + b / 2, 0),
    smallest: 0,
    largest: RECORDS - 1,
    mean: (RECORDS - 1) / 2,
    'last digit': Array.from({ length: 10 }, (_, digit) => [digit, RECORDS / 10]),
    tens: values.filter((v) => v % 10 === 0),
    missing: null,
  };

  for (const parallelism of [1, 3]) {
    test(`every kind's total over the subtasks equals the plain computation (parallelism ${parallelism}), and the CLI lists them`, async () => {
      const run = await runWeir(['run', '-p', String(parallelism), '-D', 'taskmanager.numberOfTaskSlots=3', JOB, '--case', 'totals', '--records', String(RECORDS)]);
      assert.equal(run.code, 0, run.stderr);
      const line = run.stdout.split('\n').find((l) => l.startsWith('RESULTS '));
      assert.ok(line !== undefined, `no RESULTS line in ${run.stdout}`);
      assert.deepEqual(JSON.parse(line.slice('RESULTS '.length)), expected);
      assert.match(run.stderr, /Accumulator Results:\n/);
      assert.match(run.stderr, /^- count \(IntCounter\): 1000$/m);
      assert.match(run.stderr, /^- last digit \(Histogram\): \{0=100, 1=100, .*9=100\}$/m);
    });
  }

  test('a name used as two kinds in two tasks: the job finishes, and its result names the conflict', async () => {
    const run = await runWeir(['run', JOB, '--case', 'conflict']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /CONFLICT the accumulator 'n' is a (IntCounter|DoubleCounter) in one task and a (DoubleCounter|IntCounter) in another; give each kind its own name/);
    assert.match(run.stderr, /^- n \(Failure\): \(failure\) the accumulator 'n'/m);
  });

  test('a name added twice in one task fails the job with the name and the fix', async () => {
    const run = await runWeir(['run', JOB, '--case', 'duplicate']);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /operator 'adds twice': the accumulator 'twice' already exists in this task and cannot be added again; get it with getAccumulator\('twice'\)/);
  });
});

describe('accumulators over REST', { timeout: 120_000 }, () => {
  const RECORDS = 500;
  let cluster: MiniCluster;
  let app: FastifyInstance;
  let jarId: string;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weir-accumulators-'));
    // Live values reach the JobMaster with TaskManager heartbeats.
    cluster = await MiniCluster.start({ configuration: Configuration.fromMap({ 'taskmanager.numberOfTaskSlots': '3', 'heartbeat.interval': '200 ms' }) });
    app = buildRestApp({ dispatcher: await cluster.dispatcherGateway(), configuration: Configuration.empty(), uploadDir: join(dir, 'uploads'), runJar: createJarRunner() });
    await app.ready();
    const upload = await call<{ filename: string }>(app, { method: 'POST', url: '/jars/upload', payload: jarForm((await buildArtifact(JOB)).bytes, 'accumulators.mjs') });
    assert.equal(upload.status, 200, JSON.stringify(upload.body));
    jarId = upload.body.filename.split(/[\\/]/).at(-1) ?? '';
  });

  after(async () => {
    await app.close();
    await cluster.close();
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (args: readonly string[]): Promise<string> => {
    const answer = await call<{ jobid: string }>(app, { method: 'POST', url: `/jars/${jarId}/run`, payload: { programArgsList: args } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.jobid;
  };

  test('a running job shows its accumulators merged, per vertex and per subtask', async () => {
    const jobId = await run(['--case', 'live', '--records', String(RECORDS)]);
    await waitForTasksRunning(app, jobId);
    const job = await pollFor('the live total of seen', async () => {
      const body = (await call<JobAccumulatorsInfo>(app, { method: 'GET', url: `/jobs/${jobId}/accumulators` })).body;
      return body['user-task-accumulators'].find((a) => a.name === 'seen')?.value === String(RECORDS) ? body : undefined;
    });
    assert.deepEqual(job, {
      'job-accumulators': [],
      'user-task-accumulators': [{ name: 'seen', type: 'IntCounter', value: String(RECORDS) }],
      'serialized-user-task-accumulators': {},
    });
    const serialized = await call<JobAccumulatorsInfo>(app, { method: 'GET', url: `/jobs/${jobId}/accumulators?includeSerializedValue=true` });
    assert.equal(typeof serialized.body['serialized-user-task-accumulators']['seen'], 'string');

    const map = (await call<JobDetailsInfo>(app, { method: 'GET', url: `/jobs/${jobId}` })).body.vertices.find((v) => v.name.includes('counting map'));
    assert.ok(map !== undefined);
    const vertex = await call<VertexAccumulatorsInfo>(app, { method: 'GET', url: `/jobs/${jobId}/vertices/${map.id}/accumulators` });
    assert.deepEqual(vertex.body, { id: map.id, 'user-accumulators': [{ name: 'seen', type: 'IntCounter', value: String(RECORDS) }] });
    const subtasks = await call<SubtasksAllAccumulatorsInfo>(app, { method: 'GET', url: `/jobs/${jobId}/vertices/${map.id}/subtasks/accumulators` });
    assert.equal(subtasks.body.parallelism, 2);
    assert.deepEqual(subtasks.body.subtasks.map((s) => s.subtask), [0, 1]);
    // Rebalanced: each of the two subtasks saw half.
    assert.deepEqual(subtasks.body.subtasks.map((s) => s['user-accumulators'][0]?.value), [String(RECORDS / 2), String(RECORDS / 2)]);

    assert.equal((await call(app, { method: 'PATCH', url: `/jobs/${jobId}?mode=cancel` })).status, 202);
    await waitForStatus(app, jobId, ['CANCELED']);
  });

  test('a finished job keeps its final accumulators, in /accumulators and in its execution result', async () => {
    const jobId = await run(['--case', 'totals', '--records', '100']);
    await waitForStatus(app, jobId, ['FINISHED']);
    const body = (await call<JobAccumulatorsInfo>(app, { method: 'GET', url: `/jobs/${jobId}/accumulators` })).body;
    assert.deepEqual(
      body['user-task-accumulators'].filter((a) => ['count', 'sum', 'smallest'].includes(a.name)).sort((a, b) => a.name.localeCompare(b.name)),
      [
        { name: 'count', type: 'IntCounter', value: '100' },
        { name: 'smallest', type: 'IntMinimum', value: '0' },
        { name: 'sum', type: 'LongCounter', value: '4950' },
      ],
    );
    const result = (await call<JobExecutionResultResponseBody>(app, { method: 'GET', url: `/jobs/${jobId}/execution-result` })).body;
    const encoded = result['job-execution-result']?.['accumulator-results'] ?? {};
    assert.deepEqual(JSON.parse(Buffer.from(encoded['count'] ?? '', 'base64').toString('utf8')), { kind: 'IntCounter', value: 100 });
  });

  test('a bad includeSerializedValue answers 400 naming the parameter', async () => {
    const jobs = await call<{ jobs: { id: string }[] }>(app, { method: 'GET', url: '/jobs' });
    const jobId = jobs.body.jobs[0]?.id ?? '0'.repeat(32);
    const answer = await call<{ errors: string[] }>(app, { method: 'GET', url: `/jobs/${jobId}/accumulators?includeSerializedValue=yes` });
    assert.equal(answer.status, 400);
    assert.match(answer.body.errors.join(' '), /includeSerializedValue/);
  });
});
