/**
 * The file connectors in a real job: `weir run` reads a directory with FileSource and
 * writes it with FileSink, and every line arrives, committed, exactly once.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoPath, runWeir } from '../support/weir-cli.js';
import { allFiles, read, visibleFiles } from './support/sink-harness.js';

const root = await mkdtemp(join(tmpdir(), 'weir-file-pipeline-'));
after(() => rm(root, { recursive: true, force: true }));

describe('FileSource to FileSink in a bounded job', () => {
  it('commits every input line exactly once, in visible part files, at the end of input', async () => {
    const inDir = join(root, 'in');
    const outDir = join(root, 'out');
    const expected: string[] = [];
    for (let f = 0; f < 5; f++) {
      await mkdir(join(inDir, `day-${f % 2}`), { recursive: true });
      const lines = Array.from({ length: 2000 + f * 1000 }, (_, i) => `file ${f} line ${i} ünïcode 中`);
      await writeFile(join(inDir, `day-${f % 2}`, `log-${f}.txt`), `${lines.join('\n')}\n`);
      expected.push(...lines.map((line) => line.toUpperCase()));
    }
    await writeFile(join(inDir, '_SUCCESS'), 'not data\n');
    await writeFile(join(inDir, '.log-9.txt.crc'), 'not data\n');

    const run = await runWeir(['run', '-p', '2', repoPath('test/connectors/jobs/file-copy.ts'), inDir, outDir], {
      timeoutMs: 90_000,
    });
    assert.equal(run.code, 0, `weir run failed:\n${run.stderr}`);

    const visible = visibleFiles(outDir);
    assert.deepEqual(
      allFiles(outDir).filter((file) => !visible.includes(file)),
      [],
      'no in-progress or pending file is left: everything was committed',
    );
    assert.ok(visible.length > 0 && visible.every((file) => /^part-[01]-\d+$/.test(file)), visible.join(', '));
    const written = visible.flatMap((file) => read(outDir, file).split('\n').slice(0, -1));
    assert.deepEqual(written.sort(), expected.sort());
  });
});
