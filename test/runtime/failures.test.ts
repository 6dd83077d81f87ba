/**
 * How `weir run` fails, as a user sees it: exit code, the message on stderr, and how fast.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoPath, runWeir } from '../support/weir-cli.js';

const TWO_SLOTS = ['-D', 'taskmanager.numberOfTaskSlots=2'];

describe('a user function that throws', () => {
  test('fails the run, naming the operator, with the user message and a stack line in the job file', async () => {
    const jobFile = repoPath('test/jobs/throwing-job.ts');
    const run = await runWeir(['run', jobFile, '--at', '42'], { timeoutMs: 30_000 });
    assert.notEqual(run.code, 0, `the run should fail; stdout:\n${run.stdout}`);
    assert.match(run.stderr, /operator 'cursed map' threw/, `stderr should name the operator:\n${run.stderr}`);
    assert.match(run.stderr, /record 42 is cursed/, `stderr should hold the user's message:\n${run.stderr}`);
    // Source maps: the stack names the user's own file and the line of the throw (12), not the bundle.
    assert.match(run.stderr, /throwing-job\.ts:12:\d+/, `stderr should point at the throw in throwing-job.ts:\n${run.stderr}`);
    assert.ok(run.stderr.includes(`${jobFile}:12:`), `the stack line should carry the job file's real path ${jobFile}:\n${run.stderr}`);
  });

  test('at parallelism 1 the records before the failing one are printed, and none after it', async () => {
    const run = await runWeir(['run', '-p', '1', repoPath('test/jobs/throwing-job.ts'), '--at', '42'], { timeoutMs: 30_000 });
    assert.notEqual(run.code, 0);
    const printed = run.stdout
      .split('\n')
      .filter((l) => /^\d+$/.test(l))
      .map(Number);
    // Source, map and print are one chain in one subtask: records 1..41 doubled, in order.
    assert.deepEqual(
      printed,
      Array.from({ length: 41 }, (_, i) => (i + 1) * 2),
      `the sink should have printed the records before the failure and nothing after it:\n${run.stdout}`,
    );
  });
});

describe('too few slots', () => {
  test('a job needing 3 slots on a 2-slot cluster fails at once with the slot count per group', async () => {
    const run = await runWeir(['run', ...TWO_SLOTS, repoPath('test/jobs/slot-hungry.ts')], { timeoutMs: 60_000 });
    assert.notEqual(run.code, 0);
    assert.ok(
      run.stderr.includes('not enough slots: the job needs 3 (group default: 3), the cluster has 2'),
      `stderr:\n${run.stderr}`,
    );
    assert.ok(run.durationMs < 10_000, `failing for lack of slots took ${Math.round(run.durationMs)} ms; it should not wait for the slot request timeout`);
  });

  test('a job with two slot sharing groups reports both', async () => {
    const run = await runWeir(['run', ...TWO_SLOTS, repoPath('test/jobs/slot-hungry.ts'), '--groups', 'two'], { timeoutMs: 60_000 });
    assert.notEqual(run.code, 0);
    assert.ok(
      run.stderr.includes('not enough slots: the job needs 5 (group default: 3, group side: 2), the cluster has 2'),
      `stderr:\n${run.stderr}`,
    );
    assert.ok(run.durationMs < 10_000, `failing for lack of slots took ${Math.round(run.durationMs)} ms`);
  });
});

test('a program that builds a different graph in the slot fails naming the operator', async () => {
  const run = await runWeir(['run', ...TWO_SLOTS, repoPath('test/jobs/shifty-graph.ts')], { timeoutMs: 30_000 });
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /different job graph in the slot than in the client/, `stderr:\n${run.stderr}`);
  assert.match(run.stderr, /operator 'shifty map'/, `the message should name the differing operator:\n${run.stderr}`);
});

describe('configuration typos', () => {
  test('-D with a misspelt key fails before running and suggests the right key', async () => {
    const run = await runWeir(['run', '-D', 'taskmanager.numberOfTaskSlot=4', repoPath('examples/wordcount.ts')], { timeoutMs: 30_000 });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /taskmanager\.numberOfTaskSlot\b/, `the message should name the bad key:\n${run.stderr}`);
    assert.match(run.stderr, /taskmanager\.numberOfTaskSlots/, `the message should suggest the right key:\n${run.stderr}`);
    assert.doesNotMatch(run.stderr, /has been submitted/, 'no job should be submitted');
    assert.equal(run.stdout, '', 'the job should not run');
  });

  test('a config.yaml with a misspelt key in --conf-dir fails naming the file', async () => {
    const confDir = await mkdtemp(join(tmpdir(), 'weir-conf-typo-'));
    try {
      const file = join(confDir, 'config.yaml');
      await writeFile(file, 'taskmanager:\n  numberOfTaskSlot: 4\n');
      const run = await runWeir(['run', '--conf-dir', confDir, repoPath('examples/wordcount.ts')], { timeoutMs: 30_000 });
      assert.notEqual(run.code, 0);
      assert.ok(run.stderr.includes(file), `the message should name ${file}:\n${run.stderr}`);
      assert.match(run.stderr, /taskmanager\.numberOfTaskSlots/, `the message should suggest the right key:\n${run.stderr}`);
      assert.equal(run.stdout, '', 'the job should not run');
    } finally {
      await rm(confDir, { recursive: true, force: true });
    }
  });
});

test('executeAndCollect(limit) stops an unbounded job after limit records and the process exits 0', async () => {
  const limit = 5000;
  const run = await runWeir(['run', ...TWO_SLOTS, repoPath('test/jobs/endless-generator.ts'), '--limit', String(limit)], {
    timeoutMs: 30_000,
  });
  assert.equal(run.code, 0, `stderr:\n${run.stderr}`);
  const line = run.stdout.split('\n').find((l) => l.startsWith('COLLECTED '));
  assert.ok(line !== undefined, `stdout:\n${run.stdout}`);
  assert.deepEqual(JSON.parse(line.slice('COLLECTED '.length)), { count: limit, distinct: limit });
  assert.ok(run.durationMs < 10_000, `stopping an unbounded job took ${Math.round(run.durationMs)} ms`);
});
