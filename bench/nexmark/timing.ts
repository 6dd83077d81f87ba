/**
 * How the Nexmark benchmarks time a job from inside it: a probe chained to the source
 * notes the first event, a sink notes the end of input, each in a file per subtask
 * (`<prefix>.first.<i>.json`, `<prefix>.end.<i>.json`). Both note wall time and the
 * process's CPU time, so startup and deployment count in neither figure.
 *
 * Wall times are absolute (`performance.timeOrigin + performance.now()`), comparable
 * across slot threads. CPU time is `process.cpuUsage()`, which covers every thread of the
 * process, so the difference between the first probe and the last sink is what the whole
 * embedded cluster spent on the events: Flink's Nexmark divides events by that kind of
 * figure (cores used × time).
 *
 * Files, not stdout: slot output is forwarded asynchronously by the TaskExecutor, and a
 * file written synchronously by the slot thread cannot be lost or interleaved.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { RichFunction, RuntimeContext, Sink, SinkWriter } from 'weir';

export interface TimingMark {
  readonly subtask: number;
  /** Absolute wall time, ms. */
  readonly wallMs: number;
  /** CPU time of the whole process so far, user + system, µs. */
  readonly cpuUs: number;
  /** Results the sink received; 0 for the probe. */
  readonly count: number;
}

type MarkKind = 'first' | 'end';

function markFile(outPrefix: string, kind: MarkKind, subtask: number): string {
  return `${outPrefix}.${kind}.${subtask}.json`;
}

function writeMark(outPrefix: string, kind: MarkKind, subtask: number, count: number): void {
  const cpu = process.cpuUsage();
  const mark: TimingMark = { subtask, wallMs: performance.timeOrigin + performance.now(), cpuUs: cpu.user + cpu.system, count };
  writeFileSync(markFile(outPrefix, kind, subtask), JSON.stringify(mark));
}

/** A pass-through filter, chained to the source, that marks when the first event came by. */
export class FirstEventProbe implements RichFunction {
  private subtask = 0;
  private seen = false;

  constructor(private readonly outPrefix: string) {}

  open(ctx: RuntimeContext): void {
    this.subtask = ctx.indexOfThisSubtask;
  }

  filter(): boolean {
    if (!this.seen) {
      this.seen = true;
      writeMark(this.outPrefix, 'first', this.subtask, 0);
    }
    return true;
  }
}

class EndMarkWriter implements SinkWriter<unknown> {
  private count = 0;
  private marked = false;

  constructor(
    private readonly outPrefix: string,
    private readonly subtask: number,
  ) {}

  write(): void {
    this.count++;
  }

  flush(endOfInput: boolean): void {
    if (endOfInput) this.mark();
  }

  close(): void {
    this.mark();
  }

  private mark(): void {
    if (this.marked) return;
    this.marked = true;
    writeMark(this.outPrefix, 'end', this.subtask, this.count);
  }
}

/** Counts the query's results and marks the end of input. */
export function endMarkSink(outPrefix: string): Sink<unknown> {
  return { createWriter: (ctx: RuntimeContext) => new EndMarkWriter(outPrefix, ctx.indexOfThisSubtask) };
}

/** The marks subtasks 0..parallelism-1 wrote; a missing one is an error. */
export function readMarks(outPrefix: string, kind: MarkKind, parallelism: number): TimingMark[] {
  return Array.from({ length: parallelism }, (_, i) => JSON.parse(readFileSync(markFile(outPrefix, kind, i), 'utf8')) as TimingMark);
}
