/**
 * What a checkpoint records about the state of each task: plain data that goes into the
 * checkpoint's metadata. Files are named relative to the checkpoint's directory, so a
 * savepoint can be moved and still restored.
 */
import type { OperatorStateSnapshot } from '../state/state-backend.js';

/** One subtask's keyed state of one operator: a file of key-group chunks. */
export interface KeyedStateHandle {
  readonly file: string;
  /** [keyGroup, offset, length] of each chunk in the file. */
  readonly keyGroups: readonly (readonly [number, number, number])[];
  readonly size: number;
}

export interface OperatorSubtaskState {
  readonly keyed: KeyedStateHandle | undefined;
  readonly operator: OperatorStateSnapshot | undefined;
}

/** A task's acknowledgement: the state of each operator in its chain, by operator id. */
export type TaskStateSnapshot = Readonly<Record<string, OperatorSubtaskState>>;

/** What a subtask restores from: for each operator, the chunks of its key groups and its operator state. */
export interface TaskRestoreDescriptor {
  readonly checkpointId: number;
  /** Absolute directory of the checkpoint or savepoint the files are in. */
  readonly directory: string;
  readonly operators: Readonly<
    Record<string, { readonly keyed: readonly KeyedStateHandle[]; readonly operator: OperatorStateSnapshot | undefined }>
  >;
}

export interface CheckpointStats {
  readonly stateSize: number;
  readonly syncDurationMs: number;
  readonly asyncDurationMs: number;
  readonly alignmentDurationMs: number;
}
