/**
 * `POST /jobs`, Flink's multipart job submission: a job built by the JarRunner (the job
 * graph file) and the artifact (the one jar), then every way a submission can be wrong.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { environmentDefaults } from '../../src/cluster/settings.js';
import { Configuration } from '../../src/config/index.js';
import { JobId } from '../../src/core/ids.js';
import type { JobGraph } from '../../src/graph/job-graph.js';
import { createJarRunner } from '../../src/rest/jar-runner.js';
import type { JobGraphFile } from '../../src/rest/job-graph-file.js';
import type { JobDetailsInfo, JobSubmitResponseBody } from '../../src/rest/messages.js';
import type { ProgramSpec } from '../../src/runtime/deployment.js';
import { assertError, call, restJobArtifact, restJobFile, startFixture, waitForStatus, type RestFixture } from './rest-fixture.js';

interface Parts {
  readonly request?: unknown;
  readonly graph?: unknown;
  readonly artifact?: Uint8Array;
  readonly graphName?: string;
  readonly jarName?: string;
}

/** A submission as Flink's RestClient sends it: the request field, then file parts named by their file names. */
function submission(parts: Parts): FormData {
  const graphName = parts.graphName ?? 'job-graph.json';
  const jarName = parts.jarName ?? 'job.mjs';
  const form = new FormData();
  if (parts.request !== null) {
    form.append('request', JSON.stringify(parts.request ?? { jobGraphFileName: 'job-graph.json', jobJarFileNames: ['job.mjs'] }));
  }
  if (parts.graph !== undefined) {
    form.append('file_0', new Blob([typeof parts.graph === 'string' ? parts.graph : JSON.stringify(parts.graph)]), graphName);
  }
  if (parts.artifact !== undefined) form.append('file_1', new Blob([parts.artifact]), jarName);
  return form;
}

describe('REST POST /jobs', { timeout: 60_000 }, () => {
  let fx: RestFixture;
  let program: ProgramSpec;
  let jobGraph: JobGraph;
  let artifact: Uint8Array;

  /** A valid job graph file with a fresh job id, changed by `edit`. */
  function graphFile(edit: (file: { jobGraph: Record<string, unknown>; program: Record<string, unknown> }) => void = () => {}): unknown {
    const file = JSON.parse(JSON.stringify({ jobGraph: { ...jobGraph, jobId: JobId.generate() }, program })) as {
      jobGraph: Record<string, unknown>;
      program: Record<string, unknown>;
    };
    edit(file);
    return file;
  }

  before(async () => {
    fx = await startFixture();
    program = { entry: 'rest-job.mjs', args: ['--mode', 'finish'], defaults: environmentDefaults(Configuration.empty()) };
    jobGraph = await createJarRunner()({ artifactPath: await restJobFile(fx.root), program });
    artifact = (await restJobArtifact()).bytes;
  });
  after(async () => {
    await fx.close();
  });

  test('a multipart submission runs the job to FINISHED and answers 202 {jobUrl}', async () => {
    const file: JobGraphFile = { jobGraph: { ...jobGraph, jobId: JobId.generate() }, program };
    const answer = await call<JobSubmitResponseBody>(fx.app, { method: 'POST', url: '/jobs', payload: submission({ graph: file, artifact }) });
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    assert.equal(answer.body.jobUrl, `/jobs/${file.jobGraph.jobId}`);
    await waitForStatus(fx.app, file.jobGraph.jobId, ['FINISHED']);
    const details = await call<JobDetailsInfo>(fx.app, { method: 'GET', url: answer.body.jobUrl });
    assert.equal(details.body.name, 'rest finish job');
    assert.deepEqual(
      details.body.plan.nodes.map((n) => n.id),
      jobGraph.vertices.map((v) => v.id),
    );
    assertError(
      await call(fx.app, { method: 'POST', url: '/jobs', payload: submission({ graph: file, artifact }) }),
      400,
      'already submitted',
    );
  });

  test('the request field and its files must be there', async () => {
    assertError(await call(fx.app, { method: 'POST', url: '/jobs', payload: { jobGraphFileName: 'x' } }), 400, 'multipart/form-data');
    assertError(await call(fx.app, { method: 'POST', url: '/jobs', payload: submission({ request: null, graph: graphFile(), artifact }) }), 400, "'request' field is missing");
    assertError(await call(fx.app, { method: 'POST', url: '/jobs', payload: submission({ artifact }) }), 400, "job graph file 'job-graph.json'", 'no uploaded file');
    assertError(await call(fx.app, { method: 'POST', url: '/jobs', payload: submission({ graph: graphFile() }) }), 400, "the artifact 'job.mjs'");
    const form = submission({ graph: graphFile(), artifact });
    form.append('surprise', 'x');
    assertError(await call(fx.app, { method: 'POST', url: '/jobs', payload: form }), 400, "unknown multipart field 'surprise'");
  });

  test('the request field is validated: unknown field, wrong type, missing field, two jars, cache files', async () => {
    const send = (request: unknown) => call(fx.app, { method: 'POST', url: '/jobs', payload: submission({ request, graph: graphFile(), artifact }) });
    const base = { jobGraphFileName: 'job-graph.json', jobJarFileNames: ['job.mjs'] };
    assertError(await send({ ...base, extra: true }), 400, "multipart field 'request' has an unknown field 'extra'");
    assertError(await send({ ...base, jobGraphFileName: 7 }), 400, "field 'jobGraphFileName' must be a string");
    assertError(await send({ jobGraphFileName: 'job-graph.json' }), 400, "lacks the required field 'jobJarFileNames'");
    assertError(await send({ ...base, jobJarFileNames: ['job.mjs', 'other.mjs'] }), 400, "'jobJarFileNames' must name exactly one file");
    assertError(await send({ ...base, jobArtifactFileNames: [{ entryName: 'x', fileName: 'y' }] }), 400, "'jobArtifactFileNames'");
    const notJson = submission({ graph: graphFile(), artifact, request: null });
    notJson.append('request', '{nope');
    assertError(await call(fx.app, { method: 'POST', url: '/jobs', payload: notJson }), 400, "the 'request' field is not valid JSON");
  });

  test('the job graph file is validated, naming the field', async () => {
    const send = (graph: unknown) => call(fx.app, { method: 'POST', url: '/jobs', payload: submission({ graph, artifact }) });
    assertError(await send('{not json'), 400, "job graph file 'job-graph.json' is not valid JSON");
    assertError(await send(graphFile((f) => (f.jobGraph['jobId'] = 'not-hex'))), 400, "job graph file field 'jobGraph.jobId' has the wrong format");
    assertError(
      await send(graphFile((f) => ((f.jobGraph['vertices'] as Record<string, unknown>[])[0]!['parallelism'] = '2'))),
      400,
      "job graph file field 'jobGraph.vertices[0].parallelism' must be an integer",
    );
    assertError(await send(graphFile((f) => (f.jobGraph['secret'] = 1))), 400, "field 'jobGraph' has an unknown field 'secret'");
    assertError(await send(graphFile((f) => delete f.program['defaults'])), 400, "field 'program' lacks the required field 'defaults'");
    assertError(
      await send(graphFile((f) => ((f.jobGraph['streamNodes'] as Record<string, unknown>[])[0]!['kind'] = 'teleport'))),
      400,
      "'jobGraph.streamNodes[0].kind' must be one of",
    );
    assertError(
      await send(graphFile((f) => ((f.jobGraph['vertices'] as Record<string, unknown>[])[0]!['nodeIds'] = [999]))),
      400,
      'holds stream node 999, which is not among streamNodes',
    );
  });

  test('a submission larger than rest.server.max-content-length answers 413 naming the key', async () => {
    const app = await fx.app2({ 'rest.server.max-content-length': '8kb' });
    const big = new Uint8Array(64 * 1024);
    const answer = await call(app, { method: 'POST', url: '/jobs', payload: submission({ graph: graphFile(), artifact: big }) });
    assertError(answer, 413, '8 kb', 'rest.server.max-content-length');
    const declared = await call(app, {
      method: 'POST',
      url: '/jobs',
      payload: Buffer.alloc(20 * 1024),
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    assertError(declared, 413, 'rest.server.max-content-length');
  });
});
