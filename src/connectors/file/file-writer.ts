/**
 * A FileSink's writer, one per subtask (Flink's FileWriter): writes each record to the
 * in-progress part file of its bucket, rolls part files to pending by the rolling policy
 * and at every checkpoint, and hands the pending ones to the committer.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommittingSinkWriter, StatefulSinkWriter } from '../../api/sink.js';
import { checkBucketId, type BucketAssigner, type BucketAssignerContext } from './bucket-assigner.js';
import type { Encoder } from './encoder.js';
import type { FileSinkCommittable, FileWriterState } from './file-sink-types.js';
import { InProgressPartFile } from './in-progress-part-file.js';
import type { OutputFileConfig } from './output-file-config.js';
import { partFileNames } from './part-file-names.js';
import type { RollingPolicy } from './rolling-policy.js';

export interface FileWriterOptions<T> {
  readonly basePath: string;
  readonly subtask: number;
  readonly encoder: Encoder<T>;
  readonly bucketAssigner: BucketAssigner<T>;
  readonly rollingPolicy: RollingPolicy<T>;
  readonly outputFileConfig: OutputFileConfig;
  /** Epoch milliseconds; tests pass their own. */
  readonly clock?: () => number;
  readonly restored?: readonly FileWriterState[];
}

interface Bucket {
  readonly id: string;
  readonly dir: string;
  nextIndex: number;
  part: InProgressPartFile | undefined;
  partIndex: number;
}

export class FileWriter<T>
  implements CommittingSinkWriter<T, FileSinkCommittable>, StatefulSinkWriter<T, FileWriterState>
{
  private readonly options: FileWriterOptions<T>;
  private readonly clock: () => number;
  private readonly buckets = new Map<string, Bucket>();
  /** The bucket of the previous record: consecutive records usually share one. */
  private lastBucket: Bucket | undefined;
  private pending: FileSinkCommittable[] = [];
  /** The time of the record being written: one clock read per record serves the assigner and the policy. */
  private now = 0;
  private readonly context: BucketAssignerContext = { currentProcessingTime: () => this.now };

  constructor(options: FileWriterOptions<T>) {
    this.options = options;
    this.clock = options.clock ?? Date.now;
    for (const state of options.restored ?? []) {
      // Another subtask's numbers name other files (the subtask is in the name); only ours continue.
      if (state.subtask !== options.subtask) continue;
      for (const { bucketId, next } of state.nextPartIndex) {
        const bucket = this.bucket(bucketId);
        bucket.nextIndex = Math.max(bucket.nextIndex, next);
      }
    }
  }

  write(element: T): void {
    const now = (this.now = this.clock());
    const id = this.options.bucketAssigner.getBucketId(element, this.context);
    const bucket = this.lastBucket !== undefined && this.lastBucket.id === id ? this.lastBucket : this.bucket(id);
    this.lastBucket = bucket;
    let part = bucket.part;
    const policy = this.options.rollingPolicy;
    if (part !== undefined && (policy.shouldRollOnEvent(part, element) || policy.shouldRollOnProcessingTime(part, now))) {
      this.roll(bucket);
      part = undefined;
    }
    part ??= this.open(bucket, now);
    part.write(this.options.encoder.encode(element), now);
  }

  flush(endOfInput: boolean): void {
    const now = this.clock();
    for (const bucket of this.buckets.values()) {
      const part = bucket.part;
      if (part === undefined) continue;
      if (endOfInput || this.options.rollingPolicy.shouldRollOnProcessingTime(part, now)) this.roll(bucket);
      else part.flush();
    }
  }

  /** Rolls every in-progress file (Weir cannot resume one after a failure) and hands over all pending files. */
  prepareCommit(): FileSinkCommittable[] {
    for (const bucket of this.buckets.values()) if (bucket.part !== undefined) this.roll(bucket);
    const committables = this.pending;
    this.pending = [];
    return committables;
  }

  snapshotState(_checkpointId: number): FileWriterState[] {
    const nextPartIndex = [...this.buckets.values()].map((bucket) => ({ bucketId: bucket.id, next: bucket.nextIndex }));
    return [{ subtask: this.options.subtask, nextPartIndex }];
  }

  /** Pending files stay: a completed checkpoint may still commit them. */
  close(): void {
    for (const bucket of this.buckets.values()) {
      bucket.part?.discard();
      bucket.part = undefined;
    }
  }

  private bucket(id: string): Bucket {
    let bucket = this.buckets.get(id);
    if (bucket === undefined) {
      bucket = { id, dir: join(this.options.basePath, checkBucketId(id)), nextIndex: 0, part: undefined, partIndex: -1 };
      this.buckets.set(id, bucket);
    }
    return bucket;
  }

  private open(bucket: Bucket, now: number): InProgressPartFile {
    const { outputFileConfig: config, subtask } = this.options;
    let index = bucket.nextIndex;
    // Never reuse a name that exists: an earlier job, or this one at another parallelism, may have written it.
    for (;;) {
      const names = partFileNames(config, subtask, index);
      if (!existsSync(join(bucket.dir, names.committed)) && !existsSync(join(bucket.dir, names.pending))) break;
      index++;
    }
    bucket.nextIndex = index + 1;
    bucket.partIndex = index;
    bucket.part = new InProgressPartFile(bucket.id, join(bucket.dir, partFileNames(config, subtask, index).inProgress), now);
    return bucket.part;
  }

  private roll(bucket: Bucket): void {
    const part = bucket.part;
    if (part === undefined) return;
    bucket.part = undefined;
    const names = partFileNames(this.options.outputFileConfig, this.options.subtask, bucket.partIndex);
    const pendingFile = join(bucket.dir, names.pending);
    part.closeForCommit(pendingFile);
    this.pending.push({ bucketId: bucket.id, pendingFile, targetFile: join(bucket.dir, names.committed) });
  }
}
