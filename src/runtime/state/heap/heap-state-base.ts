/**
 * What every heap keyed state shares: the backend's current key, the state's table, its
 * TTL, and the check that a key is set.
 */
import { WeirError } from '../../../core/errors.js';
import { IncrementalCleanup } from './incremental-cleanup.js';
import type { StateTable } from './state-table.js';
import type { TtlPolicy } from './ttl-policy.js';

/** The key set by `setCurrentKey`, shared by the backend and its state objects. */
export class CurrentKey {
  key: unknown = undefined;
  /** What the tables' Maps are keyed by (see map-key.ts). */
  mapKey: unknown = undefined;
  /** keyGroup - range.start; -1 until a key is set. */
  groupIndex = -1;
}

export abstract class HeapStateBase {
  private readonly cleanup: IncrementalCleanup | undefined;

  constructor(
    protected readonly current: CurrentKey,
    protected readonly table: StateTable,
    protected readonly ttl: TtlPolicy | undefined,
  ) {
    this.cleanup = ttl !== undefined && ttl.incrementalCleanupSize > 0 ? new IncrementalCleanup(table, ttl) : undefined;
  }

  /**
   * The current key group index; throws without a current key. With TTL, also runs this
   * access's share of incremental cleanup, before the caller looks anything up.
   */
  protected groupIndex(): number {
    const groupIndex = this.current.groupIndex;
    if (groupIndex < 0) throw accessWithoutKey(this.table.name);
    this.cleanup?.step();
    return groupIndex;
  }

  clear(): void {
    const groupIndex = this.groupIndex();
    const mapKey = this.current.mapKey;
    const entry = this.table.get(groupIndex, mapKey);
    if (entry !== undefined) this.table.remove(groupIndex, mapKey, entry);
  }
}

function accessWithoutKey(stateName: string): WeirError {
  return new WeirError(
    'STATE_ACCESS_WITHOUT_KEY',
    `Keyed state "${stateName}" was used with no current key: keyed state is only available while processing a record or timer of a keyed stream (after keyBy)`,
  );
}
