/**
 * `weir cluster start` and `weir cluster stop`, as Flink's start-cluster.sh and
 * stop-cluster.sh: background processes with pid and .out files in the log directory,
 * here with internal TLS on, so the start command's own check that the TaskManagers
 * registered has to speak TLS too.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freePort, scratchDir } from '../support/cluster.js';
import { generateKeyPair } from '../support/tls.js';
import { runWeir } from '../support/weir-cli.js';

const dir = scratchDir('cluster-start');
const logDir = join(dir, 'log');
const env = { WEIR_LOG_DIR: logDir };
const cert = generateKeyPair('weir-cluster-start');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pids(): number[] {
  if (!existsSync(logDir)) return [];
  return readdirSync(logDir)
    .filter((file) => file.endsWith('.pid'))
    .map((file) => Number(readFileSync(join(logDir, file), 'utf8').trim()));
}

after(() => {
  for (const pid of pids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('cluster start runs a JobManager and N TaskManagers in the background; cluster stop ends them', { timeout: 90_000, skip: cert === null ? 'openssl is not installed' : false }, async () => {
  assert.ok(cert !== null);
  writeFileSync(join(dir, 'key.pem'), cert.key);
  writeFileSync(join(dir, 'cert.pem'), cert.cert);
  const restPort = await freePort();
  const defines = [
    ['jobmanager.rpc.port', String(await freePort())],
    ['rest.port', String(restPort)],
    ['taskmanager.numberOfTaskSlots', '1'],
    ['security.ssl.internal.enabled', 'true'],
    ['security.ssl.internal.key', join(dir, 'key.pem')],
    ['security.ssl.internal.cert', join(dir, 'cert.pem')],
    ['security.ssl.internal.ca', join(dir, 'cert.pem')],
  ].flatMap(([key, value]) => ['-D', `${key}=${value}`]);

  const started = await runWeir(['cluster', 'start', '--taskmanagers', '2', ...defines], { env, timeoutMs: 45_000 });
  assert.equal(started.code, 0, `${started.stdout}\n${started.stderr}`);
  assert.match(started.stdout, /Started a cluster: JobManager at 127\.0\.0\.1:\d+ with 2 TaskManager\(s\)/);
  assert.deepEqual(readdirSync(logDir).filter((f) => f.endsWith('.pid')).sort(), ['jobmanager.pid', 'taskmanager-0.pid', 'taskmanager-1.pid']);
  for (const pid of pids()) assert.ok(alive(pid), `process ${pid} should run`);

  const overview = (await (await fetch(`http://127.0.0.1:${restPort}/overview`)).json()) as { taskmanagers: number; 'slots-total': number };
  assert.equal(overview.taskmanagers, 2);
  assert.equal(overview['slots-total'], 2);

  const again = await runWeir(['cluster', 'start', '--taskmanagers', '1', ...defines], { env, timeoutMs: 20_000 });
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /a cluster seems to run already .*weir cluster stop/);

  const running = pids();
  const stopped = await runWeir(['cluster', 'stop'], { env, timeoutMs: 45_000 });
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.deepEqual(stopped.stdout.trim().split('\n').map((line) => line.replace(/ \(pid \d+\)$/, '')), ['Stopped taskmanager-0', 'Stopped taskmanager-1', 'Stopped jobmanager']);
  for (const pid of running) assert.ok(!alive(pid), `process ${pid} should have stopped`);
  assert.deepEqual(pids(), []);
  assert.ok(existsSync(join(logDir, 'jobmanager.out')) && existsSync(join(logDir, 'taskmanager-1.out')));
});
