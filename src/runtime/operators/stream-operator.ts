import type { RuntimeContext } from '../../api/functions.js';
import type { Output } from './output.js';

/**
 * An operator inside a task. `collect` is its input: the upstream operator (or the
 * network input) calls it once per record, synchronously.
 */
export interface StreamOperator extends Output {
  readonly name: string;
  open(): Promise<void>;
  /** Hands on what is buffered inside the operator (the buffer timeout calls this). */
  flush?(): void;
  /** No more input will come: emit what is pending (Flink's endInput/finish). */
  finish(): Promise<void>;
  close(): Promise<void>;
}

/** What an operator is built with. */
export interface OperatorContext {
  readonly runtime: RuntimeContext;
  readonly output: Output;
  /** Sends a line of text to the TaskManager's standard output or error. */
  readonly print: (text: string, stdErr: boolean) => void;
  /** Sends an event to this operator's coordinator on the JobMaster. */
  readonly sendOperatorEvent: (event: unknown) => void;
}
