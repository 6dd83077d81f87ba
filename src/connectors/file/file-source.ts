import { resolve } from 'node:path';
import type { Boundedness, Source, SourceReader, SourceReaderContext, SplitEnumeratorContext } from '../../api/source.js';
import { WeirError } from '../../core/errors.js';
import { FileSourceReader } from './file-source-reader.js';
import type { FileSourceSplit, PendingSplitsCheckpoint } from './file-source-split.js';
import { FileSplitEnumerator } from './file-split-enumerator.js';
import type { StreamFormat } from './stream-format.js';

/**
 * Reads files: a file, or every file under a directory (recursively, skipping names
 * that start with '.' or '_'), one file per split (Flink's FileSource). Bounded by
 * default; `monitorContinuously` keeps watching the directories for new files.
 * Exactly-once: readers checkpoint the byte offset after the last record they emitted.
 *
 * ```ts
 * const source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), '/data/in').build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), 'lines');
 * ```
 */
export class FileSource<T> implements Source<T, FileSourceSplit, PendingSplitsCheckpoint> {
  readonly boundedness: Boundedness;

  /** @internal use {@link FileSource.forRecordStreamFormat} */
  constructor(
    private readonly format: StreamFormat<T>,
    private readonly paths: readonly string[],
    private readonly discoveryIntervalMs: number | undefined,
  ) {
    this.boundedness = discoveryIntervalMs === undefined ? 'BOUNDED' : 'CONTINUOUS_UNBOUNDED';
  }

  /** Reads `paths` (files or directories) with a format that decodes a byte stream into records. */
  static forRecordStreamFormat<T>(format: StreamFormat<T>, ...paths: string[]): FileSourceBuilder<T> {
    return new FileSourceBuilder(format, paths);
  }

  createEnumerator(ctx: SplitEnumeratorContext<FileSourceSplit>): FileSplitEnumerator {
    return new FileSplitEnumerator(ctx, { paths: this.paths, discoveryIntervalMs: this.discoveryIntervalMs });
  }

  restoreEnumerator(ctx: SplitEnumeratorContext<FileSourceSplit>, state: PendingSplitsCheckpoint): FileSplitEnumerator {
    return new FileSplitEnumerator(ctx, {
      paths: this.paths,
      discoveryIntervalMs: this.discoveryIntervalMs,
      restored: state,
    });
  }

  createReader(ctx: SourceReaderContext): SourceReader<T, FileSourceSplit> {
    return new FileSourceReader(ctx, this.format);
  }
}

export class FileSourceBuilder<T> {
  private discoveryIntervalMs: number | undefined;

  constructor(
    private readonly format: StreamFormat<T>,
    private readonly paths: readonly string[],
  ) {}

  /** Unbounded: lists the paths again every `intervalMs` and reads the files not seen before. */
  monitorContinuously(intervalMs: number): this {
    if (!(Number.isFinite(intervalMs) && intervalMs > 0)) {
      throw new WeirError('GRAPH_INVALID', `FileSource.monitorContinuously: expected a positive interval in ms, got ${intervalMs}`);
    }
    this.discoveryIntervalMs = intervalMs;
    return this;
  }

  /** Bounded (the default): reads the files present when the job starts, then ends. */
  processStaticFileSet(): this {
    this.discoveryIntervalMs = undefined;
    return this;
  }

  build(): FileSource<T> {
    if (this.paths.length === 0) {
      throw new WeirError('GRAPH_INVALID', 'FileSource.forRecordStreamFormat: name at least one file or directory to read');
    }
    // Relative paths mean what they meant where the program runs; splits carry absolute ones to the readers.
    return new FileSource(
      this.format,
      this.paths.map((path) => resolve(path)),
      this.discoveryIntervalMs,
    );
  }
}
