/**
 * The sink of the throughput benchmarks: counts records and, at the end of input, writes
 * `{subtask, count, firstMs, endMs}` to `<outPrefix>.<subtask>.json`. Times are absolute
 * milliseconds (`performance.timeOrigin + performance.now()`), comparable across slot
 * threads; `firstMs` is taken at the first record, so job startup is not measured.
 *
 * A file, not stdout: slot output is forwarded asynchronously by the TaskExecutor, and a
 * file written synchronously by the slot thread cannot be lost or interleaved.
 */
import { writeFileSync } from 'node:fs';
import type { RuntimeContext, Sink, SinkWriter } from 'weir';

export interface SinkReport {
  readonly subtask: number;
  readonly count: number;
  /** Absolute ms at the first record; NaN when none came. */
  readonly firstMs: number;
  /** Absolute ms at the end of input. */
  readonly endMs: number;
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

class CountingWriter implements SinkWriter<unknown> {
  private count = 0;
  private firstMs = NaN;
  private endMs = NaN;

  constructor(
    private readonly file: string,
    private readonly subtask: number,
  ) {}

  write(): void {
    if (this.count++ === 0) this.firstMs = now();
  }

  flush(endOfInput: boolean): void {
    if (endOfInput) this.endMs = now();
  }

  close(): void {
    if (Number.isNaN(this.endMs)) this.endMs = now();
    const report: SinkReport = { subtask: this.subtask, count: this.count, firstMs: this.firstMs, endMs: this.endMs };
    writeFileSync(this.file, JSON.stringify(report));
  }
}

/** A sink whose subtask `i` reports to `<outPrefix>.<i>.json`. */
export function countingSink(outPrefix: string): Sink<unknown> {
  return {
    createWriter: (ctx: RuntimeContext) => new CountingWriter(`${outPrefix}.${ctx.indexOfThisSubtask}.json`, ctx.indexOfThisSubtask),
  };
}

/** The value of `--name VALUE` among the job's arguments. */
export function jobArgument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
