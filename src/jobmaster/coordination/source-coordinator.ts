/**
 * Runs a source's SplitEnumerator on the JobManager side (Flink's SourceCoordinator):
 * readers register and ask for splits through operator events; the enumerator answers
 * through its context.
 */
import type { Source, SourceSplit, SplitEnumerator, SplitEnumeratorContext } from '../../api/source.js';
import type { SourceCoordinatorEvent, SourceReaderEvent } from '../../runtime/operators/source-operator.js';

export class SourceCoordinator {
  private enumerator: SplitEnumerator<SourceSplit>;
  private readonly readers = new Set<number>();

  constructor(
    private readonly source: Source<unknown, SourceSplit>,
    private readonly parallelism: number,
    private readonly send: (subtask: number, event: SourceCoordinatorEvent) => void,
    restoredState: unknown,
  ) {
    this.enumerator = this.createEnumerator(restoredState);
  }

  start(): void {
    this.enumerator.start();
  }

  handleEvent(subtask: number, event: SourceReaderEvent): void {
    if (event.kind === 'register-reader') {
      this.readers.add(subtask);
      this.enumerator.addReader(subtask);
    } else {
      this.enumerator.handleSplitRequest(subtask);
    }
  }

  /** A global restart: the enumerator goes back to the checkpoint's state, or to the start without one. */
  reset(state: unknown): void {
    this.enumerator.close();
    this.readers.clear();
    this.enumerator = this.createEnumerator(state);
    this.enumerator.start();
  }

  snapshotState(checkpointId: number): unknown {
    return this.enumerator.snapshotState(checkpointId);
  }

  close(): void {
    this.enumerator.close();
  }

  private createEnumerator(state: unknown): SplitEnumerator<SourceSplit> {
    const context: SplitEnumeratorContext<SourceSplit> = {
      currentParallelism: () => this.parallelism,
      registeredReaders: () => [...this.readers],
      assignSplits: (subtask, splits) => this.send(subtask, { kind: 'add-splits', splits: [...splits] }),
      signalNoMoreSplits: (subtask) => this.send(subtask, { kind: 'no-more-splits' }),
    };
    return state === undefined ? this.source.createEnumerator(context) : this.source.restoreEnumerator(context, state);
  }
}
