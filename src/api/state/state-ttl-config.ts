/** Time-to-live of keyed state entries (Flink's StateTtlConfig). */
export type TtlUpdateType = 'OnCreateAndWrite' | 'OnReadAndWrite' | 'Disabled';
export type TtlStateVisibility = 'NeverReturnExpired' | 'ReturnExpiredIfNotCleanedUp';

export interface TtlCleanup {
  /** Expired entries are left out of full snapshots. */
  readonly fullSnapshot: boolean;
  /** Entries checked per state access for expiry; 0 disables incremental cleanup. */
  readonly incrementalCleanupSize: number;
}

export class StateTtlConfig {
  private constructor(
    readonly ttlMs: number,
    readonly updateType: TtlUpdateType,
    readonly stateVisibility: TtlStateVisibility,
    readonly cleanup: TtlCleanup,
  ) {}

  /** `StateTtlConfig.newBuilder(60_000).setUpdateType('OnReadAndWrite').build()` */
  static newBuilder(ttlMs: number): StateTtlConfigBuilder {
    return new StateTtlConfigBuilder(ttlMs);
  }

  /** @internal */
  static create(ttlMs: number, updateType: TtlUpdateType, visibility: TtlStateVisibility, cleanup: TtlCleanup): StateTtlConfig {
    return new StateTtlConfig(ttlMs, updateType, visibility, cleanup);
  }
}

export class StateTtlConfigBuilder {
  private updateType: TtlUpdateType = 'OnCreateAndWrite';
  private visibility: TtlStateVisibility = 'NeverReturnExpired';
  private cleanup: TtlCleanup = { fullSnapshot: false, incrementalCleanupSize: 5 };

  constructor(private readonly ttlMs: number) {}

  setUpdateType(updateType: TtlUpdateType): this {
    this.updateType = updateType;
    return this;
  }

  setStateVisibility(visibility: TtlStateVisibility): this {
    this.visibility = visibility;
    return this;
  }

  cleanupFullSnapshot(): this {
    this.cleanup = { ...this.cleanup, fullSnapshot: true };
    return this;
  }

  cleanupIncrementally(cleanupSize: number): this {
    this.cleanup = { ...this.cleanup, incrementalCleanupSize: cleanupSize };
    return this;
  }

  disableCleanupInBackground(): this {
    this.cleanup = { ...this.cleanup, incrementalCleanupSize: 0 };
    return this;
  }

  build(): StateTtlConfig {
    return StateTtlConfig.create(this.ttlMs, this.updateType, this.visibility, this.cleanup);
  }
}
