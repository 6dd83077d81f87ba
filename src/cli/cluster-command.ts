/**
 * `weir cluster start|stop`: a standalone cluster of background processes, as Flink's
 * start-cluster.sh makes one: a JobManager and N TaskManagers, each with a pid file and
 * an output file under log/.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JOB_MANAGER_RPC_ADDRESS, JOB_MANAGER_RPC_PORT } from '../config/index.js';
import { WeirError } from '../core/errors.js';
import { logDirectory } from '../cluster/log-directory.js';
import { internalTls, jobManagerEndpoints } from '../cluster/rpc-services.js';
import type { ResourceManagerGateway } from '../resourcemanager/resource-manager-gateway.js';
import { TcpRpcService, type TcpRpcTlsOptions } from '../rpc/index.js';
import { cliConfiguration } from './cli-configuration.js';
import type { CommonOptions } from './main.js';

const WEIR_BIN = fileURLToPath(new URL('../../../bin/weir.js', import.meta.url));
const START_TIMEOUT_MS = 30_000;

function startDaemon(name: string, args: readonly string[], logDir: string): number {
  const out = openSync(join(logDir, `${name}.out`), 'a');
  const child = spawn(process.execPath, [WEIR_BIN, ...args], { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new WeirError('CLI_USAGE', `could not start ${name}`);
  writeFileSync(join(logDir, `${name}.pid`), `${child.pid}\n`);
  return child.pid;
}

function forwardedOptions(options: CommonOptions): string[] {
  return [
    ...(options.confDir !== undefined ? ['--conf-dir', options.confDir] : []),
    ...options.define.flatMap((d) => ['-D', d]),
  ];
}

export async function clusterStartCommand(options: CommonOptions & { taskmanagers: string }): Promise<number> {
  const count = Number(options.taskmanagers);
  if (!Number.isInteger(count) || count < 0) throw new WeirError('CLI_USAGE', `--taskmanagers expects a number, got '${options.taskmanagers}'`);
  const config = cliConfiguration(options);
  const logDir = logDirectory();
  mkdirSync(logDir, { recursive: true });
  if (existsSync(join(logDir, 'jobmanager.pid'))) {
    throw new WeirError('CLI_USAGE', `a cluster seems to run already (${join(logDir, 'jobmanager.pid')} exists); run 'weir cluster stop' first`);
  }
  const host = config.get(JOB_MANAGER_RPC_ADDRESS) === 'localhost' ? '127.0.0.1' : config.get(JOB_MANAGER_RPC_ADDRESS);
  const rpcHostPort = `${host}:${config.get(JOB_MANAGER_RPC_PORT)}`;
  const forwarded = forwardedOptions(options);
  startDaemon('jobmanager', ['jobmanager', ...forwarded], logDir);
  for (let i = 0; i < count; i++) startDaemon(`taskmanager-${i}`, ['taskmanager', '--jobmanager', rpcHostPort, ...forwarded], logDir);
  await waitForTaskManagers(rpcHostPort, count, internalTls(config));
  process.stdout.write(`Started a cluster: JobManager at ${rpcHostPort} with ${count} TaskManager(s); logs and pid files in ${logDir}\n`);
  return 0;
}

/** Asks the ResourceManager, over the same (TLS) transport as the cluster's own processes, until `count` TaskManagers registered. */
async function waitForTaskManagers(rpcHostPort: string, count: number, tls: TcpRpcTlsOptions | undefined): Promise<void> {
  const rpc = await TcpRpcService.create(tls === undefined ? {} : { tls });
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      try {
        const rm = await rpc.connect<ResourceManagerGateway>(jobManagerEndpoints(rpcHostPort).resourceManager, { timeoutMs: 1000 });
        if ((await rm.requestClusterOverview()).taskManagers >= count) return;
      } catch {
        // The JobManager is still starting.
      }
      if (Date.now() > deadline) {
        throw new WeirError('CLI_USAGE', `the cluster did not come up within ${START_TIMEOUT_MS / 1000} s; see the .out files in ${logDirectory()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await rpc.close();
  }
}

export async function clusterStopCommand(): Promise<number> {
  const logDir = logDirectory();
  const pidFiles = existsSync(logDir) ? readdirSync(logDir).filter((f) => f.endsWith('.pid')) : [];
  if (pidFiles.length === 0) {
    process.stdout.write(`No cluster to stop: no pid files in ${logDir}\n`);
    return 0;
  }
  // TaskManagers first, so they do not spend their last seconds looking for a lost JobManager.
  pidFiles.sort((a, b) => Number(a.startsWith('jobmanager')) - Number(b.startsWith('jobmanager')));
  for (const file of pidFiles) {
    const pid = Number(readFileSync(join(logDir, file), 'utf8').trim());
    await stopProcess(pid);
    rmSync(join(logDir, file), { force: true });
    process.stdout.write(`Stopped ${file.replace(/\.pid$/, '')} (pid ${pid})\n`);
  }
  return 0;
}

async function stopProcess(pid: number): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone meanwhile.
  }
}
