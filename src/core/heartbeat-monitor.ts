/**
 * When each monitored peer was last heard from, and which have been silent longer than
 * the heartbeat timeout. The owner sends the heartbeats and decides what a silent peer
 * means; this only keeps the clock.
 */
export class HeartbeatMonitor<K> {
  private readonly lastSeen = new Map<K, number>();

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  track(key: K): void {
    this.lastSeen.set(key, this.now());
  }

  /** A heartbeat answered; unknown peers are ignored (stale is normal). */
  beat(key: K): void {
    if (this.lastSeen.has(key)) this.lastSeen.set(key, this.now());
  }

  untrack(key: K): void {
    this.lastSeen.delete(key);
  }

  keys(): K[] {
    return [...this.lastSeen.keys()];
  }

  /** Milliseconds since the peer was last heard from, or -1 if it is not monitored. */
  age(key: K): number {
    const seen = this.lastSeen.get(key);
    return seen === undefined ? -1 : this.now() - seen;
  }

  expired(): K[] {
    const now = this.now();
    return [...this.lastSeen].filter(([, seen]) => now - seen > this.timeoutMs).map(([key]) => key);
  }
}

export interface HeartbeatSettings {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}
