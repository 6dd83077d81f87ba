/**
 * The sink contract: a writer per subtask receives records synchronously; `flush` is
 * called at the end of input (and, with checkpointing, before each checkpoint).
 */
import type { RuntimeContext } from './functions.js';

export interface SinkWriter<T> {
  write(element: T): void;
  flush(endOfInput: boolean): void | Promise<void>;
  close(): void | Promise<void>;
}

export interface Sink<T> {
  createWriter(ctx: RuntimeContext): SinkWriter<T>;
}
