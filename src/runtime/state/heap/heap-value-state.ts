import type { ValueState } from '../../../api/state/state.js';
import { CurrentKey, HeapStateBase } from './heap-state-base.js';
import type { StateEntry } from './state-entry.js';
import type { StateTable } from './state-table.js';
import type { TtlPolicy } from './ttl-policy.js';

/**
 * Flink's HeapValueState. The value is stored as given and returned as stored, with no
 * copy (the per-record path): treat it as immutable, or call update() after changing it,
 * or a snapshot in progress may see the change.
 */
export class HeapValueState<T> extends HeapStateBase implements ValueState<T> {
  constructor(
    current: CurrentKey,
    table: StateTable,
    ttl: TtlPolicy | undefined,
    private readonly defaultValue: T | undefined,
  ) {
    super(current, table, ttl);
  }

  value(): T | undefined {
    const groupIndex = this.groupIndex();
    const entry = this.table.get(groupIndex, this.current.mapKey);
    if (entry === undefined) return this.defaultValue;
    if (this.ttl === undefined) return entry.value as T;
    return this.readWithTtl(this.ttl, groupIndex, entry);
  }

  /** `update(undefined)` clears, as `update(null)` does in Flink. */
  update(value: T): void {
    if (value === undefined) {
      this.clear();
      return;
    }
    const groupIndex = this.groupIndex();
    const lastAccess = this.ttl === undefined ? 0 : this.ttl.now();
    this.table.put(groupIndex, this.current.mapKey, this.current.key, value, lastAccess, undefined);
  }

  private readWithTtl(ttl: TtlPolicy, groupIndex: number, entry: StateEntry): T | undefined {
    const now = ttl.now();
    const mapKey = this.current.mapKey;
    if (ttl.isExpired(entry.lastAccess, now) && !ttl.returnExpired) {
      this.table.remove(groupIndex, mapKey, entry);
      return this.defaultValue;
    }
    if (ttl.refreshOnRead) this.table.writable(groupIndex, mapKey, entry).lastAccess = now;
    return entry.value as T;
  }
}
