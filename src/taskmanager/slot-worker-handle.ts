import { setFlagsFromString } from 'node:v8';
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { NetworkMessage } from './network/messages.js';
import { NetworkOutbox } from './network/network-outbox.js';
import type { FromSlot, ToSlot } from './slot-protocol.js';

const SLOT_WORKER_SCRIPT = new URL('./slot-worker.js', import.meta.url);

function youngGenerationMb(heapLimitMb: number): number {
  return Math.max(8, Math.min(64, Math.floor(heapLimitMb / 4)));
}

/**
 * V8 starts marking the old generation whenever the room left under its limit is less
 * than the young generation could promote at once. A fresh heap's limit is small, so with
 * a large young generation a slot marked its old generation every few scavenges (about a
 * tenth of a keyed job's CPU) while holding a few MB there. Starting the limit at twice
 * the young generation keeps full GCs for when the old generation really grows.
 *
 * Node's Worker has no resource limit for this, so it goes through V8's flag, which is
 * read when an isolate's heap is configured; every slot of a process has the same limits.
 */
function configureInitialOldGeneration(heapLimitMb: number): void {
  const initialMb = Math.min(heapLimitMb, 2 * youngGenerationMb(heapLimitMb));
  setFlagsFromString(`--initial-old-space-size=${initialMb}`);
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

  /**
   * @param name the Worker's name, which a thread dump finds it by
   */
  constructor(
    readonly slotIndex: number,
    readonly name: string,
    heapLimitMb: number,
    onMessage: (message: FromSlot) => void,
    onExit: (code: number, error: Error | undefined) => void,
  ) {
    configureInitialOldGeneration(heapLimitMb);
    this.worker = new Worker(SLOT_WORKER_SCRIPT, {
      name,
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
