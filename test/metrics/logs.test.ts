/** Log files: JSON lines with context, rotation by size, and reading back only this process's files. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { listLogFiles, readLogFile } from '../../src/logging/log-files.js';
import { closeProcessLog, installProcessLog, processLogLocation, processLogger } from '../../src/logging/process-log.js';
import { RotatingFile } from '../../src/logging/rotating-file.js';

describe('log files', () => {
  const dirs: string[] = [];
  const scratch = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'weir-logs-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    closeProcessLog();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  test('the process log writes JSON lines with component, job and subtask', async () => {
    const dir = await scratch();
    installProcessLog({ dir, baseName: 'jobmanager', component: 'jobmanager', maxBytes: 1 << 20, maxFiles: 2, stderrLevel: 'ERROR' });
    processLogger().child({ component: 'TaskExecutor', jobId: 'abc', vertex: 'v1', subtask: 3 }).info('switched from RUNNING to FINISHED');
    processLogger().warn('a warning', new Error('cause'));
    processLogger().debug('not written without WEIR_DEBUG');
    const lines = (await readFile(join(dir, 'jobmanager.log'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.equal(lines[0]?.['component'], 'TaskExecutor');
    assert.equal(lines[0]?.['jobId'], 'abc');
    assert.equal(lines[0]?.['subtask'], 3);
    assert.equal(lines[0]?.['level'], 'INFO');
    assert.match(String(lines[0]?.['ts']), /^\d{4}-\d\d-\d\dT/);
    assert.equal(lines[1]?.['component'], 'jobmanager');
    assert.equal(lines[1]?.['error'], 'cause');
    assert.deepEqual(processLogLocation(), { dir, baseName: 'jobmanager' });
  });

  test('rotates by size and keeps the configured number of old files', async () => {
    const dir = await scratch();
    const file = new RotatingFile({ dir, baseName: 'taskmanager-x', maxBytes: 100, maxFiles: 2 });
    for (let i = 0; i < 20; i++) file.write(`${String(i).padStart(2, '0')} ${'x'.repeat(36)}\n`);
    file.close();
    assert.deepEqual((await readdir(dir)).sort(), ['taskmanager-x.log', 'taskmanager-x.log.1', 'taskmanager-x.log.2']);
    assert.match(await readFile(join(dir, 'taskmanager-x.log'), 'utf8'), /^18 .*\n19 /);
    assert.match(await readFile(join(dir, 'taskmanager-x.log.1'), 'utf8'), /^16 /);
    const listed = await listLogFiles({ dir, baseName: 'taskmanager-x' });
    assert.deepEqual(listed.map((f) => f.name), ['taskmanager-x.log', 'taskmanager-x.log.1', 'taskmanager-x.log.2']);
    assert.ok(listed.every((f) => f.size > 0 && f.mtime > 0));
  });

  test("reads only this process's files by their listed names, and only their end", async () => {
    const dir = await scratch();
    await writeFile(join(dir, 'jobmanager.log'), Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n');
    await writeFile(join(dir, 'taskmanager-other.log'), 'not mine\n');
    await writeFile(join(dir, 'jobmanager.log.secret'), 'not a log\n');
    const location = { dir, baseName: 'jobmanager' };
    assert.deepEqual((await listLogFiles(location)).map((f) => f.name), ['jobmanager.log']);
    for (const name of ['taskmanager-other.log', 'jobmanager.log.secret', '../jobmanager.log', '/etc/passwd', `${dir}/jobmanager.log`]) {
      assert.equal(await readLogFile(location, name), undefined, name);
    }
    const tail = await readLogFile(location, 'jobmanager.log', 30);
    assert.ok(tail !== undefined);
    assert.equal(tail.truncated, true);
    assert.equal(tail.text, 'line 97\nline 98\nline 99\n');
    assert.equal((await readLogFile(location, 'jobmanager.log'))?.truncated, false);
    assert.deepEqual(await listLogFiles({ dir: join(dir, 'missing'), baseName: 'jobmanager' }), []);
  });
});
