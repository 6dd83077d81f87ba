import type { RuntimeContext } from '../../api/functions.js';
import type { Sink, SinkWriter } from '../../api/sink.js';
import type { StreamOperator } from './stream-operator.js';
import { userFailure } from './user-failure.js';

/** Prints records as Flink does: `value`, or `n> value` when the sink runs in parallel. */
export class PrintSinkOperator implements StreamOperator {
  private pending = '';
  private readonly prefix: string;

  constructor(
    readonly name: string,
    identifier: string | undefined,
    private readonly stdErr: boolean,
    runtime: RuntimeContext,
    private readonly print: (text: string, stdErr: boolean) => void,
  ) {
    const subtask = runtime.numberOfParallelSubtasks > 1 ? String(runtime.indexOfThisSubtask + 1) : '';
    const label = identifier !== undefined && subtask !== '' ? `${identifier}:${subtask}` : (identifier ?? subtask);
    this.prefix = label === '' ? '' : `${label}> `;
  }

  collect(value: unknown): void {
    this.pending += `${this.prefix}${formatRecord(value)}\n`;
    if (this.pending.length > 65536) this.flush();
  }

  flush(): void {
    if (this.pending === '') return;
    this.print(this.pending, this.stdErr);
    this.pending = '';
  }

  async open(): Promise<void> {}

  async finish(): Promise<void> {
    this.flush();
  }

  async close(): Promise<void> {
    this.flush();
  }
}

/** Tuples print as Flink prints them, `(a,1)`; objects as JSON; the rest as text. */
export function formatRecord(value: unknown): string {
  if (Array.isArray(value)) return `(${value.map(formatRecord).join(',')})`;
  if (value instanceof Map) return formatRecord(Object.fromEntries(value));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
  return String(value);
}

/** Runs a user Sink's writer. */
export class SinkWriterOperator implements StreamOperator {
  private writer: SinkWriter<unknown> | undefined;

  constructor(
    readonly name: string,
    private readonly sink: Sink<unknown>,
    private readonly runtime: RuntimeContext,
  ) {}

  collect(value: unknown): void {
    try {
      (this.writer as SinkWriter<unknown>).write(value);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }

  async open(): Promise<void> {
    this.writer = this.sink.createWriter(this.runtime);
  }

  async finish(): Promise<void> {
    await this.writer?.flush(true);
  }

  async close(): Promise<void> {
    await this.writer?.close();
  }
}
