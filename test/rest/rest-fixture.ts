/**
 * What the REST tests share: a mini cluster with the REST app around its Dispatcher
 * (called in-process with `inject`), the test job's artifact, and small helpers to
 * upload, run and wait for jobs.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { JobStatus } from '../../src/api/job-client.js';
import { buildArtifact, type Artifact } from '../../src/client/artifact.js';
import { MiniCluster } from '../../src/cluster/mini-cluster.js';
import { Configuration } from '../../src/config/index.js';
import type { DispatcherGateway } from '../../src/dispatcher/dispatcher-gateway.js';
import { createJarRunner, type JarRunner } from '../../src/rest/jar-runner.js';
import type { ErrorResponseBody, JobDetailsInfo } from '../../src/rest/messages.js';
import { buildRestApp } from '../../src/rest/rest-server.js';
import type { RpcLogger } from '../../src/rpc/index.js';

/** The repository root (tests run from dist/test/rest/). */
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const REST_JOB = join(REPO_ROOT, 'test', 'rest', 'jobs', 'rest-job.ts');

let artifact: Promise<Artifact> | undefined;

/** The test job bundled once per test process. */
export function restJobArtifact(): Promise<Artifact> {
  artifact ??= buildArtifact(REST_JOB);
  return artifact;
}

export interface RestFixture {
  readonly cluster: MiniCluster;
  readonly dispatcher: DispatcherGateway;
  readonly app: FastifyInstance;
  /** A fresh directory holding `uploads/` (the upload dir) and nothing else, for traversal checks. */
  readonly root: string;
  readonly uploadDir: string;
  /** What the server logged as internal errors. */
  readonly logged: string[];
  /** Another app over the same cluster, with other settings. */
  app2(config: Readonly<Record<string, string>>, options?: { readonly runJar?: JarRunner; readonly shutDownCluster?: () => void }): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export async function startFixture(config: Readonly<Record<string, string>> = {}): Promise<RestFixture> {
  const cluster = await MiniCluster.start({ configuration: Configuration.fromMap({ 'taskmanager.numberOfTaskSlots': '2' }) });
  const dispatcher = await cluster.dispatcherGateway();
  const root = await mkdtemp(join(tmpdir(), 'weir-rest-test-'));
  const logged: string[] = [];
  const log: RpcLogger = { debug: () => {}, warn: (m) => logged.push(m), error: (m) => logged.push(m) };
  const apps: FastifyInstance[] = [];
  const makeApp = async (map: Readonly<Record<string, string>>, runJar: JarRunner, uploadDir: string, shutDownCluster?: () => void): Promise<FastifyInstance> => {
    const app = buildRestApp({ dispatcher, configuration: Configuration.fromMap(map), uploadDir, runJar, log, ...(shutDownCluster !== undefined ? { shutDownCluster } : {}) });
    apps.push(app);
    await app.ready();
    return app;
  };
  const uploadDir = join(root, 'uploads');
  await mkdir(uploadDir);
  const app = await makeApp(config, createJarRunner(), uploadDir);
  let extra = 0;
  return {
    cluster,
    dispatcher,
    app,
    root,
    uploadDir,
    logged,
    app2: async (map, options = {}) => makeApp(map, options.runJar ?? createJarRunner(), join(root, `uploads-${++extra}`), options.shutDownCluster),
    async close() {
      for (const each of apps) await each.close();
      await cluster.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export interface Answer<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Readonly<Record<string, unknown>>;
}

export async function call<T = unknown>(app: FastifyInstance, options: InjectOptions): Promise<Answer<T>> {
  const response = await app.inject(options);
  const body = (response.body === '' ? undefined : JSON.parse(response.body)) as T;
  return { status: response.statusCode, body, headers: response.headers };
}

/** Asserts an error answer: the status, the `{"errors": [...]}` shape, and text the message must hold. */
export function assertError(answer: Answer<unknown>, status: number, ...fragments: readonly (string | RegExp)[]): string {
  assert.equal(answer.status, status, `expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  const body = answer.body as ErrorResponseBody;
  assert.ok(Array.isArray(body.errors) && body.errors.length === 1, `not an error body: ${JSON.stringify(answer.body)}`);
  const message = body.errors[0] ?? '';
  for (const fragment of fragments) {
    if (typeof fragment === 'string') assert.ok(message.includes(fragment), `'${message}' lacks '${fragment}'`);
    else assert.match(message, fragment);
  }
  assert.doesNotMatch(message, /\n\s+at /, 'an error message must not carry a stack');
  return message;
}

export function jarForm(bytes: Uint8Array | string, fileName: string, field = 'jarfile'): FormData {
  const form = new FormData();
  form.append(field, new Blob([bytes]), fileName);
  return form;
}

/** Uploads the test job and returns its jar id. */
export async function uploadRestJob(app: FastifyInstance): Promise<string> {
  const answer = await call<{ filename: string; status: string }>(app, {
    method: 'POST',
    url: '/jars/upload',
    payload: jarForm((await restJobArtifact()).bytes, 'rest-job.mjs'),
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const id = answer.body.filename.split(/[\\/]/).at(-1);
  assert.ok(id !== undefined);
  return id;
}

/** Runs the uploaded test job in a mode and returns the job id. */
export async function runRestJob(app: FastifyInstance, jarId: string, mode: string, body: Readonly<Record<string, unknown>> = {}): Promise<string> {
  const answer = await call<{ jobid: string }>(app, {
    method: 'POST',
    url: `/jars/${jarId}/run`,
    payload: { programArgsList: ['--mode', mode], ...body },
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.jobid;
}

export async function waitForStatus(app: FastifyInstance, jobId: string, wanted: readonly JobStatus[], timeoutMs = 20_000): Promise<JobStatus> {
  const deadline = Date.now() + timeoutMs;
  let status: JobStatus | undefined;
  while (Date.now() < deadline) {
    const answer = await call<{ status: JobStatus }>(app, { method: 'GET', url: `/jobs/${jobId}/status` });
    status = answer.body.status;
    if (wanted.includes(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not reach ${wanted.join('/')} within ${timeoutMs} ms; last status ${String(status)}`);
}

/** Writes the test job's artifact to a file, for runs of the JarRunner outside the server. */
export async function restJobFile(dir: string): Promise<string> {
  const path = join(dir, 'rest-job.mjs');
  await writeFile(path, (await restJobArtifact()).bytes);
  return path;
}

/**
 * Waits until every subtask of the job runs. A cancel sent while a task is still being
 * deployed can be lost in the TaskExecutor (the job then stays CANCELLING), so tests
 * cancel only running tasks.
 */
export async function waitForTasksRunning(app: FastifyInstance, jobId: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await call<JobDetailsInfo>(app, { method: 'GET', url: `/jobs/${jobId}` });
    if (answer.status === 200 && answer.body.vertices.every((v) => v.status === 'RUNNING')) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the tasks of job ${jobId} did not all run within ${timeoutMs} ms`);
}
