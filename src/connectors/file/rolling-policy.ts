/**
 * When a FileSink closes its in-progress part file and starts a new one (Flink's
 * RollingPolicy). Weir has no resumable in-progress files, so every checkpoint and the
 * end of input roll every part file regardless of the policy (as Flink does for bulk
 * formats); the policy adds rolls between checkpoints.
 */
import { WeirError } from '../../core/errors.js';

/** What a rolling policy may know about an in-progress part file. */
export interface PartFileInfo {
  readonly bucketId: string;
  /** When the part file was opened, in ms since the epoch. */
  readonly creationTime: number;
  /** When a record was last written to it. */
  readonly lastUpdateTime: number;
  /** Bytes written to it so far. */
  readonly size: number;
}

export interface RollingPolicy<T> {
  /** Asked before `element` is written to the part file. */
  shouldRollOnEvent(partFile: PartFileInfo, element: T): boolean;
  /** Asked on every write and at flush. */
  shouldRollOnProcessingTime(partFile: PartFileInfo, currentTime: number): boolean;
}

const MIB = 1024 * 1024;

/**
 * Rolls a part file once it is larger than `maxPartSize` bytes (checked before each write,
 * so a file exceeds it by at most one record), once it is older than `rolloverInterval`,
 * or when nothing was written to it for `inactivityInterval` (Flink's DefaultRollingPolicy:
 * 128 MiB, 60 s, 60 s by default).
 *
 * ```ts
 * DefaultRollingPolicy.builder().withMaxPartSize(1024 * 1024).withRolloverInterval(15 * 60_000).withInactivityInterval(5 * 60_000).build();
 * ```
 */
export class DefaultRollingPolicy implements RollingPolicy<unknown> {
  readonly maxPartSize: number;
  readonly rolloverInterval: number;
  readonly inactivityInterval: number;

  /** @internal use {@link DefaultRollingPolicy.builder} */
  constructor(settings: { maxPartSize: number; rolloverInterval: number; inactivityInterval: number }) {
    this.maxPartSize = settings.maxPartSize;
    this.rolloverInterval = settings.rolloverInterval;
    this.inactivityInterval = settings.inactivityInterval;
  }

  static builder(): DefaultRollingPolicyBuilder {
    return new DefaultRollingPolicyBuilder();
  }

  shouldRollOnEvent(partFile: PartFileInfo): boolean {
    return partFile.size > this.maxPartSize;
  }

  shouldRollOnProcessingTime(partFile: PartFileInfo, currentTime: number): boolean {
    return (
      currentTime - partFile.creationTime >= this.rolloverInterval ||
      currentTime - partFile.lastUpdateTime >= this.inactivityInterval
    );
  }
}

export class DefaultRollingPolicyBuilder {
  private maxPartSize = 128 * MIB;
  private rolloverInterval = 60_000;
  private inactivityInterval = 60_000;

  /** Bytes. */
  withMaxPartSize(bytes: number): this {
    this.maxPartSize = positive('withMaxPartSize', bytes);
    return this;
  }

  /** Milliseconds a part file may stay open. */
  withRolloverInterval(ms: number): this {
    this.rolloverInterval = positive('withRolloverInterval', ms);
    return this;
  }

  /** Milliseconds without a write after which a part file is rolled. */
  withInactivityInterval(ms: number): this {
    this.inactivityInterval = positive('withInactivityInterval', ms);
    return this;
  }

  build(): DefaultRollingPolicy {
    return new DefaultRollingPolicy({
      maxPartSize: this.maxPartSize,
      rolloverInterval: this.rolloverInterval,
      inactivityInterval: this.inactivityInterval,
    });
  }
}

/** Rolls only at checkpoints and at the end of input: one part file per bucket per checkpoint (Flink's OnCheckpointRollingPolicy). */
export class OnCheckpointRollingPolicy implements RollingPolicy<unknown> {
  static build(): OnCheckpointRollingPolicy {
    return new OnCheckpointRollingPolicy();
  }

  shouldRollOnEvent(): boolean {
    return false;
  }

  shouldRollOnProcessingTime(): boolean {
    return false;
  }
}

function positive(method: string, value: number): number {
  if (!(value > 0)) {
    throw new WeirError('GRAPH_INVALID', `DefaultRollingPolicy.${method}: expected a positive number, got ${value}`);
  }
  return value;
}
