/**
 * The head of a source task: owns the SourceReader and talks to the split enumerator
 * through operator events. The reader's splits, with their progress, are its state.
 */
import type { FunctionSnapshotContext } from '../../api/checkpoint.js';
import type { InputStatus, ReaderOutput, Source, SourceReader, SourceSplit } from '../../api/source.js';
import { ListStateDescriptor } from '../../api/state/state-descriptors.js';
import type { ListState } from '../../api/state/state.js';
import type { OperatorStateHandler } from './operator-state.js';
import { MAX_WATERMARK, type Output, type TimeContext } from './output.js';
import type { WatermarkStrategy } from '../../api/watermark-strategy.js';
import { SourceTimeOutput } from '../time/source-watermarks.js';
import { userFailure } from './user-failure.js';

export type SourceReaderEvent = { readonly kind: 'register-reader' } | { readonly kind: 'request-split' };
export type SourceCoordinatorEvent =
  | { readonly kind: 'add-splits'; readonly splits: readonly SourceSplit[] }
  | { readonly kind: 'no-more-splits' };

export class SourceOperator {
  private readonly reader: SourceReader<unknown, SourceSplit>;
  private readonly splitsState: ListState<SourceSplit>;
  private stopRequested = false;
  private drain = false;
  /** Present when the source assigns event time; without it records go straight into the chain. */
  readonly eventTime: SourceTimeOutput | undefined;
  private readonly readerOutput: ReaderOutput<unknown>;

  constructor(
    readonly name: string,
    source: Source<unknown, SourceSplit>,
    watermarkStrategy: WatermarkStrategy<unknown>,
    subtask: number,
    parallelism: number,
    private readonly output: Output,
    time: TimeContext,
    private readonly sendEvent: (event: SourceReaderEvent) => void,
    private readonly state: OperatorStateHandler,
  ) {
    const timeOutput = new SourceTimeOutput(output, time, watermarkStrategy.spec, watermarkStrategy.timestampAssigner);
    this.eventTime = timeOutput.eventTime ? timeOutput : undefined;
    this.readerOutput = this.eventTime ?? output;
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
      return this.reader.pollNext(this.readerOutput);
    } catch (error) {
      throw userFailure(this.name, error);
    }
  }

  /**
   * The input ended: the maximum watermark tells everything downstream that event time is
   * over, except when the job was stopped without draining (Flink's stop keeps timers).
   */
  endOfInput(): void {
    if (this.stopRequested && !this.drain) return;
    if (this.eventTime !== undefined) this.eventTime.endOfInput();
    else this.output.emitWatermark(MAX_WATERMARK);
  }

  /** Stop-with-savepoint: the source ends its input at the next poll. */
  stop(drain: boolean): void {
    this.stopRequested = true;
    this.drain = drain;
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
