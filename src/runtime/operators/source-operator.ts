/**
 * The head of a source task: owns the SourceReader and talks to the split enumerator
 * through operator events.
 */
import type { InputStatus, ReaderOutput, SourceReader, SourceSplit } from '../../api/source.js';
import type { Source } from '../../api/source.js';
import type { Output } from './output.js';
import { userFailure } from './user-failure.js';

export type SourceReaderEvent = { readonly kind: 'register-reader' } | { readonly kind: 'request-split' };
export type SourceCoordinatorEvent =
  | { readonly kind: 'add-splits'; readonly splits: readonly SourceSplit[] }
  | { readonly kind: 'no-more-splits' };

export class SourceOperator {
  private readonly reader: SourceReader<unknown, SourceSplit>;

  constructor(
    readonly name: string,
    source: Source<unknown, SourceSplit>,
    subtask: number,
    parallelism: number,
    private readonly output: Output,
    private readonly sendEvent: (event: SourceReaderEvent) => void,
  ) {
    this.reader = source.createReader({
      indexOfSubtask: subtask,
      parallelism,
      sendSplitRequest: () => this.sendEvent({ kind: 'request-split' }),
    });
  }

  open(): void {
    this.sendEvent({ kind: 'register-reader' });
    this.reader.start();
  }

  /** Emits what the reader has; user code runs inside, so failures are named after the source. */
  emitNext(): InputStatus {
    try {
      return this.reader.pollNext(this.output as ReaderOutput<unknown>);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }

  isAvailable(): Promise<void> {
    return this.reader.isAvailable();
  }

  handleOperatorEvent(event: SourceCoordinatorEvent): void {
    if (event.kind === 'add-splits') this.reader.addSplits(event.splits);
    else this.reader.notifyNoMoreSplits();
  }

  snapshotState(checkpointId: number): SourceSplit[] {
    return this.reader.snapshotState(checkpointId);
  }

  close(): void {
    this.reader.close();
  }
}
