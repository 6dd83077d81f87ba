/**
 * The consumer side of a task's input channels. Buffers are queued in arrival order; the
 * task takes them one at a time and owes a credit for each once it has processed it, so
 * a producer can never have more than its channel's credit in flight to us: the
 * channel's own buffers plus an even share of the gate's floating buffers. (Flink hands
 * floating buffers to the channels that announce a backlog; our producers do not
 * announce one, so each channel owns its share from the start.)
 * Credits go back in batches of half a channel's credit, or all at once whenever the
 * task is about to wait: one message per buffer cost each side a postMessage, and a
 * producer still has the other half to send meanwhile.
 * During exactly-once barrier alignment a channel that delivered its barrier is blocked:
 * what it sends next waits aside, uncredited, until every channel has its barrier.
 */
import type { ChannelEvent, ChannelKey, NetworkMessage } from './messages.js';

export interface InputChannelSpec {
  readonly key: ChannelKey;
  /** Where the producer runs: credits go there. */
  readonly producerLocation: string;
}

export type InputItem =
  | { readonly kind: 'buffer'; readonly key: ChannelKey; readonly bytes: Uint8Array }
  | { readonly kind: 'event'; readonly key: ChannelKey; readonly event: ChannelEvent }
  | { readonly kind: 'end-of-partition'; readonly key: ChannelKey };

interface CreditAccount {
  /** Where the producer runs: credits go there. */
  readonly to: string;
  /** Buffers processed whose credit has not gone back yet. */
  owed: number;
}

export class InputGate {
  private queue: InputItem[] = [];
  private head = 0;
  private readonly open: Set<ChannelKey>;
  private readonly accounts = new Map<ChannelKey, CreditAccount>();
  private readonly blocked = new Set<ChannelKey>();
  private stash: InputItem[] = [];
  private onData: (() => void) | undefined;
  private readonly creditsPerChannel: number;
  private readonly creditBatch: number;
  private owing = false;
  bytesIn = 0;
  buffersIn = 0;

  constructor(
    channels: readonly InputChannelSpec[],
    buffersPerChannel: number,
    floatingBuffersPerGate: number,
    private readonly send: (message: NetworkMessage) => void,
  ) {
    this.open = new Set(channels.map((c) => c.key));
    this.creditsPerChannel = buffersPerChannel + Math.floor(floatingBuffersPerGate / Math.max(1, channels.length));
    this.creditBatch = Math.max(1, Math.floor(this.creditsPerChannel / 2));
    for (const c of channels) this.accounts.set(c.key, { to: c.producerLocation, owed: 0 });
  }

  get channelKeys(): readonly ChannelKey[] {
    return [...this.accounts.keys()];
  }

  /** Channels that have not ended: the ones a barrier must arrive on. */
  get openChannelCount(): number {
    return this.open.size;
  }

  /** Tells every producer how many buffers we can hold. */
  grantInitialCredits(): void {
    for (const [key, account] of this.accounts) this.send({ type: 'credit', key, to: account.to, credits: this.creditsPerChannel });
  }

  deliver(item: InputItem): void {
    if (item.kind === 'buffer') {
      this.bytesIn += item.bytes.byteLength;
      this.buffersIn++;
    }
    this.queue.push(item);
    const wake = this.onData;
    this.onData = undefined;
    wake?.();
  }

  poll(): InputItem | undefined {
    for (;;) {
      if (this.head === this.queue.length) return undefined;
      const item = this.queue[this.head++] as InputItem;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      if (this.blocked.has(item.key)) {
        this.stash.push(item);
        continue;
      }
      if (item.kind === 'end-of-partition') this.open.delete(item.key);
      return item;
    }
  }

  /** Holds back what the channel sends next, until `unblockAll`. */
  block(key: ChannelKey): void {
    this.blocked.add(key);
  }

  /** Alignment is over: what waited aside comes first, in its order. */
  unblockAll(): void {
    this.blocked.clear();
    if (this.stash.length === 0) return;
    this.queue = [...this.stash, ...this.queue.slice(this.head)];
    this.head = 0;
    this.stash = [];
  }

  /** The buffer of `key` has been processed: the producer may send another. */
  recycle(key: ChannelKey): void {
    const account = this.accounts.get(key);
    if (account === undefined) return;
    if (++account.owed >= this.creditBatch) this.repay(key, account);
    else this.owing = true;
  }

  /** The task is about to wait (for input or for its outputs): every credit owed goes back now. */
  returnCredits(): void {
    if (!this.owing) return;
    this.owing = false;
    for (const [key, account] of this.accounts) if (account.owed > 0) this.repay(key, account);
  }

  private repay(key: ChannelKey, account: CreditAccount): void {
    const credits = account.owed;
    account.owed = 0;
    this.send({ type: 'credit', key, to: account.to, credits });
  }

  get isFinished(): boolean {
    return this.open.size === 0 && this.head === this.queue.length && this.stash.length === 0;
  }

  whenData(): Promise<void> {
    if (this.head < this.queue.length) return Promise.resolve();
    return new Promise((resolve) => {
      this.onData = resolve;
    });
  }
}
