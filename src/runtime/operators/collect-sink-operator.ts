/**
 * executeAndCollect's sink: ships records to its coordinator on the JobMaster, from where
 * the client fetches them. At most MAX_IN_FLIGHT batches wait for an acknowledgement, so
 * a client that reads slowly backpressures the job instead of filling the JobMaster.
 * With checkpointing on, records are held until the checkpoint that covers them
 * completes (or input ends). They are also part of that checkpoint's state: a task that
 * fails before it hears of the completion sends them again after the restore, and the
 * coordinator drops batches it already has by their id, so the client gets each record
 * exactly once.
 */
import type { FunctionSnapshotContext } from '../../api/checkpoint.js';
import { ListStateDescriptor } from '../../api/state/state-descriptors.js';
import type { ListState } from '../../api/state/state.js';
import type { OperatorStateHandler } from './operator-state.js';
import type { StreamOperator } from './stream-operator.js';

/** `batchId` is set for checkpointed output: the same id means the same records. */
export type CollectSinkEvent = { readonly kind: 'collect-batch'; readonly records: unknown[]; readonly batchId?: string };

/** Records of one checkpoint of one subtask, as kept in state: [checkpointId, subtask, records]. */
type PendingOutput = readonly [number, number, unknown[]];
export type CollectCoordinatorEvent = { readonly kind: 'collect-ack' };

const BATCH_RECORDS = 1024;
const MAX_IN_FLIGHT = 2;

export class CollectSinkOperator implements StreamOperator {
  private batch: unknown[] = [];
  /** Records of checkpoints that have not completed yet, with the subtask that wrote them. */
  private uncommitted: PendingOutput[] = [];
  private inFlight = 0;
  private onAck: (() => void) | undefined;
  private readonly pendingState: ListState<PendingOutput> | undefined;

  constructor(
    readonly name: string,
    private readonly send: (event: CollectSinkEvent) => void,
    private readonly exactlyOnce: boolean,
    private readonly subtask: number,
    state: OperatorStateHandler,
  ) {
    this.pendingState = exactlyOnce ? state.operator.getListState(new ListStateDescriptor<PendingOutput>('_collect-pending')) : undefined;
  }

  /** After a restore: what the restored checkpoint held is committed output; send it (again). */
  async initializeState(): Promise<void> {
    const restored = this.pendingState?.get() ?? [];
    this.pendingState?.clear();
    for (const [checkpointId, subtask, records] of restored) this.ship(records, `${checkpointId}:${subtask}`);
  }

  collect(value: unknown): void {
    this.batch.push(value);
    if (!this.exactlyOnce && this.batch.length >= BATCH_RECORDS) this.flush();
  }

  flush(): void {
    if (this.exactlyOnce || this.batch.length === 0) return;
    this.ship(this.batch);
    this.batch = [];
  }

  /** The task stops feeding this sink while too many batches are unacknowledged. */
  isBackpressured(): boolean {
    return this.inFlight >= MAX_IN_FLIGHT || (this.exactlyOnce && this.batch.length >= 1 << 20);
  }

  handleOperatorEvent(event: CollectCoordinatorEvent): void {
    if (event.kind !== 'collect-ack') return;
    this.inFlight--;
    const wake = this.onAck;
    this.onAck = undefined;
    wake?.();
  }

  async open(): Promise<void> {}

  /** Sinks end the chain: time goes no further. */
  emitWatermark(): void {}

  emitWatermarkStatus(): void {}

  async snapshotState(context: FunctionSnapshotContext): Promise<void> {
    if (!this.exactlyOnce) return;
    this.uncommitted.push([context.checkpointId, this.subtask, this.batch]);
    this.batch = [];
    this.pendingState?.update(this.uncommitted);
  }

  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    const due = this.uncommitted.filter(([id]) => id <= checkpointId);
    this.uncommitted = this.uncommitted.filter(([id]) => id > checkpointId);
    for (const [id, subtask, records] of due) this.ship(records, `${id}:${subtask}`);
  }

  /** Every record must have reached the coordinator before the task reports FINISHED. */
  async finish(): Promise<void> {
    for (const [id, subtask, records] of this.uncommitted) this.ship(records, `${id}:${subtask}`);
    this.uncommitted = [];
    this.ship(this.batch);
    this.batch = [];
    while (this.inFlight > 0) await this.waitForAck();
  }

  async close(): Promise<void> {}

  private ship(records: unknown[], checkpointBatch?: string): void {
    for (let start = 0; start < records.length; start += BATCH_RECORDS) {
      this.inFlight++;
      const slice = records.slice(start, start + BATCH_RECORDS);
      this.send(checkpointBatch === undefined ? { kind: 'collect-batch', records: slice } : { kind: 'collect-batch', records: slice, batchId: `${checkpointBatch}:${start}` });
    }
  }

  private waitForAck(): Promise<void> {
    return new Promise((resolve) => {
      this.onAck = resolve;
    });
  }
}
