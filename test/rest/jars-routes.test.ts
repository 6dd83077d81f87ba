/**
 * The web submission routes (`/jars/*`): upload, list, plan, run, delete, the program
 * failures a run reports, the size limit, `web.submit.enable`, and that no id or file
 * name reaches outside the upload directory.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createJarRunner } from '../../src/rest/jar-runner.js';
import type { JarListInfo, JarUploadResponseBody, JobDetailsInfo, JobPlanInfo } from '../../src/rest/messages.js';
import {
  assertError,
  call,
  jarForm,
  restJobArtifact,
  runRestJob,
  startFixture,
  uploadRestJob,
  waitForStatus,
  type RestFixture,
} from './rest-fixture.js';

const JAR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_rest-job\.mjs$/;

describe('REST jar routes', { timeout: 60_000 }, () => {
  let fx: RestFixture;
  let jarId: string;

  before(async () => {
    fx = await startFixture();
    jarId = await uploadRestJob(fx.app);
  });
  after(async () => {
    await fx.close();
  });

  test('POST /jars/upload stores the artifact under a generated id inside the upload dir', async () => {
    assert.match(jarId, JAR_ID);
    const stored = await readFile(join(fx.uploadDir, jarId));
    assert.deepEqual(new Uint8Array(stored), (await restJobArtifact()).bytes);
  });

  test('GET /jars lists uploads newest first with Flink’s fields', async () => {
    const second = await uploadRestJob(fx.app);
    const answer = await call<JarListInfo>(fx.app, { method: 'GET', url: '/jars' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.address, 'http://localhost:8081');
    const ids = answer.body.files.map((f) => f.id);
    assert.ok(ids.indexOf(second) < ids.indexOf(jarId), 'newest first');
    const file = answer.body.files.find((f) => f.id === jarId);
    assert.equal(file?.name, 'rest-job.mjs');
    assert.deepEqual(file.entry, []);
    assert.ok(file.uploaded > 0);
    assert.deepEqual(await call(fx.app, { method: 'DELETE', url: `/jars/${second}` }).then((a) => [a.status, a.body]), [200, {}]);
  });

  test('GET and POST /jars/:jarid/plan give the first job’s plan with the given arguments and parallelism', async () => {
    const get = await call<JobPlanInfo>(fx.app, { method: 'GET', url: `/jars/${jarId}/plan?programArg=--mode,finish&parallelism=3` });
    assert.equal(get.status, 200, JSON.stringify(get.body));
    assert.equal(get.body.plan.name, 'rest finish job');
    assert.deepEqual(
      get.body.plan.nodes.map((n) => n.parallelism),
      [3],
    );
    const post = await call<JobPlanInfo>(fx.app, {
      method: 'POST',
      url: `/jars/${jarId}/plan`,
      payload: { programArgs: "--mode 'fail'", parallelism: 1 },
    });
    assert.equal(post.body.plan.name, 'rest failing job');
    assert.deepEqual(
      post.body.plan.nodes.map((n) => n.operator),
      ['Source: Sequence Source -> cursed map -> discard: Writer'],
    );
  });

  test('POST /jars/:jarid/run submits the first job, which runs with the jar’s arguments, and honours jobId', async () => {
    const jobId = 'fedcba9876543210fedcba9876543210';
    const job = await runRestJob(fx.app, jarId, 'finish', { parallelism: 2, jobId, entryClass: 'ignored.Main' });
    assert.equal(job, jobId);
    assert.equal(await waitForStatus(fx.app, job, ['FINISHED', 'FAILED']), 'FINISHED');
    const details = await call<JobDetailsInfo>(fx.app, { method: 'GET', url: `/jobs/${job}` });
    assert.equal(details.body.vertices[0]?.parallelism, 2);
    // With no body at all the program runs without arguments: its default mode finishes.
    const bare = await call<{ jobid: string }>(fx.app, { method: 'POST', url: `/jars/${jarId}/run` });
    assert.equal(bare.status, 200, JSON.stringify(bare.body));
    assert.equal(await waitForStatus(fx.app, bare.body.jobid, ['FINISHED', 'FAILED']), 'FINISHED');
  });

  test('run bodies are validated: unknown field, wrong types, both argument forms, savepoints, configuration', async () => {
    const run = (payload: unknown) => call(fx.app, { method: 'POST', url: `/jars/${jarId}/run`, payload: payload as Record<string, unknown> });
    assertError(await run({ programArgsList: [], color: 'red' }), 400, "request body has an unknown field 'color'");
    assertError(await run({ parallelism: '2' }), 400, "request body field 'parallelism' must be an integer");
    assertError(await run({ parallelism: 0 }), 400, "field 'parallelism'");
    assertError(await run({ programArgsList: '--mode finish' }), 400, "field 'programArgsList' must be an array");
    assertError(await run({ programArgsList: [1] }), 400, "field 'programArgsList[0]' must be a string");
    assertError(await run({ jobId: 'short' }), 400, "field 'jobId' has the wrong format");
    assertError(await run({ programArgsList: ['a'], programArgs: 'a' }), 400, "both 'programArgsList' and 'programArgs'");
    // A savepoint is restored now; one that is not there answers 400 naming the missing metadata.
    assertError(await run({ savepointPath: '/tmp/savepoint-1' }), 400, 'no checkpoint metadata at /tmp/savepoint-1/_metadata');
    assertError(await call(fx.app, { method: 'POST', url: `/jars/${jarId}/run?savepointPath=/x` }), 400, 'no checkpoint metadata at /x/_metadata');
    assertError(await run({ flinkConfiguration: { 'parallelism.default': '4' } }), 400, 'flinkConfiguration is not supported yet');
    assertError(await run([1, 2]), 400, 'the request body must be a JSON object');
    assertError(
      await call(fx.app, { method: 'POST', url: `/jars/${jarId}/run`, payload: '{"programArgsList": [', headers: { 'content-type': 'application/json' } }),
      400,
      'the request body is not valid JSON',
    );
    assertError(await call(fx.app, { method: 'POST', url: `/jars/${jarId}/run?parallelism=lots` }), 400, "query parameter 'parallelism'");
  });

  test('a program that fails, submits nothing or hangs answers 400 with the reason', async () => {
    assertError(await call(fx.app, { method: 'POST', url: `/jars/${jarId}/run`, payload: { programArgsList: ['--mode', 'throw'] } }), 400, 'the program refuses to start');
    assertError(await call(fx.app, { method: 'POST', url: `/jars/${jarId}/plan`, payload: { programArgsList: ['--mode', 'none'] } }), 400, 'without calling execute()');
    assertError(
      await call(fx.app, { method: 'POST', url: `/jars/${jarId}/run`, payload: { programArgsList: ['--mode', 'forge'] } }),
      400,
      "the program's job graph field 'jobGraph'",
    );
    const impatient = await fx.app2({}, { runJar: createJarRunner({ timeoutMs: 500 }) });
    const id = await uploadRestJob(impatient);
    const started = Date.now();
    assertError(
      await call(impatient, { method: 'POST', url: `/jars/${id}/run`, payload: { programArgsList: ['--mode', 'hang'] } }),
      400,
      'did not call execute() within 500 ms',
    );
    assert.ok(Date.now() - started < 5000, 'the time limit ends the program');
  });

  test('uploads must be artifacts in the jarfile field', async () => {
    assertError(await call(fx.app, { method: 'POST', url: '/jars/upload', payload: jarForm('x', 'job.jar') }), 400, "not 'job.jar'");
    assertError(await call(fx.app, { method: 'POST', url: '/jars/upload', payload: jarForm('x', 'job.mjs', 'file') }), 400, "field 'file'", "'jarfile'");
    assertError(await call(fx.app, { method: 'POST', url: '/jars/upload', payload: { jarfile: 'x' } }), 400, 'multipart/form-data');
    const two = jarForm('export {};', 'a.mjs');
    two.append('jarfile', new Blob(['export {};']), 'b.mjs');
    assertError(await call(fx.app, { method: 'POST', url: '/jars/upload', payload: two }), 400, 'send exactly one file');
    const ids = (await call<JarListInfo>(fx.app, { method: 'GET', url: '/jars' })).body.files.map((f) => f.id);
    assert.ok(!ids.some((id) => id.endsWith('_a.mjs')), 'the first file of a refused upload is not kept');
  });

  test('an upload over rest.server.max-content-length answers 413 and leaves nothing behind', async () => {
    const app = await fx.app2({ 'rest.server.max-content-length': '4kb' });
    const answer = await call(app, { method: 'POST', url: '/jars/upload', payload: jarForm(new Uint8Array(64 * 1024), 'big.mjs') });
    assertError(answer, 413, 'larger than the server accepts (4 kb)', 'raise rest.server.max-content-length');
    const list = await call<JarListInfo>(app, { method: 'GET', url: '/jars' });
    assert.deepEqual(list.body.files, []);
    const dirs = (await readdir(fx.root)).filter((name) => name.startsWith('uploads-'));
    for (const dir of dirs) assert.deepEqual((await readdir(join(fx.root, dir))).filter((n) => n.startsWith('.upload')), []);
  });

  test('unknown jar ids answer 404 on every jar route', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000_rest-job.mjs';
    for (const [method, url] of [
      ['DELETE', `/jars/${unknown}`],
      ['POST', `/jars/${unknown}/run`],
      ['GET', `/jars/${unknown}/plan`],
      ['POST', `/jars/${unknown}/plan`],
    ] as const) {
      assertError(await call(fx.app, { method, url }), 404, `no jar with id ${unknown}`);
    }
  });

  test('path traversal through jar ids and file names never leaves the upload directory', async () => {
    // Files next to the upload directory that a traversal would reach.
    const outside = join(fx.root, 'secret.mjs');
    await writeFile(outside, 'export const secret = 42;\n');
    const before = await stat(outside);
    const rootBefore = (await readdir(fx.root)).sort();

    const attempts = [
      '..%2Fsecret.mjs',
      '..%2F..%2Fsecret.mjs',
      '%2Fetc%2Fpasswd',
      encodeURIComponent(outside),
      `00000000-0000-4000-8000-000000000000_..%2F..%2Fsecret.mjs`,
      `00000000-0000-4000-8000-000000000000_rest-job.mjs%00.mjs`,
      '%00',
      '.%2E%2Fsecret.mjs',
      `${jarId}%2F..%2F..%2Fsecret.mjs`,
    ];
    for (const id of attempts) {
      for (const [method, url] of [
        ['DELETE', `/jars/${id}`],
        ['POST', `/jars/${id}/run`],
        ['GET', `/jars/${id}/plan`],
      ] as const) {
        const answer = await call(fx.app, { method, url });
        assert.ok(answer.status === 400 || answer.status === 404, `${method} ${url} answered ${answer.status}`);
        if (answer.status === 400) assertError(answer, 400, "path parameter 'jarid'");
      }
    }
    // Raw dot segments in the URL resolve to other routes, never to a jar.
    for (const url of ['/jars/../secret.mjs', '/jars/../../secret.mjs/run']) {
      assert.equal((await call(fx.app, { method: 'DELETE', url })).status, 404, url);
    }

    // A file name with directories is reduced to a safe base name inside the upload dir.
    for (const name of ['../../secret.mjs', '/etc/evil.mjs', '..\\..\\evil.mjs', '.hidden.mjs', 'na\u0000me.mjs']) {
      const answer = await call<JarUploadResponseBody>(fx.app, { method: 'POST', url: '/jars/upload', payload: jarForm('export {};', name) });
      assert.equal(answer.status, 200, `${name}: ${JSON.stringify(answer.body)}`);
      assert.equal(join(fx.uploadDir, answer.body.filename.split('/').at(-1) ?? ''), answer.body.filename);
      assert.match(answer.body.filename.split('/').at(-1) ?? '', /^[0-9a-f-]{36}_[A-Za-z0-9][A-Za-z0-9._-]*\.mjs$/);
    }

    assert.equal(await readFile(outside, 'utf8'), 'export const secret = 42;\n');
    assert.equal((await stat(outside)).mtimeMs, before.mtimeMs);
    assert.deepEqual((await readdir(fx.root)).sort(), rootBefore, 'nothing was created or removed next to the upload dir');
  });

  test('with web.submit.enable false the jar routes do not exist (404), as in Flink', async () => {
    const app = await fx.app2({ 'web.submit.enable': 'false' });
    for (const [method, url] of [
      ['GET', '/jars'],
      ['POST', '/jars/upload'],
      ['DELETE', `/jars/${jarId}`],
      ['POST', `/jars/${jarId}/run`],
      ['GET', `/jars/${jarId}/plan`],
    ] as const) {
      assertError(await call(app, { method, url }), 404, 'Not found');
    }
    // Job submission by the client (POST /jobs) stays, as in Flink.
    assertError(await call(app, { method: 'POST', url: '/jobs', payload: {} }), 400, 'multipart/form-data');
  });
});
