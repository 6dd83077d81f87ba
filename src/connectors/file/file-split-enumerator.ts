/**
 * Hands out one file per split request (Flink's StaticFileSplitEnumerator and
 * ContinuousFileSplitEnumerator in one). A bounded source lists its paths once and then
 * tells readers that nothing more comes; a continuous one lists them again every
 * interval and hands out the files it has not seen, remembering every path it
 * discovered in its checkpointed state.
 */
import type { SplitEnumerator, SplitEnumeratorContext } from '../../api/source.js';
import { checkInputPaths, discoverFiles, type DiscoveredFile } from './file-discovery.js';
import type { FileSourceSplit, PendingSplitsCheckpoint } from './file-source-split.js';

export interface FileSplitEnumeratorOptions {
  readonly paths: readonly string[];
  /** Time between two listings when monitoring continuously; undefined lists once (bounded). */
  readonly discoveryIntervalMs: number | undefined;
  readonly restored?: PendingSplitsCheckpoint;
  /**
   * Where a failed listing goes. By default it is rethrown outside any call, which ends
   * the coordinator thread and fails the job with its message: enumerator contexts have
   * no other way to fail a job from a background task.
   */
  readonly onError?: (error: unknown) => void;
}

export class FileSplitEnumerator implements SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint> {
  private readonly paths: readonly string[];
  private readonly intervalMs: number | undefined;
  private readonly pending: FileSourceSplit[];
  private readonly processed: Set<string>;
  /** Readers that asked while nothing was pending, in the order they asked. */
  private readonly waiting = new Set<number>();
  private readonly onError: (error: unknown) => void;
  private listedOnce = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly ctx: SplitEnumeratorContext<FileSourceSplit>,
    options: FileSplitEnumeratorOptions,
  ) {
    this.paths = options.paths;
    this.intervalMs = options.discoveryIntervalMs;
    this.pending = [...(options.restored?.pendingSplits ?? [])];
    this.processed = new Set(options.restored?.processedPaths ?? []);
    this.onError = options.onError ?? rethrowOutsideCall;
  }

  start(): void {
    checkInputPaths(this.paths);
    this.list();
  }

  handleSplitRequest(subtask: number): void {
    this.waiting.add(subtask);
    this.assignPending();
  }

  addSplitsBack(splits: readonly FileSourceSplit[], _subtask: number): void {
    this.pending.unshift(...splits);
    this.assignPending();
  }

  addReader(_subtask: number): void {}

  snapshotState(_checkpointId: number): PendingSplitsCheckpoint {
    return { pendingSplits: [...this.pending], processedPaths: [...this.processed] };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private list(): void {
    discoverFiles(this.paths).then(
      (files) => {
        if (this.closed) return;
        this.addDiscovered(files);
        this.listedOnce = true;
        this.assignPending();
        this.scheduleNextListing();
      },
      (error: unknown) => {
        if (this.closed) return;
        this.onError(error);
        this.scheduleNextListing();
      },
    );
  }

  private scheduleNextListing(): void {
    if (this.intervalMs === undefined || this.closed) return;
    this.timer = setTimeout(() => this.list(), this.intervalMs);
  }

  private addDiscovered(files: readonly DiscoveredFile[]): void {
    for (const file of files) {
      if (this.processed.has(file.path)) continue;
      this.processed.add(file.path);
      this.pending.push({
        splitId: file.path,
        path: file.path,
        offset: 0,
        length: file.size,
        modificationTime: file.modificationTime,
      });
    }
  }

  private assignPending(): void {
    for (const subtask of this.waiting) {
      const split = this.pending.shift();
      if (split !== undefined) {
        this.waiting.delete(subtask);
        this.ctx.assignSplits(subtask, [split]);
      } else if (this.listedOnce && this.intervalMs === undefined) {
        this.waiting.delete(subtask);
        this.ctx.signalNoMoreSplits(subtask);
      } else {
        return;
      }
    }
  }
}

function rethrowOutsideCall(error: unknown): void {
  setImmediate(() => {
    throw error;
  });
}
