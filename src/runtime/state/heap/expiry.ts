/**
 * TTL expiry of stored entries, by kind as in Flink: the whole entry for value, reducing
 * and aggregating state, each element of a list, each entry of a map.
 */
import { MapItem, type StateEntry } from './state-entry.js';
import type { StateTable } from './state-table.js';
import type { TtlPolicy } from './ttl-policy.js';

/** Whether anything in the entry is still alive at `now`. */
export function hasLiveValue(kind: StateTable['kind'], ttl: TtlPolicy, entry: StateEntry, now: number): boolean {
  if (kind === 'list') {
    const stamps = entry.stamps;
    if (stamps === undefined) return true;
    for (const stamp of stamps) if (!ttl.isExpired(stamp, now)) return true;
    return false;
  }
  if (kind === 'map') {
    for (const item of (entry.value as Map<unknown, MapItem>).values()) if (!ttl.isExpired(item.lastAccess, now)) return true;
    return false;
  }
  return !ttl.isExpired(entry.lastAccess, now);
}

/** Removes what has expired from the entry, and the entry itself when nothing is left. */
export function pruneExpired(table: StateTable, ttl: TtlPolicy, groupIndex: number, mapKey: unknown, entry: StateEntry, now: number): void {
  if (table.kind === 'list') {
    pruneList(table, ttl, groupIndex, mapKey, entry, now);
  } else if (table.kind === 'map') {
    pruneMap(table, ttl, groupIndex, mapKey, entry, now);
  } else if (ttl.isExpired(entry.lastAccess, now)) {
    table.remove(groupIndex, mapKey, entry);
  }
}

function pruneList(table: StateTable, ttl: TtlPolicy, groupIndex: number, mapKey: unknown, entry: StateEntry, now: number): void {
  const stamps = entry.stamps;
  if (stamps === undefined) return;
  let live = 0;
  for (const stamp of stamps) if (!ttl.isExpired(stamp, now)) live++;
  if (live === stamps.length) return;
  if (live === 0) {
    table.remove(groupIndex, mapKey, entry);
    return;
  }
  const values = entry.value as unknown[];
  const keptValues: unknown[] = [];
  const keptStamps: number[] = [];
  for (let i = 0; i < stamps.length; i++) {
    const stamp = stamps[i] ?? 0;
    if (ttl.isExpired(stamp, now)) continue;
    keptValues.push(values[i]);
    keptStamps.push(stamp);
  }
  table.put(groupIndex, mapKey, entry.key, keptValues, entry.lastAccess, keptStamps);
}

function pruneMap(table: StateTable, ttl: TtlPolicy, groupIndex: number, mapKey: unknown, entry: StateEntry, now: number): void {
  let expired = 0;
  const items = entry.value as Map<unknown, MapItem>;
  for (const item of items.values()) if (ttl.isExpired(item.lastAccess, now)) expired++;
  if (expired === 0) return;
  if (expired === items.size) {
    table.remove(groupIndex, mapKey, entry);
    return;
  }
  const target = table.writable(groupIndex, mapKey, entry);
  const targetItems = target.value as Map<unknown, MapItem>;
  for (const [itemKey, item] of targetItems) if (ttl.isExpired(item.lastAccess, now)) targetItems.delete(itemKey);
}
