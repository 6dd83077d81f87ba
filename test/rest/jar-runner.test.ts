/** The JarRunner: a program's first job as a JobGraph, built off this thread, with limits. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { currentPipelineExecutor } from '../../src/api/execution-context.js';
import { environmentDefaults } from '../../src/cluster/settings.js';
import { Configuration } from '../../src/config/index.js';
import { WeirError } from '../../src/core/errors.js';
import { createJarRunner } from '../../src/rest/jar-runner.js';
import type { ProgramSpec } from '../../src/runtime/deployment.js';
import { restJobFile } from './rest-fixture.js';

function program(mode: string, parallelism = 1): ProgramSpec {
  return { entry: 'rest-job.mjs', args: ['--mode', mode], defaults: { ...environmentDefaults(Configuration.empty()), parallelism } };
}

describe('JarRunner', { timeout: 60_000 }, () => {
  let dir: string;
  let artifactPath: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weir-jar-runner-'));
    artifactPath = await restJobFile(dir);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('gives the first job as a JobGraph with the program’s job parameters and the requested id', async () => {
    const argv = [...process.argv];
    const jobId = 'abcdef0123456789abcdef0123456789';
    const graph = await createJarRunner()({ artifactPath, program: program('finish', 3), jobId });
    assert.equal(graph.jobId, jobId);
    assert.equal(graph.jobName, 'rest finish job');
    assert.equal(graph.executionOrdinal, 0);
    assert.deepEqual(graph.jobParameters, { origin: 'rest-test', mode: 'finish' });
    assert.deepEqual(
      graph.vertices.map((v) => v.parallelism),
      [3],
    );
    // The program ran elsewhere: this thread's arguments and executor are untouched.
    assert.deepEqual(process.argv, argv);
    assert.equal(currentPipelineExecutor(), undefined);
  });

  test('reports a program that throws, one that submits nothing, and one out of time', async () => {
    // Generous for the programs that fail on their own: a worker can take over 400 ms to start on a loaded machine.
    const run = createJarRunner({ timeoutMs: 20_000 });
    const failsWith = (code: string, pattern: RegExp) => (error: unknown) =>
      error instanceof WeirError && error.code === code && pattern.test(error.message);
    await assert.rejects(run({ artifactPath, program: program('throw') }), failsWith('ARTIFACT_LOAD_FAILED', /the program refuses to start/));
    await assert.rejects(run({ artifactPath, program: program('none') }), failsWith('ARTIFACT_LOAD_FAILED', /without calling execute\(\)/));
    await assert.rejects(createJarRunner({ timeoutMs: 400 })({ artifactPath, program: program('hang') }), failsWith('ARTIFACT_LOAD_TIMEOUT', /within 400 ms/));
    await assert.rejects(
      run({ artifactPath: join(dir, 'missing.mjs'), program: program('finish') }),
      failsWith('ARTIFACT_LOAD_FAILED', /missing\.mjs/),
    );
  });

  test('runs programs one turn at a time beyond maxConcurrent, each with its own time limit', async () => {
    const run = createJarRunner({ timeoutMs: 300, maxConcurrent: 1 });
    const started = Date.now();
    const outcomes = await Promise.allSettled([run({ artifactPath, program: program('hang') }), run({ artifactPath, program: program('hang') })]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['rejected', 'rejected'],
    );
    assert.ok(Date.now() - started >= 580, `the second program waited for the first (${Date.now() - started} ms)`);
  });
});
