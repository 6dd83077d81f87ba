/**
 * Chooses the bucket, a subdirectory of the FileSink's base path, each record goes to
 * (Flink's BucketAssigner). Each bucket has its own part files.
 */
import { WeirError } from '../../core/errors.js';
import { compileDateTimePattern } from './date-time-pattern.js';

export interface BucketAssignerContext {
  currentProcessingTime(): number;
}

export interface BucketAssigner<T> {
  /** A relative directory ('' for the base path itself); '/' separates levels. */
  getBucketId(element: T, context: BucketAssignerContext): string;
}

/**
 * Buckets by the time the record is written, formatted with a DateTimeFormatter-style
 * pattern, 'yyyy-MM-dd--HH' (one bucket per hour) by default, in the system's time zone
 * unless one is named (Flink's DateTimeBucketAssigner).
 *
 * ```ts
 * new DateTimeBucketAssigner('yyyy-MM-dd', 'UTC');
 * ```
 */
export class DateTimeBucketAssigner<T = unknown> implements BucketAssigner<T> {
  private readonly format: (epochMs: number) => string;
  private cachedSecond = Number.NaN;
  private cachedId = '';

  constructor(
    readonly formatString = 'yyyy-MM-dd--HH',
    readonly timeZone?: string,
  ) {
    this.format = compileDateTimePattern(formatString, timeZone);
  }

  getBucketId(_element: T, context: BucketAssignerContext): string {
    // Formatting costs microseconds; patterns end at the second at the finest, so one format per second suffices.
    const second = Math.floor(context.currentProcessingTime() / 1000);
    if (second !== this.cachedSecond) {
      this.cachedSecond = second;
      this.cachedId = this.format(second * 1000);
    }
    return this.cachedId;
  }
}

/** Every record in the base path itself, no subdirectory (Flink's BasePathBucketAssigner). */
export class BasePathBucketAssigner<T = unknown> implements BucketAssigner<T> {
  getBucketId(): string {
    return '';
  }
}

/** Refuses bucket ids that would leave the base path. */
export function checkBucketId(bucketId: string): string {
  const segments = bucketId.split('/');
  if (bucketId.startsWith('/') || segments.includes('..') || bucketId.includes('\\') || bucketId.includes('\0')) {
    throw new WeirError(
      'USER_FUNCTION_FAILED',
      `FileSink: the bucket assigner returned '${bucketId}', which is not a relative path inside the base path`,
    );
  }
  return bucketId;
}
