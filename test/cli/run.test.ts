/**
 * `weir run` as a user types it: WordCount on the bundled text and on a file, job
 * arguments after the job file, and a mistyped flag.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_TEXT } from '../../examples/data/hamlet.js';
import { repoPath, runWeir } from '../support/weir-cli.js';

/** WordCount's rule, with plain arrays: lower case, split on non-word characters. */
function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    for (const word of line.toLowerCase().split(/\W+/)) {
      if (word.length > 0) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

/** The `(word,count)` lines, in order, per word; an optional `n> ` subtask prefix is dropped. */
function printedCounts(stdout: string): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  for (const line of stdout.split('\n')) {
    const match = /^(?:\d+> )?\(([^,()]+),(\d+)\)$/.exec(line);
    if (match === null) continue;
    const [, word = '', count = ''] = match;
    counts.set(word, [...(counts.get(word) ?? []), Number(count)]);
  }
  return counts;
}

/** Each word's running counts must be 1, 2, …, n, with n its count in the text. */
function assertWordCounts(stdout: string, text: string, what: string): void {
  const expected = countWords(text);
  const printed = printedCounts(stdout);
  assert.deepEqual([...printed.keys()].sort(), [...expected.keys()].sort(), `${what}: the words printed differ from the text's words`);
  for (const [word, n] of expected) {
    assert.deepEqual(
      printed.get(word),
      Array.from({ length: n }, (_, i) => i + 1),
      `${what}: '${word}' occurs ${n} times, so its running count should go 1..${n}`,
    );
  }
}

test('weir run examples/wordcount.ts counts the bundled text, and quickly', async () => {
  const run = await runWeir(['run', repoPath('examples/wordcount.ts')], { timeoutMs: 30_000 });
  assert.equal(run.code, 0, `stderr:\n${run.stderr}`);
  assertWordCounts(run.stdout, DEFAULT_TEXT, 'wordcount on the bundled text');
  assert.ok(run.durationMs < 5_000, `weir run examples/wordcount.ts took ${Math.round(run.durationMs)} ms`);
});

test('weir run -p 2 examples/wordcount.ts prefixes each line with its subtask and counts the same', async () => {
  const run = await runWeir(['run', '-p', '2', '-D', 'taskmanager.numberOfTaskSlots=2', repoPath('examples/wordcount.ts')], {
    timeoutMs: 30_000,
  });
  assert.equal(run.code, 0, `stderr:\n${run.stderr}`);
  const lines = run.stdout.split('\n').filter((l) => l.includes('(') && l.endsWith(')'));
  assert.ok(lines.length > 0 && lines.every((l) => /^[12]> \(/.test(l)), `every count line should start with 1> or 2>:\n${lines.slice(0, 5).join('\n')}`);
  assertWordCounts(run.stdout, DEFAULT_TEXT, 'wordcount at parallelism 2');
});

test('weir run examples/wordcount.ts --input FILE counts that file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'weir-wordcount-'));
  try {
    const file = join(dir, 'input.txt');
    const text = 'Weir flows; the weir holds.\nA weir, a river, a WEIR!\n\nriver';
    await writeFile(file, text);
    const run = await runWeir(['run', repoPath('examples/wordcount.ts'), '--input', file], { timeoutMs: 30_000 });
    assert.equal(run.code, 0, `stderr:\n${run.stderr}`);
    assertWordCounts(run.stdout, text, 'wordcount --input');
    assert.deepEqual(printedCounts(run.stdout).get('weir')?.at(-1), 4);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('arguments after the job file reach the job, in the client and in the slots, even when they look like weir flags', async () => {
  const run = await runWeir(['run', '-p', '2', repoPath('test/jobs/echo-args.ts'), '-p', '7', '--name', 'x y', '-D', 'a=b'], {
    timeoutMs: 30_000,
  });
  assert.equal(run.code, 0, `stderr:\n${run.stderr}`);
  const line = run.stdout.split('\n').find((l) => l.startsWith('ARGS '));
  assert.ok(line !== undefined, `stdout:\n${run.stdout}`);
  const args = ['-p', '7', '--name', 'x y', '-D', 'a=b'];
  // `-p 2` before the job file is weir's; `-p 7` after it is the job's own.
  assert.deepEqual(JSON.parse(line.slice('ARGS '.length)), { client: args, slot: args, parallelism: 2 });
});

test('an unknown flag before the job file fails with the usage text', async () => {
  const run = await runWeir(['run', '--bogus', repoPath('examples/wordcount.ts')], { timeoutMs: 30_000 });
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /unknown option '--bogus'/);
  assert.match(run.stderr, /Usage: weir run \[options\] <job> \[args\.\.\.\]/, `stderr should show the usage:\n${run.stderr}`);
  assert.equal(run.stdout, '', 'no job should run');
});
