import type { StateTtlConfig } from '../../../api/state/state-ttl-config.js';

/** A state's StateTtlConfig resolved against the backend's clock. */
export class TtlPolicy {
  readonly ttlMs: number;
  /** OnReadAndWrite: reads refresh the last-access time too. */
  readonly refreshOnRead: boolean;
  /** ReturnExpiredIfNotCleanedUp. */
  readonly returnExpired: boolean;
  readonly cleanupInSnapshot: boolean;
  /** Entries checked per state access; 0 turns incremental cleanup off. */
  readonly incrementalCleanupSize: number;

  constructor(
    config: StateTtlConfig,
    readonly now: () => number,
  ) {
    this.ttlMs = config.ttlMs;
    this.refreshOnRead = config.updateType === 'OnReadAndWrite';
    this.returnExpired = config.stateVisibility === 'ReturnExpiredIfNotCleanedUp';
    this.cleanupInSnapshot = config.cleanup.fullSnapshot;
    this.incrementalCleanupSize = Math.max(0, Math.floor(config.cleanup.incrementalCleanupSize));
  }

  /** Flink's `TtlUtils.expired`: the entry expires at lastAccess + ttl, inclusive. */
  isExpired(lastAccess: number, now: number): boolean {
    return lastAccess + this.ttlMs <= now;
  }
}

/** Undefined when the state has no TTL; update type `Disabled` means no TTL, as in Flink. */
export function createTtlPolicy(config: StateTtlConfig | undefined, clock: () => number): TtlPolicy | undefined {
  if (config === undefined || config.updateType === 'Disabled') return undefined;
  return new TtlPolicy(config, clock);
}
