/**
 * Copies the lines of every file under a directory to part files in another, through
 * FileSource (bounded) and FileSink, for test/connectors/file-pipeline.test.ts.
 *
 *   weir run -p 2 test/connectors/jobs/file-copy.ts IN_DIR OUT_DIR
 */
import {
  BasePathBucketAssigner,
  FileSink,
  FileSource,
  SimpleStringEncoder,
  StreamExecutionEnvironment,
  TextLineInputFormat,
  WatermarkStrategy,
} from 'weir';

const [inDir, outDir] = process.argv.slice(2);
if (inDir === undefined || outDir === undefined) throw new Error('usage: file-copy.ts IN_DIR OUT_DIR');

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSource(FileSource.forRecordStreamFormat(new TextLineInputFormat(), inDir).build(), WatermarkStrategy.noWatermarks(), 'lines')
  .map((line) => line.toUpperCase())
  .sinkTo(
    FileSink.forRowFormat(outDir, new SimpleStringEncoder<string>())
      .withBucketAssigner(new BasePathBucketAssigner())
      .build(),
  )
  .name('files');
await env.execute('file copy');
