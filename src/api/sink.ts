/**
 * The sink contract (Flink's Sink V2). A writer per subtask receives records
 * synchronously. Sinks that take part in checkpoints add what they need:
 * - a stateful writer returns its state at each checkpoint and is rebuilt from it;
 * - a two-phase-commit sink's writer hands over committables at each checkpoint
 *   (`prepareCommit`), and its committer makes them visible once the checkpoint is
 *   complete. A committable may be committed more than once after a failure, so commits
 *   must be idempotent.
 */
import type { RuntimeContext } from './functions.js';

export interface SinkWriter<T> {
  write(element: T): void;
  /** Called at the end of input and before each checkpoint. */
  flush(endOfInput: boolean): void | Promise<void>;
  close(): void | Promise<void>;
}

export interface StatefulSinkWriter<T, S> extends SinkWriter<T> {
  snapshotState(checkpointId: number): S[] | Promise<S[]>;
}

export interface CommittingSinkWriter<T, C> extends SinkWriter<T> {
  /** After `flush`: what this checkpoint must commit once it completes. */
  prepareCommit(): C[] | Promise<C[]>;
}

export interface Committer<C> {
  commit(committables: readonly C[]): void | Promise<void>;
  close?(): void | Promise<void>;
}

export interface Sink<T> {
  createWriter(ctx: RuntimeContext): SinkWriter<T>;
}

/** A sink whose writer keeps state across failures. */
export interface StatefulSink<T, S> extends Sink<T> {
  createWriter(ctx: RuntimeContext): StatefulSinkWriter<T, S>;
  restoreWriter(ctx: RuntimeContext, states: readonly S[]): StatefulSinkWriter<T, S>;
}

/** A sink that commits its output only when a checkpoint completes: exactly-once output. */
export interface TwoPhaseCommittingSink<T, C> extends Sink<T> {
  createWriter(ctx: RuntimeContext): CommittingSinkWriter<T, C>;
  createCommitter(): Committer<C>;
}

export function isStatefulSink<T>(sink: Sink<T>): sink is StatefulSink<T, unknown> {
  return typeof (sink as Partial<StatefulSink<T, unknown>>).restoreWriter === 'function';
}

export function isTwoPhaseCommittingSink<T>(sink: Sink<T>): sink is TwoPhaseCommittingSink<T, unknown> {
  return typeof (sink as Partial<TwoPhaseCommittingSink<T, unknown>>).createCommitter === 'function';
}
