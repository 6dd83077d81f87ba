import type { AggregateFunction, AppendingState } from '../../../api/state/state.js';
import { CurrentKey, HeapStateBase } from './heap-state-base.js';
import type { StateTable } from './state-table.js';
import type { TtlPolicy } from './ttl-policy.js';

/** How an appending state folds its inputs: the one difference between reducing and aggregating state. */
export interface Folding<IN, ACC, OUT> {
  first(value: IN): ACC;
  /** May change `accumulator` in place and return it (copy-on-write copes). */
  fold(accumulator: ACC, value: IN): ACC;
  result(accumulator: ACC): OUT;
}

export function reducing<T>(reduce: (a: T, b: T) => T): Folding<T, T, T> {
  return { first: (value) => value, fold: reduce, result: (accumulator) => accumulator };
}

export function aggregating<IN, ACC, OUT>(aggregate: AggregateFunction<IN, ACC, OUT>): Folding<IN, ACC, OUT> {
  return {
    first: (value) => aggregate.add(value, aggregate.createAccumulator()),
    fold: (accumulator, value) => aggregate.add(value, accumulator),
    result: (accumulator) => aggregate.getResult(accumulator),
  };
}

/** Flink's HeapReducingState and HeapAggregatingState. */
export class HeapAppendingState<IN, ACC, OUT> extends HeapStateBase implements AppendingState<IN, OUT> {
  constructor(
    current: CurrentKey,
    table: StateTable,
    ttl: TtlPolicy | undefined,
    private readonly folding: Folding<IN, ACC, OUT>,
  ) {
    super(current, table, ttl);
  }

  get(): OUT | undefined {
    const groupIndex = this.groupIndex();
    const mapKey = this.current.mapKey;
    const entry = this.table.get(groupIndex, mapKey);
    if (entry === undefined) return undefined;
    const ttl = this.ttl;
    if (ttl !== undefined) {
      const now = ttl.now();
      if (ttl.isExpired(entry.lastAccess, now) && !ttl.returnExpired) {
        this.table.remove(groupIndex, mapKey, entry);
        return undefined;
      }
      if (ttl.refreshOnRead) this.table.writable(groupIndex, mapKey, entry).lastAccess = now;
    }
    return this.folding.result(entry.value as ACC);
  }

  add(value: IN): void {
    const groupIndex = this.groupIndex();
    const mapKey = this.current.mapKey;
    const lastAccess = this.ttl === undefined ? 0 : this.ttl.now();
    let entry = this.table.get(groupIndex, mapKey);
    if (entry !== undefined && this.ttl !== undefined && !this.ttl.returnExpired && this.ttl.isExpired(entry.lastAccess, lastAccess)) {
      this.table.remove(groupIndex, mapKey, entry);
      entry = undefined;
    }
    if (entry === undefined) {
      this.table.insert(groupIndex, mapKey, this.current.key, this.folding.first(value), lastAccess, undefined);
      return;
    }
    const target = this.table.writable(groupIndex, mapKey, entry);
    target.value = this.folding.fold(target.value as ACC, value);
    target.lastAccess = lastAccess;
  }
}
