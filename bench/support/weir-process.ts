/**
 * Runs the `weir` CLI in a child process, as a user would, and reports its wall time, its
 * output and its peak RSS (through `peak-rss-hook.ts`, preloaded into the child).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root: this file runs as dist/bench/support/weir-process.js. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const WEIR_BIN = join(REPO_ROOT, 'bin/weir.js');
const PEAK_RSS_HOOK = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'peak-rss-hook.js')).href;

export interface ChildRun {
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident set size of the child, slot threads included; NaN if it did not report. */
  readonly peakRssMb: number;
  /** CPU time of the child, all threads, user + system, in ms; NaN if it did not report. */
  readonly cpuMs: number;
}

/** Runs `node [nodeArgs] <script> [args]` with the peak-RSS hook and waits for it to exit 0. */
export async function runNode(nodeArgs: readonly string[], script: string | undefined, args: readonly string[]): Promise<ChildRun> {
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-rss-'));
  const rssFile = join(dir, 'peak-rss.json');
  try {
    const argv = [...nodeArgs, '--import', PEAK_RSS_HOOK, ...(script !== undefined ? [script] : []), ...args];
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn(process.execPath, argv, {
        cwd: REPO_ROOT,
        env: { ...process.env, WEIR_BENCH_PEAK_RSS_FILE: rssFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', fail);
      child.on('close', (exitCode) =>
        done({ code: exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
      );
    });
    const wallMs = performance.now() - started;
    if (code !== 0) {
      throw new Error(`node ${argv.join(' ')} exited with ${String(code)}:\n${stderr}`);
    }
    return { wallMs, stdout, stderr, ...readUsage(rssFile) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `weir <args>` (e.g. `['run', '-p', '2', 'job.ts', '--records', '10']`). */
export function runWeir(args: readonly string[], nodeArgs: readonly string[] = []): Promise<ChildRun> {
  return runNode(nodeArgs, WEIR_BIN, args);
}

function readUsage(file: string): { peakRssMb: number; cpuMs: number } {
  try {
    const { peakRssKb, cpuUs } = JSON.parse(readFileSync(file, 'utf8')) as { peakRssKb: number; cpuUs: number };
    return { peakRssMb: peakRssKb / 1024, cpuMs: cpuUs / 1000 };
  } catch {
    return { peakRssMb: NaN, cpuMs: NaN };
  }
}
