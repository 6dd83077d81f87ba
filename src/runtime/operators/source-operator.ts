/**
 * The head of a source task: owns the SourceReader and talks to the split enumerator
 * through operator events. The reader's splits, with their progress, are its state.
 */
import type { FunctionSnapshotContext } from '../../api/checkpoint.js';
import type { InputStatus, ReaderOutput, Source, SourceReader, SourceSplit } from '../../api/source.js';
import { ListStateDescriptor } from '../../api/state/state-descriptors.js';
import type { ListState } from '../../api/state/state.js';
import type { OperatorStateHandler } from './operator-state.js';
import type { Output } from './output.js';
import { userFailure } from './user-failure.js';

export type SourceReaderEvent = { readonly kind: 'register-reader' } | { readonly kind: 'request-split' };
export type SourceCoordinatorEvent =
  | { readonly kind: 'add-splits'; readonly splits: readonly SourceSplit[] }
  | { readonly kind: 'no-more-splits' };

export class SourceOperator {
  private readonly reader: SourceReader<unknown, SourceSplit>;
  private readonly splitsState: ListState<SourceSplit>;
  private stopRequested = false;

  constructor(
    readonly name: string,
    source: Source<unknown, SourceSplit>,
    subtask: number,
    parallelism: number,
    private readonly output: Output,
    private readonly sendEvent: (event: SourceReaderEvent) => void,
    private readonly state: OperatorStateHandler,
  ) {
    this.reader = source.createReader({
      indexOfSubtask: subtask,
      parallelism,
      sendSplitRequest: () => this.sendEvent({ kind: 'request-split' }),
    });
    this.splitsState = state.operator.getListState(new ListStateDescriptor<SourceSplit>('_source-splits'));
  }

  open(): void {
    const restored = this.splitsState.get();
    if (restored.length > 0) this.reader.addSplits(restored);
    this.sendEvent({ kind: 'register-reader' });
    this.reader.start();
  }

  /** Emits what the reader has; user code runs inside, so failures are named after the source. */
  emitNext(): InputStatus {
    if (this.stopRequested) return 'END_OF_INPUT';
    try {
      return this.reader.pollNext(this.output as ReaderOutput<unknown>);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }

  /** Stop-with-savepoint: the source ends its input at the next poll. */
  stop(): void {
    this.stopRequested = true;
  }

  isAvailable(): Promise<void> {
    return this.reader.isAvailable();
  }

  handleOperatorEvent(event: SourceCoordinatorEvent): void {
    if (event.kind === 'add-splits') this.reader.addSplits(event.splits);
    else this.reader.notifyNoMoreSplits();
  }

  snapshotState(context: FunctionSnapshotContext): void {
    this.splitsState.update(this.reader.snapshotState(context.checkpointId));
  }

  close(): void {
    this.reader.close();
  }
}
