/**
 * Holds what executeAndCollect's sinks sent until the client fetches it. It acknowledges
 * a batch only while it holds fewer than MAX_BUFFERED records, so a client that stops
 * reading backpressures the job rather than filling the JobManager's memory.
 */
import type { CollectBatch } from '../../api/job-client.js';
import type { CollectCoordinatorEvent, CollectSinkEvent } from '../../runtime/operators/collect-sink-operator.js';

const MAX_BUFFERED = 65536;
const MAX_PER_FETCH = 65536;
const FETCH_WAIT_MS = 200;

export class CollectCoordinator {
  private records: unknown[] = [];
  /** Offset of records[0] in the whole result. */
  private base = 0;
  private readonly unacknowledged: number[] = [];
  private jobEnded = false;
  private readonly delivered = new Set<string>();
  private waiters: (() => void)[] = [];

  constructor(private readonly acknowledge: (subtask: number, event: CollectCoordinatorEvent) => void) {}

  handleEvent(subtask: number, event: CollectSinkEvent): void {
    if (event.kind !== 'collect-batch') return;
    // A batch sent again after a restore is acknowledged but not kept twice.
    if (event.batchId !== undefined) {
      if (this.delivered.has(event.batchId)) {
        this.acknowledge(subtask, { kind: 'collect-ack' });
        return;
      }
      this.delivered.add(event.batchId);
    }
    for (const record of event.records) this.records.push(record);
    if (this.records.length < MAX_BUFFERED) this.acknowledge(subtask, { kind: 'collect-ack' });
    else this.unacknowledged.push(subtask);
    this.wakeWaiters();
  }

  /** The job reached a terminal state: no more batches will come. */
  endOfJob(): void {
    this.jobEnded = true;
    this.wakeWaiters();
  }

  /** Restarted without checkpoints: what was collected stays, the new attempt's output follows. */
  async fetch(offset: number): Promise<CollectBatch> {
    if (offset >= this.base + this.records.length && !this.jobEnded) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, FETCH_WAIT_MS);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    // The client has everything before `offset`.
    const drop = Math.min(Math.max(0, offset - this.base), this.records.length);
    if (drop > 0) {
      this.records = this.records.slice(drop);
      this.base += drop;
    }
    const records = this.records.slice(0, MAX_PER_FETCH);
    this.releaseBackpressure();
    const finished = this.jobEnded && records.length === this.records.length;
    return { records, finished };
  }

  private releaseBackpressure(): void {
    while (this.unacknowledged.length > 0 && this.records.length < MAX_BUFFERED) {
      this.acknowledge(this.unacknowledged.shift() as number, { kind: 'collect-ack' });
    }
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
