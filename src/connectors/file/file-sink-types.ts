/** The FileSink's plain-data formats: what goes into checkpoints and from writer to committer. */

/** A closed part file waiting for its checkpoint to complete (Flink's FileSinkCommittable). */
export interface FileSinkCommittable {
  readonly bucketId: string;
  /** The hidden, complete file. */
  readonly pendingFile: string;
  /** Its visible name once committed. */
  readonly targetFile: string;
}

/** A writer's checkpointed state: how its part files are numbered, so numbers never repeat. */
export interface FileWriterState {
  readonly subtask: number;
  /** The index of the next part file, per bucket. */
  readonly nextPartIndex: readonly { readonly bucketId: string; readonly next: number }[];
}
