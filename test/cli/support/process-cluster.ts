/**
 * A real cluster for tests, started as a user would: `weir jobmanager` and `weir
 * taskmanager` processes on free ports of 127.0.0.1, logs in a temporary directory.
 * Every wait is bounded, and `stop()` ends every process it started (SIGTERM, then
 * SIGKILL) by its pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RestClient } from '../../../src/client/rest-client.js';
import { REPO_ROOT, WEIR_BIN } from '../../support/weir-cli.js';
import { pollFor } from '../../support/poll.js';

/** A port nobody listens on right now: listen on port 0, note it, close. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('could not learn a free port');
  return address.port;
}

export interface WeirProcess {
  readonly child: ChildProcess;
  readonly name: string;
  /** Everything it wrote so far, stdout and stderr interleaved. */
  output(): string;
}

export function spawnWeir(name: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): WeirProcess {
  const child = spawn(process.execPath, [WEIR_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return { child, name, output: () => output };
}

/** Ends a process: SIGTERM, and SIGKILL if it has not exited after `graceMs`. */
export async function stopProcess(proc: ChildProcess, graceMs = 5_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    proc.kill('SIGKILL');
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
  }
}

/** pollFor with this cluster's patience: 20 s unless said otherwise. */
export function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  return pollFor(what, check, timeoutMs, intervalMs);
}

export interface ProcessClusterOptions {
  readonly taskManagers: number;
  readonly slotsPerTaskManager: number;
  /** More `-D key=value` settings for every process, given the cluster's temporary directory. */
  readonly config?: (dir: string) => Readonly<Record<string, string>>;
}

export interface ProcessCluster {
  /** `127.0.0.1:<rest.port>`, what `--jobmanager` takes. */
  readonly restHostPort: string;
  readonly client: RestClient;
  /** A fresh temporary directory, removed by `stop()`. */
  readonly dir: string;
  /** `-D` flags that reach this cluster's REST port, for commands that read the configuration. */
  readonly defines: readonly string[];
  readonly processes: readonly WeirProcess[];
  /** The processes' output, for an assertion message. */
  logs(): string;
  stop(): Promise<void>;
}

export async function startProcessCluster(options: ProcessClusterOptions): Promise<ProcessCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'weir-process-cluster-'));
  const rpcPort = await freePort();
  const restPort = await freePort();
  const settings: Record<string, string> = {
    'jobmanager.rpc.address': '127.0.0.1',
    'jobmanager.rpc.port': String(rpcPort),
    'rest.port': String(restPort),
    'rest.address': '127.0.0.1',
    'taskmanager.numberOfTaskSlots': String(options.slotsPerTaskManager),
    ...options.config?.(dir),
  };
  const defines = Object.entries(settings).flatMap(([key, value]) => ['-D', `${key}=${value}`]);
  const env = { WEIR_LOG_DIR: join(dir, 'log') };
  const processes: WeirProcess[] = [spawnWeir('jobmanager', ['jobmanager', ...defines], env)];
  const client = new RestClient({ baseUrl: `http://127.0.0.1:${restPort}`, timeoutMs: 5_000 });
  const cluster: ProcessCluster = {
    restHostPort: `127.0.0.1:${restPort}`,
    client,
    dir,
    defines: ['-D', `rest.port=${restPort}`, '-D', 'rest.address=127.0.0.1'],
    processes,
    logs: () => processes.map((p) => `--- ${p.name} ---\n${p.output().slice(-4000)}`).join('\n'),
    async stop() {
      await Promise.all(processes.map((p) => stopProcess(p.child)));
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor('the JobManager answering GET /overview', () => client.overview());
    for (let i = 0; i < options.taskManagers; i++) {
      processes.push(spawnWeir(`taskmanager-${i}`, ['taskmanager', '--jobmanager', `127.0.0.1:${rpcPort}`, ...defines], env));
    }
    await waitFor(`${options.taskManagers} TaskManagers registering`, async () => {
      const overview = await client.overview();
      return overview.taskmanagers === options.taskManagers ? overview : undefined;
    });
  } catch (error) {
    const logs = cluster.logs();
    await cluster.stop();
    throw new Error(`${String(error)}\n${logs}`);
  }
  return cluster;
}
