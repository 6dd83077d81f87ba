/** Streams to build window operators from, through the public API, without running a job. */
import { StreamExecutionEnvironment, type KeyedStream } from '../../../src/index.js';

/** An element: a key and a number. */
export type Ev = readonly [string, number];

export function keyed(): KeyedStream<Ev, string> {
  return StreamExecutionEnvironment.getExecutionEnvironment()
    .fromData<Ev>([])
    .keyBy((e) => e[0]);
}

export const sumValues = (a: Ev, b: Ev): Ev => [a[0], a[1] + b[1]];

/** Sorted JSON of values: equal multisets compare equal. */
export function sorted(values: readonly unknown[]): string[] {
  return values.map((v) => JSON.stringify(v)).sort();
}
