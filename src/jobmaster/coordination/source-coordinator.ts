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
  /**
   * Splits handed out, with the checkpoint they will first be part of (Flink's
   * SplitAssignmentTracker): a subtask restored to checkpoint c gets the splits it was given
   * after c back through the enumerator.
   */
  private assignments: { subtask: number; epoch: number; split: SourceSplit }[] = [];
  private epoch = 1;

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
    this.assignments = [];
    this.enumerator = this.createEnumerator(state);
    this.enumerator.start();
  }

  snapshotState(checkpointId: number): unknown {
    this.epoch = checkpointId + 1;
    return this.enumerator.snapshotState(checkpointId);
  }

  /** One reader restarts from checkpoint `checkpointId` (0: from the beginning) in a regional failover. */
  subtaskReset(subtask: number, checkpointId: number): void {
    const lost = this.assignments.filter((a) => a.subtask === subtask && a.epoch > checkpointId).map((a) => a.split);
    this.assignments = this.assignments.filter((a) => !(a.subtask === subtask && a.epoch > checkpointId));
    this.readers.delete(subtask);
    if (lost.length > 0) this.enumerator.addSplitsBack(lost, subtask);
  }

  close(): void {
    this.enumerator.close();
  }

  private createEnumerator(state: unknown): SplitEnumerator<SourceSplit> {
    const context: SplitEnumeratorContext<SourceSplit> = {
      currentParallelism: () => this.parallelism,
      registeredReaders: () => [...this.readers],
      assignSplits: (subtask, splits) => {
        for (const split of splits) this.assignments.push({ subtask, epoch: this.epoch, split });
        this.send(subtask, { kind: 'add-splits', splits: [...splits] });
      },
      signalNoMoreSplits: (subtask) => this.send(subtask, { kind: 'no-more-splits' }),
    };
    return state === undefined ? this.source.createEnumerator(context) : this.source.restoreEnumerator(context, state);
  }
}
