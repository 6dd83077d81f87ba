import type { FunctionSnapshotContext } from '../../api/checkpoint.js';
import type { RuntimeContext } from '../../api/functions.js';
import {
  isStatefulSink,
  isTwoPhaseCommittingSink,
  type Committer,
  type CommittingSinkWriter,
  type Sink,
  type SinkWriter,
  type StatefulSinkWriter,
} from '../../api/sink.js';
import { ListStateDescriptor } from '../../api/state/state-descriptors.js';
import type { ListState } from '../../api/state/state.js';
import type { OperatorEnvironment } from './basic-operators.js';
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

  /** Sinks end the chain: time goes no further. */
  emitWatermark(): void {}

  emitWatermarkStatus(): void {}

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

/** Committables waiting for their checkpoint to complete, stored as [checkpointId, committable]. */
type PendingCommittable = readonly [number, unknown];

/**
 * Runs a user Sink's writer. A stateful writer's state and a two-phase-commit sink's
 * committables go into operator state at each checkpoint; committables are committed
 * when their checkpoint completes, and again after a restore (commits are idempotent).
 */
export class SinkWriterOperator implements StreamOperator {
  private writer: SinkWriter<unknown> | undefined;
  private committer: Committer<unknown> | undefined;
  private writerState: ListState<unknown> | undefined;
  private committablesState: ListState<PendingCommittable> | undefined;
  private pending: PendingCommittable[] = [];
  private readonly runtime: RuntimeContext;

  constructor(
    readonly name: string,
    private readonly sink: Sink<unknown>,
    private readonly environment: OperatorEnvironment,
  ) {
    this.runtime = environment.runtime;
  }

  emitWatermark(): void {}

  emitWatermarkStatus(): void {}

  collect(value: unknown): void {
    try {
      (this.writer as SinkWriter<unknown>).write(value);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }

  async initializeState(): Promise<void> {
    const state = this.environment.state;
    const sink = this.sink;
    await this.call(async () => {
      this.writerState = state.operator.getListState(new ListStateDescriptor<unknown>('_writer-state'));
      this.committablesState = state.operator.getListState(new ListStateDescriptor<PendingCommittable>('_committables'));
      if (isTwoPhaseCommittingSink(sink)) {
        this.committer = sink.createCommitter();
        // Committables of checkpoints that completed before the failure may not have been committed yet.
        const restored = this.committablesState.get();
        if (restored.length > 0) await this.committer.commit(restored.map(([, committable]) => committable));
        this.committablesState.clear();
      }
      this.writer =
        state.isRestored && isStatefulSink(sink) ? sink.restoreWriter(this.runtime, this.writerState.get()) : sink.createWriter(this.runtime);
    });
  }

  async open(): Promise<void> {
    if (this.writer === undefined) await this.initializeState();
  }

  async snapshotState(context: FunctionSnapshotContext): Promise<void> {
    const writer = this.writer;
    if (writer === undefined) return;
    await this.call(async () => {
      await writer.flush(false);
      if (this.committer !== undefined) {
        const committables = await (writer as CommittingSinkWriter<unknown, unknown>).prepareCommit();
        for (const committable of committables) this.pending.push([context.checkpointId, committable]);
        this.committablesState?.update(this.pending);
      }
      if (isStatefulSink(this.sink)) this.writerState?.update(await (writer as StatefulSinkWriter<unknown, unknown>).snapshotState(context.checkpointId));
    });
  }

  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    const committer = this.committer;
    if (committer === undefined) return;
    const due = this.pending.filter(([id]) => id <= checkpointId);
    if (due.length === 0) return;
    this.pending = this.pending.filter(([id]) => id > checkpointId);
    await this.call(() => committer.commit(due.map(([, committable]) => committable)));
  }

  /** End of input is the last checkpoint a bounded job gets: everything is committed now. */
  async finish(): Promise<void> {
    const writer = this.writer;
    if (writer === undefined) return;
    await this.call(async () => {
      await writer.flush(true);
      const committer = this.committer;
      if (committer === undefined) return;
      const last = await (writer as CommittingSinkWriter<unknown, unknown>).prepareCommit();
      const all = [...this.pending.map(([, committable]) => committable), ...last];
      this.pending = [];
      if (all.length > 0) await committer.commit(all);
    });
  }

  async close(): Promise<void> {
    await this.call(async () => {
      await this.writer?.close();
      await this.committer?.close?.();
    });
  }

  private async call(action: () => unknown): Promise<void> {
    try {
      await action();
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }
}
