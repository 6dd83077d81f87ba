import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { repoPath, runWeir } from '../support/weir-cli.js';

const RESTARTS = ['-D', 'restart-strategy.type=fixed-delay', '-D', 'restart-strategy.fixed-delay.delay=100'];

function attempts(stdout: string): string[] {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line !== undefined, `no result line in:\n${stdout}`);
  return (JSON.parse(line) as { attempts: string[] }).attempts;
}

describe('failover strategies', () => {
  it('region failover restarts only the failed pipeline', async () => {
    const run = await runWeir(['run', ...RESTARTS, repoPath('test/jobs/flaky-pipelines.ts')]);
    assert.equal(run.code, 0, run.stderr);
    // Subtask 1 never restarted: its records all come from attempt 0.
    assert.deepEqual(attempts(run.stdout), ['0@0', '0@1', '1@0']);
  });

  it('full failover restarts every task', async () => {
    const run = await runWeir(['run', ...RESTARTS, '-D', 'jobmanager.execution.failover-strategy=full', repoPath('test/jobs/flaky-pipelines.ts')]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(attempts(run.stdout), ['0@0', '0@1', '1@0', '1@1']);
  });
});
