/**
 * A real cluster for the dashboard tests: a `weir jobmanager` and a `weir taskmanager`
 * process on free ports of 127.0.0.1, logging into their own directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { WEIR_BIN, REPO_ROOT } from '../../support/weir-cli.js';

export interface ProcessCluster {
  /** http://127.0.0.1:port of the REST API and dashboard. */
  readonly restUrl: string;
  close(): Promise<void>;
}

interface Started {
  readonly child: ChildProcess;
  readonly match: RegExpMatchArray;
}

/** Starts `weir <args>` and waits until its stderr matches `ready`. */
function startWeir(args: readonly string[], ready: RegExp, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WEIR_BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`weir ${args.join(' ')} ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: string): void => {
      output += chunk;
      const match = output.match(ready);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.stderr?.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => fail(`exited with ${code} before it was ready`));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startProcessCluster(options: { readonly slots: number; readonly logDir: string; readonly defines?: readonly string[] }): Promise<ProcessCluster> {
  const env = { WEIR_LOG_DIR: options.logDir };
  const defines = ['rest.port=0', 'rest.bind-address=127.0.0.1', 'jobmanager.rpc.address=127.0.0.1', 'jobmanager.rpc.port=0', ...(options.defines ?? [])].flatMap((d) => ['-D', d]);
  const jobManager = await startWeir(['jobmanager', ...defines], /JobManager running: RPC (\S+), REST (http:\/\/\S+)/, env, 60_000);
  const rpc = jobManager.match[1] ?? '';
  const restUrl = jobManager.match[2] ?? '';
  let taskManager: Started;
  try {
    taskManager = await startWeir(['taskmanager', '--jobmanager', rpc, '-D', `taskmanager.numberOfTaskSlots=${options.slots}`], /registered with the JobManager/, env, 60_000);
  } catch (error) {
    await stop(jobManager.child);
    throw error;
  }
  return {
    restUrl,
    async close() {
      await stop(taskManager.child);
      await stop(jobManager.child);
    },
  };
}
