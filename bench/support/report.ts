/** What every benchmark prints: progress on stderr, then one JSON line on stdout. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SinkReport } from './counting-sink.js';

export interface BenchResult {
  readonly bench: string;
  readonly records_per_s: number;
  readonly baseline: string;
  readonly ratio: number;
  readonly peak_rss_mb: number;
  readonly [extra: string]: unknown;
}

/** Rounds to `digits` significant digits, so the JSON line stays readable. */
export function sig(value: number, digits = 3): number {
  return Number.isFinite(value) ? Number(value.toPrecision(digits)) : value;
}

/**
 * Prints the result line, with the 1-minute load average appended: above the number of
 * cores it means other work shared the machine and wall-time figures are low.
 */
export function printResult(result: BenchResult): void {
  process.stdout.write(`${JSON.stringify({ ...result, load_1m: sig(loadavg()[0] ?? NaN, 2) })}\n`);
}

export function progress(text: string): void {
  process.stderr.write(`  ${text}\n`);
}

export function millions(perSecond: number): string {
  return `${(perSecond / 1e6).toFixed(2)} M/s`;
}

/** A scratch directory for a job's sink reports, removed afterwards. */
export async function withScratchDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-'));
  try {
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The reports of sink subtasks 0..parallelism-1 written under `outPrefix`. */
export function readSinkReports(outPrefix: string, parallelism: number): SinkReport[] {
  return Array.from({ length: parallelism }, (_, i) => {
    const raw = JSON.parse(readFileSync(`${outPrefix}.${i}.json`, 'utf8')) as { subtask: number; count: number; firstMs: number | null; endMs: number };
    return { subtask: raw.subtask, count: raw.count, firstMs: raw.firstMs ?? NaN, endMs: raw.endMs };
  });
}
