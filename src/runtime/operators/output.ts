/**
 * How operators hand records on inside a task: a synchronous `collect` per record, with
 * no promise and no wrapper object (DESIGN §4).
 */
import type { Collector } from '../../api/functions.js';

export type Output<T = unknown> = Collector<T>;

/** Fans a record out to several outputs: an operator with more than one consumer. */
export class BroadcastingOutput implements Output {
  constructor(private readonly outputs: readonly Output[]) {}

  collect(value: unknown): void {
    const outputs = this.outputs;
    for (let i = 0; i < outputs.length; i++) (outputs[i] as Output).collect(value);
  }
}

/** Drops records: the output of an operator nobody consumes. */
export const DISCARDING_OUTPUT: Output = { collect() {} };
