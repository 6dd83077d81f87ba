/**
 * A real listening REST server with the client side on top: RestClient over HTTP, and a
 * program run with the RestExecutor, so `executeAndCollect` and job results travel through
 * `POST /jobs`, the coordination route and `/execution-result`.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { setPipelineExecutor } from '../../src/api/execution-context.js';
import { environmentDefaults } from '../../src/cluster/settings.js';
import { RestClient } from '../../src/client/rest-client.js';
import { RestExecutor, RestJobClient } from '../../src/client/rest-executor.js';
import { Configuration } from '../../src/config/index.js';
import { WeirError } from '../../src/core/errors.js';
import { createJarRunner } from '../../src/rest/jar-runner.js';
import { startRestServer, type RestServer } from '../../src/rest/rest-server.js';
import { installApiForArtifacts } from '../../src/runtime/program/api-global.js';
import { restJobArtifact, restJobFile, startFixture, type RestFixture } from './rest-fixture.js';

const UNKNOWN = '0123456789abcdef0123456789abcdef';

describe('REST over HTTP: RestClient and RestExecutor', { timeout: 60_000 }, () => {
  let fx: RestFixture;
  let server: RestServer;
  let client: RestClient;
  let artifactPath: string;
  let runs = 0;

  /** Runs the test job's main in this thread with the RestExecutor, as `weir run --jobmanager` would. */
  async function runProgram(mode: string): Promise<{ executor: RestExecutor; outcome: Promise<unknown>; submitted: string[] }> {
    const submitted: string[] = [];
    const executor = new RestExecutor({
      client,
      artifact: (await restJobArtifact()).bytes,
      program: { entry: 'rest-job.mjs', args: ['--mode', mode], defaults: environmentDefaults(Configuration.empty()) },
      onSubmitted: (jobId) => submitted.push(jobId),
      pollIntervalMs: 100,
    });
    await installApiForArtifacts();
    setPipelineExecutor(executor);
    const argv = process.argv;
    process.argv = [argv[0] ?? 'node', 'rest-job.mjs', '--mode', mode];
    // A fresh URL per run: a module evaluates once per URL.
    const outcome = import(`${pathToFileURL(artifactPath).href}?run=${++runs}`).finally(() => {
      process.argv = argv;
    });
    return { executor, outcome, submitted };
  }

  before(async () => {
    fx = await startFixture();
    server = await startRestServer({
      dispatcher: fx.dispatcher,
      configuration: Configuration.empty(),
      uploadDir: fx.uploadDir,
      runJar: createJarRunner(),
      port: 0,
      log: { debug: () => {}, warn: () => {}, error: () => {} },
    });
    client = new RestClient({ baseUrl: server.address, timeoutMs: 10_000 });
    artifactPath = await restJobFile(fx.root);
  });
  after(async () => {
    setPipelineExecutor(undefined);
    await server.close();
    await fx.close();
  });

  test('the server listens on an ephemeral port of rest.bind-address', async () => {
    assert.ok(server.port > 0);
    assert.equal(server.address, `http://127.0.0.1:${server.port}`);
    const overview = await client.overview();
    assert.equal(overview['slots-total'], 2);
    assert.equal((await client.config()).features['web-submit'], true);
  });

  test('a program run with the RestExecutor collects its records remotely, types intact', async () => {
    const { executor, outcome, submitted } = await runProgram('collect');
    await outcome;
    await executor.awaitSubmittedJobs();
    const records = (globalThis as { restJobCollected?: unknown }).restJobCollected as {
      n: number;
      square: bigint;
      tags: Set<string>;
      at: Date;
      pairs: Map<string, number>;
    }[];
    assert.equal(records.length, 20);
    const sorted = [...records].sort((a, b) => a.n - b.n);
    assert.deepEqual(
      sorted.map((r) => r.n),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const seven = sorted[6];
    assert.ok(seven !== undefined);
    assert.equal(seven.square, 49n);
    assert.ok(seven.tags instanceof Set && seven.tags.has('t1'));
    assert.ok(seven.at instanceof Date && seven.at.getTime() === 7000);
    assert.ok(seven.pairs instanceof Map && seven.pairs.get('n') === 7);

    assert.equal(submitted.length, 1);
    const jobId = submitted[0] ?? '';
    assert.equal((await client.jobStatus(jobId)).status, 'FINISHED');
    const details = await client.jobDetails(jobId);
    assert.equal(details.name, 'rest collect job');
    const collect = details.plan.nodes.at(-1);
    assert.match(collect?.operator ?? '', /Collect Stream Sink/);
  });

  test('a failed job rejects as toExecutionResult does, with the user’s message and the task’s stack', async () => {
    const { executor, outcome, submitted } = await runProgram('fail');
    await assert.rejects(outcome, (error: unknown) => {
      assert.ok(error instanceof WeirError);
      assert.equal(error.code, 'JOB_FAILED');
      assert.match(error.message, new RegExp(`^job 'rest failing job' \\(${submitted[0] ?? ''}\\) failed: .*element 17 is cursed`));
      assert.match(error.stack ?? '', /rest-job\.ts/);
      assert.equal((error as { failureCode?: string }).failureCode, 'USER_FUNCTION_FAILED');
      return true;
    });
    await executor.awaitSubmittedJobs();
    const exceptions = await client.jobExceptions(submitted[0] ?? '');
    assert.match(exceptions['root-exception'] ?? '', /element 17 is cursed/);
  });

  test('jars over HTTP: upload, plan, run, cancel through a RestJobClient, delete', async () => {
    const uploaded = await client.uploadJar('rest-job.mjs', (await restJobArtifact()).bytes);
    const jarId = uploaded.filename.split('/').at(-1) ?? '';
    assert.ok((await client.listJars()).files.some((f) => f.id === jarId));
    const plan = await client.jarPlan(jarId, { programArgsList: ['--mode', 'long'] });
    assert.equal(plan.plan.name, 'rest long job');

    const { jobid } = await client.runJar(jarId, { programArgsList: ['--mode', 'long'] });
    const job = new RestJobClient(jobid, 'rest long job', client, 100);
    for (;;) {
      const details = await client.jobDetails(jobid);
      if (details.vertices.every((v) => v.status === 'RUNNING')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(await job.getJobStatus(), 'RUNNING');
    await assert.rejects(job.fetchCollectResults(UNKNOWN, 0), (error: unknown) => {
      assert.ok(error instanceof WeirError);
      assert.equal(error.code, 'REST_NOT_FOUND');
      assert.match(error.message, /is not a collect sink of this job/);
      return true;
    });
    const vertex = (await client.jobDetails(jobid)).vertices[0];
    assert.equal((await client.vertexDetails(jobid, vertex?.id ?? '')).subtasks.length, 1);
    assert.equal((await client.jobsOverview()).jobs.find((j) => j.jid === jobid)?.state, 'RUNNING');
    const tm = (await client.taskManagers()).taskmanagers[0];
    assert.equal((await client.taskManager(tm?.id ?? '')).allocatedSlots.length, 1);

    await job.cancel();
    await assert.rejects(job.getJobExecutionResult(), (error: unknown) => error instanceof WeirError && error.code === 'JOB_CANCELLED');
    // Cancelling an ended job is a no-op for the JobClient, as with a local Dispatcher.
    await job.cancel();
    await client.deleteJar(jarId);
    assert.ok(!(await client.listJars()).files.some((f) => f.id === jarId));
    assert.ok((await client.jobManagerConfig()).some((e) => e.key === 'rest.port'));
  });

  test('RestClient turns error answers into WeirErrors carrying the server’s message', async () => {
    await assert.rejects(client.jobStatus(UNKNOWN), (error: unknown) => {
      assert.ok(error instanceof WeirError);
      assert.equal(error.code, 'REST_NOT_FOUND');
      assert.match(error.message, new RegExp(`no job with id ${UNKNOWN}.*GET /jobs/${UNKNOWN}/status answered 404`));
      return true;
    });
    await assert.rejects(client.jobPlan('nope'), (error: unknown) => error instanceof WeirError && error.code === 'REST_BAD_REQUEST' && /jobid/.test(error.message));
    await assert.rejects(client.runJar('00000000-0000-4000-8000-000000000000_x.mjs', { savepointPath: '/x' }), (error: unknown) =>
      error instanceof WeirError && error.code === 'REST_NOT_FOUND',
    );
  });

  test('RestClient reports an unreachable server and a silent one with their own codes', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const slow = new RestClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      await assert.rejects(slow.overview(), (error: unknown) => error instanceof WeirError && error.code === 'REST_TIMEOUT' && /200 ms/.test(error.message));
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
    const gone = new RestClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    await assert.rejects(gone.overview(), (error: unknown) => error instanceof WeirError && error.code === 'REST_CONNECTION_FAILED' && /ECONNREFUSED/.test(error.message));
  });
});
