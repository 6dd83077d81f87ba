import { resolve } from 'node:path';
import type { RuntimeContext } from '../../api/functions.js';
import type { StatefulSink, TwoPhaseCommittingSink } from '../../api/sink.js';
import { DateTimeBucketAssigner, type BucketAssigner } from './bucket-assigner.js';
import type { Encoder } from './encoder.js';
import { FileCommitter } from './file-committer.js';
import type { FileSinkCommittable, FileWriterState } from './file-sink-types.js';
import { FileWriter, type FileWriterOptions } from './file-writer.js';
import { deleteInProgressFiles } from './in-progress-cleanup.js';
import { OutputFileConfig } from './output-file-config.js';
import { DefaultRollingPolicy, type RollingPolicy } from './rolling-policy.js';

/**
 * Writes records as rows to part files under a base path, one subdirectory per bucket
 * (Flink's FileSink in row format). Exactly-once with checkpoints: part files stay hidden
 * until the checkpoint that covers them completes, then the committer renames them to
 * `part-<subtask>-<n>`. Every checkpoint closes the open part files.
 *
 * ```ts
 * stream.sinkTo(
 *   FileSink.forRowFormat('/data/out', new SimpleStringEncoder<string>())
 *     .withRollingPolicy(DefaultRollingPolicy.builder().withMaxPartSize(64 * 1024 * 1024).build())
 *     .build(),
 * );
 * ```
 */
export class FileSink<T>
  implements TwoPhaseCommittingSink<T, FileSinkCommittable>, StatefulSink<T, FileWriterState>
{
  /** @internal use {@link FileSink.forRowFormat} */
  constructor(private readonly settings: Omit<FileWriterOptions<T>, 'subtask' | 'restored' | 'clock'>) {}

  static forRowFormat<T>(basePath: string, encoder: Encoder<T>): RowFormatBuilder<T> {
    return new RowFormatBuilder(basePath, encoder);
  }

  createWriter(ctx: RuntimeContext): FileWriter<T> {
    return new FileWriter({ ...this.settings, subtask: ctx.indexOfThisSubtask });
  }

  restoreWriter(ctx: RuntimeContext, states: readonly FileWriterState[]): FileWriter<T> {
    deleteInProgressFiles(this.settings.basePath, this.settings.outputFileConfig, ctx.indexOfThisSubtask);
    return new FileWriter({ ...this.settings, subtask: ctx.indexOfThisSubtask, restored: states });
  }

  createCommitter(): FileCommitter {
    return new FileCommitter();
  }
}

export class RowFormatBuilder<T> {
  private rollingPolicy: RollingPolicy<T> = DefaultRollingPolicy.builder().build();
  private bucketAssigner: BucketAssigner<T> = new DateTimeBucketAssigner<T>();
  private outputFileConfig = OutputFileConfig.builder().build();

  constructor(
    private readonly basePath: string,
    private readonly encoder: Encoder<T>,
  ) {}

  withRollingPolicy(policy: RollingPolicy<T>): this {
    this.rollingPolicy = policy;
    return this;
  }

  withBucketAssigner(assigner: BucketAssigner<T>): this {
    this.bucketAssigner = assigner;
    return this;
  }

  withOutputFileConfig(config: OutputFileConfig): this {
    this.outputFileConfig = config;
    return this;
  }

  build(): FileSink<T> {
    return new FileSink({
      // The committer renames by absolute path, wherever it runs.
      basePath: resolve(this.basePath),
      encoder: this.encoder,
      bucketAssigner: this.bucketAssigner,
      rollingPolicy: this.rollingPolicy,
      outputFileConfig: this.outputFileConfig,
    });
  }
}
