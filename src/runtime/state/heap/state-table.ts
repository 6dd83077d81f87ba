/**
 * All entries of one named keyed state in one backend: a Map per key group (indexed by
 * keyGroup - range.start), so snapshots and restores go key group by key group and the
 * per-record lookup is an array index plus one Map lookup. Every mutation goes through
 * here so that copy-on-write (copy-on-write.ts) cannot be bypassed.
 */
import type { StateSerializer } from '../../../api/state/state-descriptors.js';
import { errorMessage, WeirError } from '../../../core/errors.js';
import type { KeyedStateKind } from '../keyed-state-chunk.js';
import type { CopyOnWriteVersions, PreImage } from './copy-on-write.js';
import { MapItem, StateEntry } from './state-entry.js';
import type { TtlPolicy } from './ttl-policy.js';

export class StateTable {
  readonly groups: (Map<unknown, StateEntry> | undefined)[];
  /**
   * False until a descriptor claims the table: a restore may come first, and only the
   * descriptor knows the StateSerializer, so until then values stay plain data.
   */
  registered = false;
  serializer: StateSerializer<unknown> | undefined = undefined;
  ttl: TtlPolicy | undefined = undefined;
  /** Restored timestamps must survive snapshots taken before a descriptor (with its TTL) claims the table. */
  restoredLastAccess = false;

  constructor(
    readonly name: string,
    readonly kind: KeyedStateKind,
    groupCount: number,
    private readonly versions: CopyOnWriteVersions,
  ) {
    this.groups = new Array<Map<unknown, StateEntry> | undefined>(groupCount).fill(undefined);
  }

  /** Snapshots write timestamps for a state with TTL, and for restored ones not yet claimed. */
  get writesLastAccess(): boolean {
    return this.ttl !== undefined || (!this.registered && this.restoredLastAccess);
  }

  get(groupIndex: number, mapKey: unknown): StateEntry | undefined {
    return this.groups[groupIndex]?.get(mapKey);
  }

  insert(groupIndex: number, mapKey: unknown, key: unknown, value: unknown, lastAccess: number, stamps: number[] | undefined): StateEntry {
    let group = this.groups[groupIndex];
    if (group === undefined) {
      group = new Map();
      this.groups[groupIndex] = group;
    }
    const entry = new StateEntry(key, value, lastAccess, this.versions.version, stamps);
    group.set(mapKey, entry);
    return entry;
  }

  /** Sets the key's value wholesale, creating the entry if needed. */
  put(groupIndex: number, mapKey: unknown, key: unknown, value: unknown, lastAccess: number, stamps: number[] | undefined): void {
    const entry = this.groups[groupIndex]?.get(mapKey);
    if (entry === undefined) {
      this.insert(groupIndex, mapKey, key, value, lastAccess, stamps);
      return;
    }
    if (entry.version > this.versions.highestActive) {
      entry.value = value;
      entry.lastAccess = lastAccess;
      entry.stamps = stamps;
      return;
    }
    // The old value is not touched again, so the snapshot can keep it as it is.
    this.versions.retire(this.name, groupIndex, mapKey, entry.version, { entry, plain: !this.registered });
    this.insert(groupIndex, mapKey, entry.key, value, lastAccess, stamps);
  }

  /**
   * The key's entry, safe to change in place: `entry` itself unless a snapshot still sees
   * it, else a copy that takes its place (list arrays and maps copied, so the snapshot's
   * stay as they were).
   */
  writable(groupIndex: number, mapKey: unknown, entry: StateEntry): StateEntry {
    if (entry.version > this.versions.highestActive) return entry;
    this.versions.retire(this.name, groupIndex, mapKey, entry.version, this.preImageBeforeWrite(entry));
    return this.insert(groupIndex, mapKey, entry.key, copyValue(this.kind, entry.value), entry.lastAccess, entry.stamps?.slice());
  }

  remove(groupIndex: number, mapKey: unknown, entry: StateEntry): void {
    if (entry.version <= this.versions.highestActive) {
      this.versions.retire(this.name, groupIndex, mapKey, entry.version, { entry, plain: !this.registered });
    }
    this.groups[groupIndex]?.delete(mapKey);
  }

  /** Claims the table for a descriptor: restored plain values become the descriptor's type. */
  register(serializer: StateSerializer<unknown> | undefined, ttl: TtlPolicy | undefined, now: number): void {
    this.registered = true;
    this.serializer = serializer;
    this.ttl = ttl;
    // Entries here came from a restore (states write only after registration); a
    // snapshot serializing them later sees `registered` and applies toPlain again.
    for (const group of this.groups) {
      if (group === undefined) continue;
      for (const entry of group.values()) {
        if (serializer !== undefined) entry.value = fromPlainValue(this.kind, entry.value, serializer);
        if (this.kind === 'list') entry.stamps = ttl === undefined ? undefined : (entry.stamps ?? new Array<number>((entry.value as unknown[]).length).fill(now));
      }
    }
  }

  /**
   * Reducing and aggregating functions may change their accumulator in place (Flink's
   * allow it), so the snapshot gets a plain deep copy made before the function runs.
   */
  private preImageBeforeWrite(entry: StateEntry): PreImage {
    if (this.kind !== 'reducing' && this.kind !== 'aggregating') return { entry, plain: !this.registered };
    const plain = this.registered && this.serializer !== undefined ? this.serializer.toPlain(entry.value) : entry.value;
    let copy: unknown;
    try {
      copy = structuredClone(plain);
    } catch (error) {
      throw new WeirError(
        'STATE_SNAPSHOT_FAILED',
        `The ${this.kind} state "${this.name}" holds a value that cannot be copied for the snapshot in progress (${errorMessage(error)}): keep accumulators plain data, or give the descriptor a StateSerializer`,
        { cause: error },
      );
    }
    return { entry: new StateEntry(entry.key, copy, entry.lastAccess, entry.version, entry.stamps), plain: true };
  }
}

function copyValue(kind: KeyedStateKind, value: unknown): unknown {
  if (kind === 'list') return (value as unknown[]).slice();
  if (kind === 'map') return new Map(value as Map<unknown, MapItem>);
  return value;
}

function fromPlainValue(kind: KeyedStateKind, value: unknown, serializer: StateSerializer<unknown>): unknown {
  if (kind === 'list') return (value as unknown[]).map((element) => serializer.fromPlain(element));
  if (kind !== 'map') return serializer.fromPlain(value);
  const converted = new Map<unknown, MapItem>();
  for (const [mapKey, item] of value as Map<unknown, MapItem>) {
    converted.set(mapKey, new MapItem(item.key, serializer.fromPlain(item.value), item.lastAccess));
  }
  return converted;
}
