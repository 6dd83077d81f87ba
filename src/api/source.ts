/**
 * The split-based source contract (Flink's FLIP-27): an enumerator on the JobManager side
 * discovers splits and hands them to readers; readers in the tasks turn splits into
 * records. Splits and enumerator state are plain data so they can be shipped and
 * checkpointed.
 */

export type Boundedness = 'BOUNDED' | 'CONTINUOUS_UNBOUNDED';

/** A split is plain data with an id that is unique within its source. */
export interface SourceSplit {
  readonly splitId: string;
}

export interface SplitEnumeratorContext<S extends SourceSplit> {
  currentParallelism(): number;
  registeredReaders(): readonly number[];
  assignSplits(subtask: number, splits: readonly S[]): void;
  signalNoMoreSplits(subtask: number): void;
}

export interface SplitEnumerator<S extends SourceSplit, E = unknown> {
  start(): void;
  /** A reader asked for work. */
  handleSplitRequest(subtask: number): void;
  /** Splits that a failed reader had not finished come back here. */
  addSplitsBack(splits: readonly S[], subtask: number): void;
  addReader(subtask: number): void;
  snapshotState(checkpointId: number): E;
  close(): void;
}

/** The result of one `pollNext` call. */
export type InputStatus = 'MORE_AVAILABLE' | 'NOTHING_AVAILABLE' | 'END_OF_INPUT';

/** Where a reader emits records. */
export interface ReaderOutput<T> {
  /** `timestamp` is the record's own event time, if the source knows one (the assigner may override it). */
  collect(value: T, timestamp?: number): void;
  /** For per-split watermarks: the output for one split's records. */
  createOutputForSplit?(splitId: string): ReaderOutput<T>;
  releaseOutputForSplit?(splitId: string): void;
}

export interface SourceReaderContext {
  readonly indexOfSubtask: number;
  readonly parallelism: number;
  /** Asks the enumerator for a split; the answer arrives through `addSplits` or `notifyNoMoreSplits`. */
  sendSplitRequest(): void;
}

export interface SourceReader<T, S extends SourceSplit> {
  start(): void;
  /**
   * Emits what is ready. Readers may emit many records per call (the task checks for
   * backpressure between calls) but should return within a few milliseconds.
   */
  pollNext(output: ReaderOutput<T>): InputStatus;
  /** Resolves when `pollNext` may have something again after NOTHING_AVAILABLE. */
  isAvailable(): Promise<void>;
  addSplits(splits: readonly S[]): void;
  notifyNoMoreSplits(): void;
  /** The splits this reader still owns, with their progress. */
  snapshotState(checkpointId: number): S[];
  close(): void;
}

export interface Source<T, S extends SourceSplit = SourceSplit, E = unknown> {
  readonly boundedness: Boundedness;
  createEnumerator(ctx: SplitEnumeratorContext<S>): SplitEnumerator<S, E>;
  restoreEnumerator(ctx: SplitEnumeratorContext<S>, state: E): SplitEnumerator<S, E>;
  createReader(ctx: SourceReaderContext): SourceReader<T, S>;
}
