/**
 * Copy-on-write for snapshots of heap state, after Flink's CopyOnWriteStateMap, adapted to
 * JS Maps, which cannot be copied in O(1).
 *
 * Every entry carries the version current when it was created. `snapshot()` takes the
 * current version V and bumps it, so the snapshot sees exactly the entries with version
 * <= V. While any snapshot is active, a write to an entry that one of them sees does not
 * change it: the table puts a fresh entry (new version) in its place and hands the old
 * one, the pre-image, to every active snapshot that sees it. A snapshot therefore
 * serializes, per key group, its pre-images plus the live entries of version <= V; keys
 * created later have newer versions and are skipped; removed keys survive as pre-images.
 * Both sets are disjoint: once a key's entry is replaced, every later entry for it is
 * newer than V.
 *
 * With no snapshot active, `highestActive` is -1 and every write is in place: the whole
 * cost on the write path is one comparison.
 */
import type { StateEntry } from './state-entry.js';

export interface PreImage {
  readonly entry: StateEntry;
  /** The entry's values are plain data already (no StateSerializer to apply when writing it). */
  readonly plain: boolean;
}

/** What one active snapshot needs beyond the live tables: pre-images by state name and key group. */
export class SnapshotOverlay {
  private readonly preImages = new Map<string, Map<number, Map<unknown, PreImage>>>();
  /** Set when the snapshot is released or its backend disposed: the view is no longer protected. */
  ended = false;

  constructor(
    /** Entries with a version up to this one belong to the snapshot. */
    readonly version: number,
  ) {}

  record(stateName: string, groupIndex: number, mapKey: unknown, preImage: PreImage): void {
    let byGroup = this.preImages.get(stateName);
    if (byGroup === undefined) {
      byGroup = new Map();
      this.preImages.set(stateName, byGroup);
    }
    let byKey = byGroup.get(groupIndex);
    if (byKey === undefined) {
      byKey = new Map();
      byGroup.set(groupIndex, byKey);
    }
    byKey.set(mapKey, preImage);
  }

  preImagesOf(stateName: string, groupIndex: number): ReadonlyMap<unknown, PreImage> | undefined {
    return this.preImages.get(stateName)?.get(groupIndex);
  }
}

/** The version clock and the active snapshots of one keyed backend; shared by all its tables. */
export class CopyOnWriteVersions {
  /** Stamped on entries created now. */
  version = 0;
  /** Entries with a version up to this one are seen by an active snapshot; -1 when none is active. */
  highestActive = -1;
  private active: SnapshotOverlay[] = [];

  begin(): SnapshotOverlay {
    const overlay = new SnapshotOverlay(this.version);
    this.version++;
    this.active.push(overlay);
    this.highestActive = overlay.version;
    return overlay;
  }

  end(overlay: SnapshotOverlay): void {
    overlay.ended = true;
    this.active = this.active.filter((candidate) => candidate !== overlay);
    let highest = -1;
    for (const candidate of this.active) highest = Math.max(highest, candidate.version);
    this.highestActive = highest;
  }

  endAll(): void {
    for (const overlay of this.active) overlay.ended = true;
    this.active = [];
    this.highestActive = -1;
  }

  /** Hands the entry about to be replaced or removed to every active snapshot that sees it. */
  retire(stateName: string, groupIndex: number, mapKey: unknown, entryVersion: number, preImage: PreImage): void {
    for (const overlay of this.active) {
      if (entryVersion <= overlay.version) overlay.record(stateName, groupIndex, mapKey, preImage);
    }
  }
}
