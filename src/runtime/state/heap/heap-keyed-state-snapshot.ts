import { WeirError } from '../../../core/errors.js';
import type { KeyGroupRange } from '../../partitioning/key-groups.js';
import { ChunkBuffer, KeyedStateChunkWriter, type ChunkState } from '../keyed-state-chunk.js';
import type { KeyedStateSnapshot } from '../state-backend.js';
import { appendRows } from './chunk-rows.js';
import type { CopyOnWriteVersions, SnapshotOverlay } from './copy-on-write.js';
import type { StateTable } from './state-table.js';

/**
 * A frozen view of a heap keyed backend: the live tables filtered to the entries the
 * snapshot sees, plus the pre-images its overlay collected (see copy-on-write.ts).
 * Each key group is serialized when the iteration reaches it, in one synchronous step, so
 * the view stays consistent even though state changes between steps.
 */
export class HeapKeyedStateSnapshot implements KeyedStateSnapshot {
  private released = false;

  constructor(
    readonly checkpointId: number,
    private readonly tables: readonly StateTable[],
    private readonly range: KeyGroupRange,
    private readonly versions: CopyOnWriteVersions,
    private readonly overlay: SnapshotOverlay,
    /** The clock at snapshot(): what "expired" means for full-snapshot TTL cleanup. */
    private readonly time: number,
  ) {}

  *chunks(into?: ChunkBuffer): Iterable<{ keyGroup: number; bytes: Uint8Array }> {
    const writer = new KeyedStateChunkWriter();
    const groupCount = this.range.end - this.range.start + 1;
    for (let groupIndex = 0; groupIndex < groupCount; groupIndex++) {
      // Checked per step: after release the overlay no longer protects the view.
      this.checkNotReleased();
      const states = this.collect(groupIndex);
      if (states.length > 0) yield { keyGroup: this.range.start + groupIndex, bytes: writer.encode(this.range.start + groupIndex, states, into ?? new ChunkBuffer()) };
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.versions.end(this.overlay);
  }

  private collect(groupIndex: number): ChunkState[] {
    const states: ChunkState[] = [];
    const seenUpTo = this.overlay.version;
    for (const table of this.tables) {
      const rows: unknown[] = [];
      const expiredBy = table.ttl?.cleanupInSnapshot === true ? this.time : undefined;
      const preImages = this.overlay.preImagesOf(table.name, groupIndex);
      if (preImages !== undefined) {
        for (const preImage of preImages.values()) appendRows(table, preImage.entry, preImage.plain, expiredBy, rows);
      }
      const group = table.groups[groupIndex];
      if (group !== undefined) {
        const plain = !table.registered;
        for (const entry of group.values()) {
          if (entry.version <= seenUpTo) appendRows(table, entry, plain, expiredBy, rows);
        }
      }
      if (rows.length > 0) states.push({ name: table.name, kind: table.kind, hasLastAccess: table.writesLastAccess, rows });
    }
    return states;
  }

  private checkNotReleased(): void {
    if (this.released) {
      throw new WeirError(
        'STATE_SNAPSHOT_FAILED',
        `Snapshot ${this.checkpointId} was released before all its chunks were written: write every chunk, then call release()`,
      );
    }
    if (this.overlay.ended) {
      throw new WeirError('STATE_SNAPSHOT_FAILED', `Snapshot ${this.checkpointId} cannot be written: its state backend was disposed`);
    }
  }
}
