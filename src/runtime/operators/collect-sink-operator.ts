/**
 * executeAndCollect's sink: ships records to its coordinator on the JobMaster, from where
 * the client fetches them. At most MAX_IN_FLIGHT batches wait for an acknowledgement, so
 * a client that reads slowly backpressures the job instead of filling the JobMaster.
 */
import type { StreamOperator } from './stream-operator.js';

export type CollectSinkEvent = { readonly kind: 'collect-batch'; readonly records: unknown[] };
export type CollectCoordinatorEvent = { readonly kind: 'collect-ack' };

const BATCH_RECORDS = 1024;
const MAX_IN_FLIGHT = 2;

export class CollectSinkOperator implements StreamOperator {
  private batch: unknown[] = [];
  private inFlight = 0;
  private onAck: (() => void) | undefined;

  constructor(
    readonly name: string,
    private readonly send: (event: CollectSinkEvent) => void,
  ) {}

  collect(value: unknown): void {
    this.batch.push(value);
    if (this.batch.length >= BATCH_RECORDS) this.flush();
  }

  flush(): void {
    if (this.batch.length === 0) return;
    this.inFlight++;
    this.send({ kind: 'collect-batch', records: this.batch });
    this.batch = [];
  }

  /** The task stops feeding this sink while too many batches are unacknowledged. */
  isBackpressured(): boolean {
    return this.inFlight >= MAX_IN_FLIGHT;
  }

  whenAvailable(): Promise<void> {
    if (!this.isBackpressured()) return Promise.resolve();
    return new Promise((resolve) => {
      this.onAck = resolve;
    });
  }

  handleOperatorEvent(event: CollectCoordinatorEvent): void {
    if (event.kind !== 'collect-ack') return;
    this.inFlight--;
    const wake = this.onAck;
    this.onAck = undefined;
    wake?.();
  }

  async open(): Promise<void> {}

  /** Every record must have reached the coordinator before the task reports FINISHED. */
  async finish(): Promise<void> {
    this.flush();
    while (this.inFlight > 0) await this.waitForAck();
  }

  async close(): Promise<void> {}

  private waitForAck(): Promise<void> {
    return new Promise((resolve) => {
      this.onAck = resolve;
    });
  }
}
