/**
 * Native local mode: starts TaskManager processes on this machine as the
 * ResourceManager asks, each `weir taskmanager` with the JobManager's configuration,
 * writing its output to `<logDir>/taskmanager-<id>.out`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResourceDriver } from './resource-driver.js';

const WEIR_BIN = fileURLToPath(new URL('../../../bin/weir.js', import.meta.url));

export interface ProcessDriverOptions {
  /** host:port of the JobManager's RPC service. */
  readonly jobManagerRpc: string;
  readonly slotsPerTaskManager: number;
  /** The configuration the TaskManagers get, as -D pairs. */
  readonly configuration: Readonly<Record<string, string>>;
  readonly logDir: string;
}

const STOP_GRACE_MS = 5000;

export class ProcessDriver implements ResourceDriver {
  readonly canStartTaskManagers = true;
  private readonly children = new Map<string, ChildProcess>();

  constructor(private readonly options: ProcessDriverOptions) {}

  get slotsPerTaskManager(): number {
    return this.options.slotsPerTaskManager;
  }

  async startTaskManager(resourceId: string): Promise<void> {
    mkdirSync(this.options.logDir, { recursive: true });
    const out = openSync(join(this.options.logDir, `taskmanager-${resourceId}.out`), 'a');
    const defines = Object.entries(this.options.configuration).flatMap(([key, value]) => ['-D', `${key}=${value}`]);
    const child = spawn(
      process.execPath,
      [WEIR_BIN, 'taskmanager', '--jobmanager', this.options.jobManagerRpc, '--resource-id', resourceId, ...defines],
      { stdio: ['ignore', out, out] },
    );
    closeSync(out);
    this.children.set(resourceId, child);
    child.on('exit', () => this.children.delete(resourceId));
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  }

  async stopTaskManager(resourceId: string): Promise<void> {
    const child = this.children.get(resourceId);
    if (child !== undefined) await stop(child);
  }

  async close(): Promise<void> {
    await Promise.all([...this.children.values()].map(stop));
  }

  /** Process ids of the running TaskManagers, for operators and tests. */
  pids(): number[] {
    return [...this.children.values()].map((c) => c.pid).filter((pid): pid is number => pid !== undefined);
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
