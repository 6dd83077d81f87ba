import type { SourceSplit } from '../../api/source.js';

/**
 * One file to read (Flink's FileSourceSplit). Plain data: it travels from the enumerator
 * to a reader and into checkpoints. The split id is the file's path, since a path is
 * handed out once.
 */
export interface FileSourceSplit extends SourceSplit {
  /** Absolute path of the file. */
  readonly path: string;
  /** Bytes already turned into records: reading resumes here, at a record boundary. */
  readonly offset: number;
  /** The file's size when it was discovered; bytes appended later are not read, so a restore reads what the first attempt read. */
  readonly length: number;
  /** The file's modification time at discovery, in ms since the epoch. */
  readonly modificationTime: number;
}

/** The file enumerator's checkpointed state (Flink's PendingSplitsCheckpoint). */
export interface PendingSplitsCheckpoint {
  /** Discovered files not yet handed to a reader. */
  readonly pendingSplits: readonly FileSourceSplit[];
  /** Every path discovered so far, handed out or pending: later scans skip them. */
  readonly processedPaths: readonly string[];
}
