/**
 * Flink's incremental TTL cleanup: every access to a state with TTL checks the next few
 * entries of that state for expiry, walking all key groups with a cursor that survives
 * between accesses, so expired state of keys that never come back is still removed.
 */
import { pruneExpired } from './expiry.js';
import type { StateEntry } from './state-entry.js';
import type { StateTable } from './state-table.js';
import type { TtlPolicy } from './ttl-policy.js';

export class IncrementalCleanup {
  private groupIndex = -1;
  // A Map iterator stays valid while entries are added and deleted, so the cursor can
  // rest in the middle of a key group between accesses.
  private cursor: Iterator<[unknown, StateEntry]> | undefined;

  constructor(
    private readonly table: StateTable,
    private readonly ttl: TtlPolicy,
  ) {}

  step(): void {
    const groups = this.table.groups;
    if (groups.length === 0) return;
    const now = this.ttl.now();
    let budget = this.ttl.incrementalCleanupSize;
    // Bounded so that a table with nothing left to visit costs one lap, not a spin.
    let groupsOpened = 0;
    while (budget > 0) {
      if (this.cursor === undefined) {
        if (groupsOpened > groups.length) return;
        groupsOpened++;
        this.groupIndex = (this.groupIndex + 1) % groups.length;
        const group = groups[this.groupIndex];
        if (group === undefined || group.size === 0) continue;
        this.cursor = group.entries();
      }
      const next = this.cursor.next();
      if (next.done === true) {
        this.cursor = undefined;
        continue;
      }
      budget--;
      const [mapKey, entry] = next.value;
      pruneExpired(this.table, this.ttl, this.groupIndex, mapKey, entry, now);
    }
  }
}
