/**
 * The REST layer's pure parts: jar ids and paths, program arguments, the coordination
 * payload codec, the execution-result body both ways, and the coordination route's checks.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WeirError } from '../../src/core/errors.js';
import { decodeCollectBatch, decodeCollectRequest, encodeCollectBatch, encodeCollectRequest } from '../../src/rest/coordination.js';
import { isJarId, jarName, jarPath, newJarId } from '../../src/rest/ids.js';
import { executionResultBody, jobResultFromBody } from '../../src/rest/job-result-body.js';
import { programArguments, tokenizeArguments } from '../../src/rest/program-args.js';
import { assertError, call, startFixture, type RestFixture } from './rest-fixture.js';

describe('jar ids', () => {
  test('a new id keeps only a safe base name and always ends in .mjs', () => {
    for (const [name, kept] of [
      ['wordcount.mjs', 'wordcount.mjs'],
      ['job.js', 'job.mjs'],
      ['../../etc/passwd.mjs', 'passwd.mjs'],
      ['C:\\Users\\me\\job.mjs', 'job.mjs'],
      ['my job (1).mjs', 'my_job__1_.mjs'],
      ['...mjs', 'job.mjs'],
      ['.mjs', 'mjs.mjs'],
    ] as const) {
      const id = newJarId(name);
      assert.ok(isJarId(id), `${name} → ${id}`);
      assert.equal(jarName(id), kept);
    }
  });

  test('jarPath accepts only ids and stays in the directory', () => {
    const dir = join('/srv', 'uploads');
    const id = newJarId('job.mjs');
    assert.equal(jarPath(dir, id), join(dir, id));
    for (const bad of ['../x.mjs', `${id}/../../x`, '/etc/passwd', `${id}\u0000`, '', '.', `x_${id}`]) {
      assert.throws(() => jarPath(dir, bad), (error: unknown) => error instanceof WeirError && error.code === 'REST_BAD_REQUEST');
    }
  });
});

describe('program arguments', () => {
  test('programArgs split at whitespace outside quotes', () => {
    assert.deepEqual(tokenizeArguments(`--name "a b" --x 'c d'  plain`), ['--name', 'a b', '--x', 'c d', 'plain']);
    assert.deepEqual(tokenizeArguments('   '), []);
  });

  test('the list wins over the query; both body forms are refused', () => {
    assert.deepEqual(programArguments({ programArgsList: ['a'], programArgQuery: 'b' }), ['a']);
    assert.deepEqual(programArguments({ programArgQuery: '--mode,fail' }), ['--mode', 'fail']);
    assert.deepEqual(programArguments({ programArgsQuery: '--mode fail' }), ['--mode', 'fail']);
    assert.deepEqual(programArguments({}), []);
    assert.throws(() => programArguments({ programArgsList: [], programArgs: '' }), /use only 'programArgsList'/);
  });
});

describe('coordination payloads', () => {
  test('records round-trip with their types', () => {
    const records = [1n << 70n, new Map([['k', new Set([1, 2])]]), new Date(5), new Uint8Array([1, 2]), { a: undefined }, 'text', null];
    const batch = decodeCollectBatch(encodeCollectBatch({ records, finished: true }));
    assert.deepEqual(batch, { records, finished: true });
    assert.deepEqual(decodeCollectRequest(encodeCollectRequest({ offset: 42 })), { offset: 42 });
  });

  test('a malformed request is a REST_BAD_REQUEST', () => {
    for (const bad of ['%%%', encodeCollectRequest({ offset: -1 }), Buffer.from([0xc1]).toString('base64'), encodeCollectBatch({ records: [], finished: false })]) {
      assert.throws(() => decodeCollectRequest(bad), (error: unknown) => error instanceof WeirError && error.code === 'REST_BAD_REQUEST');
    }
  });
});

describe('execution-result body', () => {
  test('a failure survives the trip with its code and stack', () => {
    const error = { name: 'WeirError', message: 'boom', stack: 'WeirError: boom\n    at task', code: 'USER_FUNCTION_FAILED' };
    const body = executionResultBody({ jobId: 'a'.repeat(32), jobName: 'j', state: 'FAILED', netRuntimeMs: 12, accumulators: [], error });
    assert.equal(body['job-execution-result']?.['application-status'], 'FAILED');
    assert.deepEqual(jobResultFromBody(body['job-execution-result'], 'j'), {
      jobId: 'a'.repeat(32),
      jobName: 'j',
      state: 'FAILED',
      netRuntimeMs: 12,
      accumulators: [],
      error,
    });
  });

  test('accumulators survive the trip, a merge failure included', () => {
    const accumulators = [
      { name: 'lines', kind: 'IntCounter', value: 42 },
      { name: 'lengths', kind: 'Histogram', value: [[3, 2], [5, 1]] },
      { name: 'mixed', failure: "the accumulator 'mixed' is a IntCounter in one task and a DoubleCounter in another" },
    ] as const;
    const body = executionResultBody({ jobId: 'c'.repeat(32), jobName: 'j', state: 'FINISHED', netRuntimeMs: 5, accumulators });
    const encoded = body['job-execution-result']?.['accumulator-results'] ?? {};
    assert.deepEqual(Object.keys(encoded), ['lines', 'lengths', 'mixed']);
    assert.ok(Object.values(encoded).every((value) => typeof value === 'string'), 'each value is a string, as in Flink');
    assert.deepEqual(jobResultFromBody(body['job-execution-result'] ?? assert.fail('no result'), 'j').accumulators, accumulators);
  });

  test('a cause another server serialized still yields its text', () => {
    const result = jobResultFromBody(
      {
        id: 'b'.repeat(32),
        'application-status': 'FAILED',
        'accumulator-results': {},
        'net-runtime': 1,
        'failure-cause': { class: 'java.lang.RuntimeException', 'stack-trace': 'java.lang.RuntimeException: no\n\tat X', 'serialized-throwable': 'rO0AB' },
      },
      'j',
    );
    assert.equal(result.error?.message, 'java.lang.RuntimeException: no');
  });
});

describe('coordination route checks', { timeout: 60_000 }, () => {
  let fx: RestFixture;
  before(async () => {
    fx = await startFixture();
  });
  after(async () => {
    await fx.close();
  });

  const url = `/jobs/${'a'.repeat(32)}/coordinators/${'b'.repeat(32)}`;

  test('bodies and ids are validated', async () => {
    assertError(await call(fx.app, { method: 'POST', url, payload: { serializedCoordinationRequest: '***' } }), 400, 'must be base64');
    assertError(await call(fx.app, { method: 'POST', url, payload: {} }), 400, "lacks the required field 'serializedCoordinationRequest'");
    assertError(await call(fx.app, { method: 'POST', url, payload: { serializedCoordinationRequest: 5 } }), 400, "field 'serializedCoordinationRequest' must be a string");
    assertError(
      await call(fx.app, { method: 'POST', url, payload: { serializedCoordinationRequest: encodeCollectRequest({ offset: 0 }), more: 1 } }),
      400,
      "unknown field 'more'",
    );
    assertError(await call(fx.app, { method: 'POST', url: `/jobs/x/coordinators/${'b'.repeat(32)}`, payload: {} }), 400, "path parameter 'jobid'");
    assertError(await call(fx.app, { method: 'POST', url: `/jobs/${'a'.repeat(32)}/coordinators/op`, payload: {} }), 400, "path parameter 'operatorid'");
    assertError(await call(fx.app, { method: 'POST', url, payload: { serializedCoordinationRequest: encodeCollectRequest({ offset: 0 }) } }), 404, 'a'.repeat(32));
    assertError(await call(fx.app, { method: 'GET', url }), 405, 'use POST');
  });
});
