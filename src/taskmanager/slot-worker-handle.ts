import { Worker, type TransferListItem } from 'node:worker_threads';
import type { NetworkMessage } from './network/messages.js';
import { NetworkOutbox } from './network/network-outbox.js';
import type { FromSlot, ToSlot } from './slot-protocol.js';

const SLOT_WORKER_SCRIPT = new URL('./slot-worker.js', import.meta.url);

function youngGenerationMb(heapLimitMb: number): number {
  return Math.max(8, Math.min(64, Math.floor(heapLimitMb / 4)));
}

/**
 * The worker thread of one slot. It lives for one allocation: freeing the slot ends the
 * thread, so nothing a job left behind (timers, globals, loaded modules) reaches the next.
 */
export class SlotWorkerHandle {
  private readonly worker: Worker;
  private exited = false;
  /** Network messages for the slot, batched per turn of this thread. */
  private readonly outbox = new NetworkOutbox((messages, transfer) => {
    if (!this.exited) this.worker.postMessage({ type: 'net', messages } satisfies ToSlot, transfer);
  });

  constructor(
    readonly slotIndex: number,
    heapLimitMb: number,
    onMessage: (message: FromSlot) => void,
    onExit: (code: number, error: Error | undefined) => void,
  ) {
    this.worker = new Worker(SLOT_WORKER_SCRIPT, {
      // A larger young generation lets per-batch garbage die young instead of being promoted.
      resourceLimits: { maxOldGenerationSizeMb: heapLimitMb, maxYoungGenerationSizeMb: youngGenerationMb(heapLimitMb) },
      // Slot output goes through the TaskExecutor (print sinks post it), keeping it ordered with task states.
      stdout: false,
      stderr: false,
    });
    this.worker.on('message', onMessage);
    let failure: Error | undefined;
    this.worker.on('error', (error) => {
      failure = error;
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      onExit(code, failure);
    });
  }

  post(message: ToSlot, transfer: readonly TransferListItem[] = []): void {
    this.outbox.flush();
    if (!this.exited) this.worker.postMessage(message, transfer);
  }

  postNetwork(message: NetworkMessage, transfer: readonly ArrayBuffer[]): void {
    this.outbox.add(message, transfer);
  }

  async terminate(): Promise<void> {
    if (this.exited) return;
    await this.worker.terminate();
  }
}
