/**
 * executeAndCollect's sink: ships records to its coordinator on the JobMaster, from where
 * the client fetches them. At most MAX_IN_FLIGHT batches wait for an acknowledgement, so
 * a client that reads slowly backpressures the job instead of filling the JobMaster.
 * With checkpointing on, records are held until the checkpoint that covers them
 * completes (or input ends), so a restart never hands the client a record twice.
 */
import type { FunctionSnapshotContext } from '../../api/checkpoint.js';
import type { StreamOperator } from './stream-operator.js';

export type CollectSinkEvent = { readonly kind: 'collect-batch'; readonly records: unknown[] };
export type CollectCoordinatorEvent = { readonly kind: 'collect-ack' };

const BATCH_RECORDS = 1024;
const MAX_IN_FLIGHT = 2;

export class CollectSinkOperator implements StreamOperator {
  private batch: unknown[] = [];
  /** Records of checkpoints that have not completed yet, by checkpoint id. */
  private readonly uncommitted = new Map<number, unknown[]>();
  private inFlight = 0;
  private onAck: (() => void) | undefined;

  constructor(
    readonly name: string,
    private readonly send: (event: CollectSinkEvent) => void,
    private readonly exactlyOnce: boolean,
  ) {}

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
    this.uncommitted.set(context.checkpointId, this.batch);
    this.batch = [];
  }

  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    for (const [id, records] of [...this.uncommitted]) {
      if (id > checkpointId) continue;
      this.uncommitted.delete(id);
      this.ship(records);
    }
  }

  /** Every record must have reached the coordinator before the task reports FINISHED. */
  async finish(): Promise<void> {
    for (const records of this.uncommitted.values()) this.ship(records);
    this.uncommitted.clear();
    this.ship(this.batch);
    this.batch = [];
    while (this.inFlight > 0) await this.waitForAck();
  }

  async close(): Promise<void> {}

  private ship(records: unknown[]): void {
    for (let start = 0; start < records.length; start += BATCH_RECORDS) {
      this.inFlight++;
      this.send({ kind: 'collect-batch', records: records.slice(start, start + BATCH_RECORDS) });
    }
  }

  private waitForAck(): Promise<void> {
    return new Promise((resolve) => {
      this.onAck = resolve;
    });
  }
}
