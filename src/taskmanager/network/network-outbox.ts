import type { NetworkMessage } from './messages.js';

/**
 * Network messages for the thread at the other end of a port gather here until this
 * thread's current callback ends, then go as one message: each postMessage wakes the
 * other thread, and on a busy machine that wake-up costs it its core for a while. Whoever
 * posts anything else on the same port flushes first, so the order of messages holds.
 */
export class NetworkOutbox {
  private messages: NetworkMessage[] = [];
  private transfer: ArrayBuffer[] = [];

  constructor(private readonly send: (messages: NetworkMessage[], transfer: ArrayBuffer[]) => void) {}

  add(message: NetworkMessage, transfer: readonly ArrayBuffer[]): void {
    if (this.messages.length === 0) queueMicrotask(() => this.flush());
    this.messages.push(message);
    for (const buffer of transfer) this.transfer.push(buffer);
  }

  flush(): void {
    if (this.messages.length === 0) return;
    const messages = this.messages;
    const transfer = this.transfer;
    this.messages = [];
    this.transfer = [];
    this.send(messages, transfer);
  }
}
