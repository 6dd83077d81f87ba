import type { FunctionSnapshotContext } from '../../api/checkpoint.js';
import type { Output } from './output.js';

/**
 * An operator inside a task. `collect` is its input: the upstream operator (or the
 * network input) calls it once per record, synchronously. The checkpoint hooks run on
 * the task's thread between records.
 */
export interface StreamOperator extends Output {
  readonly name: string;
  /** Before open: restored state is in place; user functions read it here. */
  initializeState?(): Promise<void>;
  open(): Promise<void>;
  /**
   * True while the operator cannot take more input (collect sinks awaiting acks, async I/O
   * at capacity): the task stops feeding its chain, and resumes when woken through
   * scheduleOnTask or an operator event.
   */
  isBackpressured?(): boolean;
  /** Hands on what is buffered inside the operator (the buffer timeout calls this). */
  flush?(): void;
  /** No more input will come: emit what is pending (Flink's endInput/finish). */
  finish(): Promise<void>;
  close(): Promise<void>;
  /** A checkpoint's barrier reached this operator: put what belongs to it into state. */
  snapshotState?(context: FunctionSnapshotContext): Promise<void>;
  notifyCheckpointComplete?(checkpointId: number): Promise<void>;
  notifyCheckpointAborted?(checkpointId: number): Promise<void>;
}
