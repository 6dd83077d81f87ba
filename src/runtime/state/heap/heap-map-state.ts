import type { MapState } from '../../../api/state/state.js';
import { pruneExpired } from './expiry.js';
import { HeapStateBase } from './heap-state-base.js';
import { toMapKey } from './map-key.js';
import { MapItem, type StateEntry } from './state-entry.js';

/**
 * Flink's HeapMapState; with TTL, each map entry expires on its own. Map keys may be
 * composite like state keys: two equal tuples are one map key.
 */
export class HeapMapState<K, V> extends HeapStateBase implements MapState<K, V> {
  get(key: K): V | undefined {
    return this.readItem(key)?.value as V | undefined;
  }

  contains(key: K): boolean {
    return this.readItem(key) !== undefined;
  }

  put(key: K, value: V): void {
    const groupIndex = this.groupIndex();
    this.putItem(groupIndex, key, value, this.ttl === undefined ? 0 : this.ttl.now());
  }

  putAll(entries: Iterable<readonly [K, V]>): void {
    const groupIndex = this.groupIndex();
    const now = this.ttl === undefined ? 0 : this.ttl.now();
    for (const [key, value] of entries) this.putItem(groupIndex, key, value, now);
  }

  remove(key: K): void {
    const groupIndex = this.groupIndex();
    const mapKey = this.current.mapKey;
    const entry = this.table.get(groupIndex, mapKey);
    const itemKey = toMapKey(key);
    if (entry === undefined || !(entry.value as Map<unknown, MapItem>).has(itemKey)) return;
    if ((entry.value as Map<unknown, MapItem>).size === 1) {
      this.table.remove(groupIndex, mapKey, entry);
      return;
    }
    (this.table.writable(groupIndex, mapKey, entry).value as Map<unknown, MapItem>).delete(itemKey);
  }

  entries(): [K, V][] {
    return this.liveItems().map((item) => [item.key as K, item.value as V]);
  }

  keys(): K[] {
    return this.liveItems().map((item) => item.key as K);
  }

  values(): V[] {
    return this.liveItems().map((item) => item.value as V);
  }

  isEmpty(): boolean {
    return this.liveItems().length === 0;
  }

  private putItem(groupIndex: number, key: K, value: V, now: number): void {
    const mapKey = this.current.mapKey;
    const item = new MapItem(key, value, now);
    const entry = this.table.get(groupIndex, mapKey);
    if (entry === undefined) {
      this.table.insert(groupIndex, mapKey, this.current.key, new Map([[toMapKey(key), item]]), 0, undefined);
      return;
    }
    (this.table.writable(groupIndex, mapKey, entry).value as Map<unknown, MapItem>).set(toMapKey(key), item);
  }

  private readItem(key: K): MapItem | undefined {
    const groupIndex = this.groupIndex();
    const mapKey = this.current.mapKey;
    const entry = this.table.get(groupIndex, mapKey);
    if (entry === undefined) return undefined;
    const itemKey = toMapKey(key);
    const item = (entry.value as Map<unknown, MapItem>).get(itemKey);
    const ttl = this.ttl;
    if (item === undefined || ttl === undefined) return item;

    const now = ttl.now();
    if (ttl.isExpired(item.lastAccess, now) && !ttl.returnExpired) {
      pruneExpired(this.table, ttl, groupIndex, mapKey, entry, now);
      return undefined;
    }
    if (ttl.refreshOnRead) {
      (this.table.writable(groupIndex, mapKey, entry).value as Map<unknown, MapItem>).set(itemKey, new MapItem(item.key, item.value, now));
    }
    return item;
  }

  /** The items a read may see, expired ones dropped (and removed) or kept as the TTL's visibility says. */
  private liveItems(): MapItem[] {
    const groupIndex = this.groupIndex();
    const mapKey = this.current.mapKey;
    let entry: StateEntry | undefined = this.table.get(groupIndex, mapKey);
    if (entry === undefined) return [];
    const ttl = this.ttl;
    if (ttl === undefined) return [...(entry.value as Map<unknown, MapItem>).values()];

    const now = ttl.now();
    if (!ttl.returnExpired) {
      pruneExpired(this.table, ttl, groupIndex, mapKey, entry, now);
      entry = this.table.get(groupIndex, mapKey);
      if (entry === undefined) return [];
    }
    const items = [...(entry.value as Map<unknown, MapItem>).values()];
    if (ttl.refreshOnRead) {
      const refreshed = this.table.writable(groupIndex, mapKey, entry).value as Map<unknown, MapItem>;
      for (const [itemKey, item] of refreshed) refreshed.set(itemKey, new MapItem(item.key, item.value, now));
    }
    return items;
  }
}
