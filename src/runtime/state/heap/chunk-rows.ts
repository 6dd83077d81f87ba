/**
 * Heap entries to and from the flat rows of a keyed state chunk (keyed-state-chunk.ts).
 * The StateSerializer is applied here and nowhere else: values live on the heap as the
 * user's objects and become plain data only on their way into or out of a snapshot.
 */
import { rowStride, type ChunkState } from '../keyed-state-chunk.js';
import { toMapKey } from './map-key.js';
import { MapItem, type StateEntry } from './state-entry.js';
import type { StateTable } from './state-table.js';

/**
 * Appends the entry's rows. `plain`: its values are plain data already. `expiredBy`: the
 * snapshot's time when the state cleans up expired entries in full snapshots, else
 * undefined.
 */
export function appendRows(table: StateTable, entry: StateEntry, plain: boolean, expiredBy: number | undefined, rows: unknown[]): void {
  const serializer = plain ? undefined : table.serializer;
  const ttl = expiredBy === undefined ? undefined : table.ttl;
  const withLastAccess = table.writesLastAccess;

  if (table.kind === 'list') {
    let values = entry.value as unknown[];
    let stamps = entry.stamps;
    if (ttl !== undefined && stamps !== undefined && expiredBy !== undefined) {
      const keptValues: unknown[] = [];
      const keptStamps: number[] = [];
      for (let i = 0; i < values.length; i++) {
        const stamp = stamps[i] ?? 0;
        if (ttl.isExpired(stamp, expiredBy)) continue;
        keptValues.push(values[i]);
        keptStamps.push(stamp);
      }
      if (keptValues.length === 0) return;
      values = keptValues;
      stamps = keptStamps;
    }
    rows.push(entry.key, serializer === undefined ? values : values.map((value) => serializer.toPlain(value)));
    if (withLastAccess) rows.push(stamps ?? new Array<number>(values.length).fill(entry.lastAccess));
    return;
  }

  if (table.kind === 'map') {
    const items: unknown[] = [];
    for (const item of (entry.value as Map<unknown, MapItem>).values()) {
      if (ttl !== undefined && expiredBy !== undefined && ttl.isExpired(item.lastAccess, expiredBy)) continue;
      items.push(item.key, serializer === undefined ? item.value : serializer.toPlain(item.value));
      if (withLastAccess) items.push(item.lastAccess);
    }
    if (items.length > 0) rows.push(entry.key, items);
    return;
  }

  if (ttl !== undefined && expiredBy !== undefined && ttl.isExpired(entry.lastAccess, expiredBy)) return;
  rows.push(entry.key, serializer === undefined ? entry.value : serializer.toPlain(entry.value));
  if (withLastAccess) rows.push(entry.lastAccess);
}

/**
 * Loads one state's rows of a chunk into its table. `now` stamps entries whose snapshot
 * had no TTL when the state now has one (and serves as the TTL's starting point). The
 * rows' shapes were checked by KeyedStateChunkReader, hence the casts.
 */
export function restoreRows(table: StateTable, state: ChunkState, groupIndex: number, now: number): void {
  const serializer = table.registered ? table.serializer : undefined;
  const fromPlain = serializer === undefined ? identity : (plain: unknown): unknown => serializer.fromPlain(plain);
  const withLastAccess = state.hasLastAccess;
  if (withLastAccess && !table.registered) table.restoredLastAccess = true;
  // A claimed table without TTL has no use for element timestamps; an unclaimed one keeps what it got.
  const keepsStamps = table.registered ? table.ttl !== undefined : withLastAccess;
  const rows = state.rows;
  const stride = state.kind === 'map' ? 2 : rowStride(withLastAccess);

  for (let i = 0; i < rows.length; i += stride) {
    const key = rows[i];
    const mapKey = toMapKey(key);
    const plain = rows[i + 1];
    if (state.kind === 'list') {
      const values = (plain as unknown[]).map(fromPlain);
      if (values.length === 0) continue;
      const stamps = keepsStamps ? (withLastAccess ? (rows[i + 2] as number[]).slice() : new Array<number>(values.length).fill(now)) : undefined;
      table.put(groupIndex, mapKey, key, values, now, stamps);
    } else if (state.kind === 'map') {
      const items = restoreMapItems(plain as unknown[], withLastAccess, fromPlain, now);
      if (items.size > 0) table.put(groupIndex, mapKey, key, items, now, undefined);
    } else {
      table.put(groupIndex, mapKey, key, fromPlain(plain), withLastAccess ? (rows[i + 2] as number) : now, undefined);
    }
  }
}

function restoreMapItems(flat: readonly unknown[], withLastAccess: boolean, fromPlain: (plain: unknown) => unknown, now: number): Map<unknown, MapItem> {
  const items = new Map<unknown, MapItem>();
  const stride = rowStride(withLastAccess);
  for (let j = 0; j < flat.length; j += stride) {
    const itemKey = flat[j];
    items.set(toMapKey(itemKey), new MapItem(itemKey, fromPlain(flat[j + 1]), withLastAccess ? (flat[j + 2] as number) : now));
  }
  return items;
}

function identity(value: unknown): unknown {
  return value;
}
