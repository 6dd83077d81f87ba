import type { ListState } from '../../../api/state/state.js';
import { pruneExpired } from './expiry.js';
import { HeapStateBase } from './heap-state-base.js';

/**
 * Flink's HeapListState; with TTL, each element expires on its own. `get()` returns a new
 * array: the stored one may be part of a snapshot in progress and must not change under it.
 */
export class HeapListState<T> extends HeapStateBase implements ListState<T> {
  get(): T[] {
    const groupIndex = this.groupIndex();
    const mapKey = this.current.mapKey;
    let entry = this.table.get(groupIndex, mapKey);
    if (entry === undefined) return [];
    const ttl = this.ttl;
    if (ttl === undefined) return (entry.value as T[]).slice();

    const now = ttl.now();
    if (!ttl.returnExpired) {
      pruneExpired(this.table, ttl, groupIndex, mapKey, entry, now);
      entry = this.table.get(groupIndex, mapKey);
      if (entry === undefined) return [];
    }
    const values = (entry.value as T[]).slice();
    if (ttl.refreshOnRead) {
      const target = this.table.writable(groupIndex, mapKey, entry);
      target.stamps = new Array<number>(values.length).fill(now);
    }
    return values;
  }

  add(value: T): void {
    this.append([value]);
  }

  addAll(values: readonly T[]): void {
    if (values.length > 0) this.append(values);
  }

  /** Replaces the list; an empty list clears it. */
  update(values: readonly T[]): void {
    if (values.length === 0) {
      this.clear();
      return;
    }
    const groupIndex = this.groupIndex();
    const stamps = this.ttl === undefined ? undefined : new Array<number>(values.length).fill(this.ttl.now());
    this.table.put(groupIndex, this.current.mapKey, this.current.key, values.slice(), 0, stamps);
  }

  private append(values: readonly T[]): void {
    const groupIndex = this.groupIndex();
    const mapKey = this.current.mapKey;
    const now = this.ttl === undefined ? 0 : this.ttl.now();
    const entry = this.table.get(groupIndex, mapKey);
    if (entry === undefined) {
      this.table.insert(groupIndex, mapKey, this.current.key, values.slice(), 0, this.ttl === undefined ? undefined : new Array<number>(values.length).fill(now));
      return;
    }
    const target = this.table.writable(groupIndex, mapKey, entry);
    const stored = target.value as T[];
    for (const value of values) stored.push(value);
    const stamps = target.stamps;
    if (stamps !== undefined) for (let i = 0; i < values.length; i++) stamps.push(now);
  }
}
