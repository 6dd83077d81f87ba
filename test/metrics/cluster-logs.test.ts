/**
 * Real cluster processes: `weir jobmanager` and `weir taskmanager` each write their log
 * file, the REST API returns the TaskManager's (read by that process, over RPC), and each
 * process serves its own Prometheus endpoint.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, WEIR_BIN } from '../support/weir-cli.js';
import { pollFor } from '../support/poll.js';

function start(args: readonly string[], logDir: string): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [WEIR_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, WEIR_LOG_DIR: logDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { child, stderr: () => stderr };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('log files and Prometheus of cluster processes', { timeout: 90_000 }, () => {
  let logDir: string;
  let jobManager: ReturnType<typeof start>;
  let taskManager: ReturnType<typeof start>;
  let rest: string;

  before(async () => {
    logDir = await mkdtemp(join(tmpdir(), 'weir-cluster-logs-'));
    const common = ['-D', 'metrics.reporter.prom.port=0', '-D', 'metrics.reporter.prom.host=127.0.0.1'];
    jobManager = start(['jobmanager', '-D', 'jobmanager.rpc.port=0', '-D', 'rest.port=0', ...common], logDir);
    const running = await pollFor('the JobManager to start', () => /RPC (\S+), REST (\S+)/.exec(jobManager.stderr()) ?? undefined);
    rest = running[2] as string;
    taskManager = start(['taskmanager', '--jobmanager', running[1] as string, ...common], logDir);
  });

  after(async () => {
    await Promise.all([taskManager === undefined ? undefined : stop(taskManager.child), jobManager === undefined ? undefined : stop(jobManager.child)]);
    await rm(logDir, { recursive: true, force: true });
  });

  test("each process writes its log; REST returns the TaskManager's; each serves /metrics", async () => {
    const tmId = await pollFor('the TaskManager to register', async () => {
      const body = (await (await fetch(`${rest}/taskmanagers`)).json()) as { taskmanagers: { id: string }[] };
      return body.taskmanagers[0]?.id;
    });
    const files = (await readdir(logDir)).sort();
    assert.ok(files.includes('jobmanager.log') && files.includes(`taskmanager-${tmId}.log`), files.join(', '));

    const list = (await (await fetch(`${rest}/taskmanagers/${tmId}/logs`)).json()) as { logs: { name: string; size: number }[] };
    assert.deepEqual(list.logs.map((l) => l.name), [`taskmanager-${tmId}.log`]);
    const tmLog = await (await fetch(`${rest}/taskmanagers/${tmId}/log`)).text();
    assert.match(tmLog, new RegExp(`"component":"taskmanager".*TaskManager ${tmId} started`));
    const jmLog = await (await fetch(`${rest}/jobmanager/log`)).text();
    assert.match(jmLog, /JobManager started/);
    assert.doesNotMatch(jmLog, /TaskManager .* started: RPC/, "the JobManager's log is its own");

    for (const [file, scope] of [
      [`taskmanager-${tmId}.log`, `flink_taskmanager_Status_JVM_Memory_Heap_Used{host="[^"]+",tm_id="${tmId}"} \\d+`],
      ['jobmanager.log', 'flink_jobmanager_numRegisteredTaskManagers{host="[^"]+"} 1'],
    ] as const) {
      const port = /Prometheus at http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(await readFile(join(logDir, file), 'utf8'))?.[1];
      assert.ok(port !== undefined, `no Prometheus port in ${file}`);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.match(text, new RegExp(`^${scope}$`, 'm'));
    }
  });
});
