import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WeirError } from '../../src/core/errors.js';
import { FileWriter, type FileWriterOptions } from '../../src/connectors/file/file-writer.js';
import {
  BasePathBucketAssigner,
  DateTimeBucketAssigner,
  DefaultRollingPolicy,
  FileSink,
  OnCheckpointRollingPolicy,
  OutputFileConfig,
  SimpleStringEncoder,
  type FileSinkCommittable,
} from '../../src/index.js';
import { ManualClock, allFiles, read, runtimeContext, visibleFiles } from './support/sink-harness.js';

const root = mkdtempSync(join(tmpdir(), 'weir-file-sink-'));
after(() => rmSync(root, { recursive: true, force: true }));

let dirCounter = 0;
function outDir(): string {
  return join(root, `out-${dirCounter++}`);
}

function writer(basePath: string, overrides: Partial<FileWriterOptions<string>> = {}): FileWriter<string> {
  return new FileWriter<string>({
    basePath,
    subtask: 0,
    encoder: new SimpleStringEncoder<string>(),
    bucketAssigner: new BasePathBucketAssigner(),
    rollingPolicy: OnCheckpointRollingPolicy.build(),
    outputFileConfig: OutputFileConfig.builder().build(),
    ...overrides,
  });
}

function basePathSink(dir: string) {
  return FileSink.forRowFormat(dir, new SimpleStringEncoder<string>()).withBucketAssigner(new BasePathBucketAssigner()).build();
}

/** What the runtime does at the end of a bounded job. */
async function finishAndCommit(sink: FileSink<string>, w: FileWriter<string>): Promise<FileSinkCommittable[]> {
  w.flush(true);
  const committables = w.prepareCommit();
  await sink.createCommitter().commit(committables);
  w.close();
  return committables;
}

describe('FileSink: writing and committing', () => {
  it('shows nothing before the commit, and after it part files with exactly the rows written', async () => {
    const dir = outDir();
    const sink = basePathSink(dir);
    const w = sink.createWriter(runtimeContext(0));
    const rows = Array.from({ length: 50_000 }, (_, i) => `row ${i} ${'ü中😀'.repeat(i % 4)}`);
    for (const row of rows) w.write(row);
    w.flush(false);
    assert.deepEqual(visibleFiles(dir), [], 'in progress: nothing visible');
    assert.deepEqual(allFiles(dir), ['.part-0-0.inprogress']);
    const committables = w.prepareCommit();
    assert.deepEqual(visibleFiles(dir), [], 'pending: nothing visible');
    assert.deepEqual(allFiles(dir), ['.part-0-0.pending']);
    assert.deepEqual(committables, [
      { bucketId: '', pendingFile: join(dir, '.part-0-0.pending'), targetFile: join(dir, 'part-0-0') },
    ]);
    await sink.createCommitter().commit(committables);
    assert.deepEqual(allFiles(dir), ['part-0-0']);
    assert.equal(read(dir, 'part-0-0'), rows.map((row) => `${row}\n`).join(''));
    w.close();
  });

  it('at the end of input rolls and commits everything, each subtask to its own part files', async () => {
    const dir = outDir();
    const sink = basePathSink(dir);
    const writers = [0, 1].map((subtask) => sink.createWriter(runtimeContext(subtask)));
    writers[0]?.write('zero');
    writers[1]?.write('one');
    for (const w of writers) await finishAndCommit(sink, w);
    assert.deepEqual(allFiles(dir), ['part-0-0', 'part-1-0']);
    assert.equal(read(dir, 'part-0-0'), 'zero\n');
    assert.equal(read(dir, 'part-1-0'), 'one\n');
  });

  it('writes no file for a subtask that received no records', async () => {
    const dir = outDir();
    const sink = basePathSink(dir);
    assert.deepEqual(await finishAndCommit(sink, sink.createWriter(runtimeContext(0))), []);
    assert.equal(existsSync(dir), false);
  });

  it('a second commit of the same committables is harmless', async () => {
    const dir = outDir();
    const sink = basePathSink(dir);
    const w = sink.createWriter(runtimeContext(0));
    w.write('once');
    const committables = await finishAndCommit(sink, w);
    await sink.createCommitter().commit(committables);
    assert.deepEqual(allFiles(dir), ['part-0-0']);
    assert.equal(read(dir, 'part-0-0'), 'once\n');
  });

  it('refuses to commit a file that vanished without being committed, naming it', async () => {
    const dir = outDir();
    const committable = { bucketId: '', pendingFile: join(dir, '.part-0-9.pending'), targetFile: join(dir, 'part-0-9') };
    await assert.rejects(basePathSink(dir).createCommitter().commit([committable]), (error: unknown) => {
      assert.ok(error instanceof WeirError);
      assert.match(error.message, /\.part-0-9\.pending/);
      return true;
    });
  });

  it('never overwrites a part file that is already there, from an earlier run', async () => {
    const dir = outDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'part-0-0'), 'earlier run\n');
    const sink = basePathSink(dir);
    const w = sink.createWriter(runtimeContext(0));
    w.write('this run');
    await finishAndCommit(sink, w);
    assert.equal(read(dir, 'part-0-0'), 'earlier run\n');
    assert.equal(read(dir, 'part-0-1'), 'this run\n');
  });

  it('uses the prefix and suffix of the OutputFileConfig', async () => {
    const dir = outDir();
    const sink = FileSink.forRowFormat(dir, new SimpleStringEncoder<number>())
      .withBucketAssigner(new BasePathBucketAssigner())
      .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix('events').withPartSuffix('.txt').build())
      .build();
    const w = sink.createWriter(runtimeContext(3));
    w.write(42);
    w.flush(false);
    assert.deepEqual(allFiles(dir), ['.events-3-0.txt.inprogress']);
    await sink.createCommitter().commit(w.prepareCommit());
    assert.deepEqual(allFiles(dir), ['events-3-0.txt']);
    assert.equal(read(dir, 'events-3-0.txt'), '42\n');
    w.close();
  });
});

describe('FileSink: rolling', () => {
  it('rolls by size once a part file is larger than the maximum, before the next record', async () => {
    const dir = outDir();
    const w = writer(dir, { rollingPolicy: DefaultRollingPolicy.builder().withMaxPartSize(100).build() });
    const rows = Array.from({ length: 25 }, (_, i) => `row-${String(i).padStart(5, '0')}`); // 10 bytes with the newline
    for (const row of rows) w.write(row);
    assert.deepEqual(allFiles(dir), ['.part-0-0.pending', '.part-0-1.pending', '.part-0-2.inprogress']);
    const committables = w.prepareCommit();
    assert.equal(committables.length, 3);
    await basePathSink(dir).createCommitter().commit(committables);
    // 100 bytes is not more than 100: the 11th row still goes in; the 12th starts a new part.
    assert.deepEqual(
      ['part-0-0', 'part-0-1', 'part-0-2'].map((file) => read(dir, file).length),
      [110, 110, 30],
    );
    assert.equal(['part-0-0', 'part-0-1', 'part-0-2'].map((file) => read(dir, file)).join(''), rows.map((r) => `${r}\n`).join(''));
    w.close();
  });

  it('rolls by rollover interval and by inactivity, on write and on flush', () => {
    const dir = outDir();
    const clock = new ManualClock();
    const policy = DefaultRollingPolicy.builder().withRolloverInterval(1000).withInactivityInterval(300).build();
    const w = writer(dir, { rollingPolicy: policy, clock: clock.read });
    w.write('a'); // part 0 opens at 0
    clock.now += 250;
    w.write('b');
    clock.now += 250;
    w.write('c');
    clock.now += 250;
    w.write('d');
    clock.now += 250; // 1000 ms after part 0 opened
    w.write('e');
    assert.deepEqual(allFiles(dir), ['.part-0-0.pending', '.part-0-1.inprogress'], 'rolled by rollover interval');
    clock.now += 300; // 300 ms without a write
    w.write('f');
    assert.deepEqual(allFiles(dir), ['.part-0-0.pending', '.part-0-1.pending', '.part-0-2.inprogress'], 'rolled by inactivity');
    clock.now += 299;
    w.flush(false);
    assert.ok(existsSync(join(dir, '.part-0-2.inprogress')), 'not yet inactive');
    clock.now += 1;
    w.flush(false);
    assert.deepEqual(allFiles(dir), ['.part-0-0.pending', '.part-0-1.pending', '.part-0-2.pending'], 'flush rolls an inactive file');
    assert.deepEqual(
      w.prepareCommit().map((c) => read(dir, c.pendingFile.slice(dir.length + 1))),
      ['a\nb\nc\nd\n', 'e\n', 'f\n'],
    );
    w.close();
  });

  it('rolls at every checkpoint, and numbering goes on', async () => {
    const dir = outDir();
    const w = writer(dir);
    const committer = basePathSink(dir).createCommitter();
    w.write('checkpoint 1');
    w.flush(false);
    await committer.commit(w.prepareCommit());
    w.write('checkpoint 2');
    w.flush(false);
    await committer.commit(w.prepareCommit());
    w.flush(false);
    assert.deepEqual(w.prepareCommit(), [], 'no records, no part file');
    assert.deepEqual(allFiles(dir), ['part-0-0', 'part-0-1']);
    assert.equal(read(dir, 'part-0-1'), 'checkpoint 2\n');
    w.close();
  });
});

describe('FileSink: buckets', () => {
  it('DateTimeBucketAssigner names buckets yyyy-MM-dd--HH by default, in the zone given', () => {
    const at = Date.UTC(2024, 2, 5, 7, 8, 9);
    const context = { currentProcessingTime: () => at };
    assert.equal(new DateTimeBucketAssigner(undefined, 'UTC').getBucketId('x', context), '2024-03-05--07');
    assert.equal(new DateTimeBucketAssigner('yy/M/d', 'UTC').getBucketId('x', context), '24/3/5');
    assert.equal(new DateTimeBucketAssigner("'day='yyyyMMdd'/'HH-mm-ss", 'Asia/Tokyo').getBucketId('x', context), 'day=20240305/16-08-09');
    assert.throws(() => new DateTimeBucketAssigner('yyyy-ww'), /'w' is not supported/);
    assert.throws(() => new DateTimeBucketAssigner('yyyy', 'Mars/Olympus'), /unknown time zone/);
  });

  it('writes each bucket to its own subdirectory, the date-time one by default', async () => {
    const dir = outDir();
    const clock = new ManualClock(Date.UTC(2024, 0, 31, 23, 59, 59));
    const sink = FileSink.forRowFormat(dir, new SimpleStringEncoder<string>()).build();
    const assigner = new DateTimeBucketAssigner<string>('yyyy-MM-dd--HH', 'UTC');
    const w = writer(dir, { bucketAssigner: assigner, clock: clock.read });
    w.write('before midnight');
    clock.now += 1000;
    w.write('after midnight');
    assert.deepEqual(w.snapshotState(1), [
      {
        subtask: 0,
        nextPartIndex: [
          { bucketId: '2024-01-31--23', next: 1 },
          { bucketId: '2024-02-01--00', next: 1 },
        ],
      },
    ]);
    await finishAndCommit(sink, w);
    assert.deepEqual(allFiles(dir), ['2024-01-31--23/part-0-0', '2024-02-01--00/part-0-0']);
    assert.equal(read(dir, '2024-02-01--00/part-0-0'), 'after midnight\n');
  });

  it('refuses a bucket that would leave the base path', () => {
    const w = writer(outDir(), { bucketAssigner: { getBucketId: () => '../elsewhere' } });
    assert.throws(() => w.write('x'), /not a relative path inside the base path/);
    w.close();
  });
});

describe('FileSink: recovery', () => {
  it('a restored writer deletes its in-progress files, keeps pending ones, and continues numbering', async () => {
    const dir = outDir();
    const sink = FileSink.forRowFormat(dir, new SimpleStringEncoder<string>())
      .withBucketAssigner({ getBucketId: (row: string) => row.slice(0, 1) })
      .withRollingPolicy(OnCheckpointRollingPolicy.build())
      .build();
    const committer = sink.createCommitter();
    const first = sink.createWriter(runtimeContext(0));
    const other = sink.createWriter(runtimeContext(1));
    first.write('a: checkpointed');
    first.write('b: checkpointed');
    first.flush(false);
    const checkpointed = first.prepareCommit();
    const state = JSON.parse(JSON.stringify(first.snapshotState(1))) as ReturnType<typeof first.snapshotState>;
    first.write('a: lost in the failure');
    first.flush(false);
    other.write('a: subtask 1 is not restored');
    other.flush(false);
    assert.deepEqual(allFiles(dir), [
      'a/.part-0-0.pending',
      'a/.part-0-1.inprogress',
      'a/.part-1-0.inprogress',
      'b/.part-0-0.pending',
    ]);
    // Subtask 0 fails here, before the checkpoint's commit; it is restored from that checkpoint.
    const restored = sink.restoreWriter(runtimeContext(0, 2, 1), state);
    assert.deepEqual(allFiles(dir), ['a/.part-0-0.pending', 'a/.part-1-0.inprogress', 'b/.part-0-0.pending']);
    await committer.commit(checkpointed);
    restored.write('a: after the restore');
    await finishAndCommit(sink, restored);
    assert.deepEqual(visibleFiles(dir), ['a/part-0-0', 'a/part-0-1', 'b/part-0-0']);
    assert.equal(read(dir, 'a/part-0-0'), 'a: checkpointed\n');
    assert.equal(read(dir, 'a/part-0-1'), 'a: after the restore\n');
    assert.equal(read(dir, 'b/part-0-0'), 'b: checkpointed\n');
    other.close();
  });

  it('a restored writer ignores the numbering of other subtasks', () => {
    const dir = outDir();
    const w = writer(dir, {
      restored: [
        { subtask: 0, nextPartIndex: [{ bucketId: '', next: 4 }] },
        { subtask: 1, nextPartIndex: [{ bucketId: '', next: 9 }] },
      ],
    });
    w.write('x');
    assert.deepEqual(allFiles(dir), ['.part-0-4.inprogress']);
    w.close();
  });

  it('close after a failure drops the in-progress file but never a pending one', () => {
    const dir = outDir();
    const w = writer(dir, { rollingPolicy: DefaultRollingPolicy.builder().withMaxPartSize(1).build() });
    w.write('rolled');
    w.write('in progress');
    w.close();
    assert.deepEqual(allFiles(dir), ['.part-0-0.pending']);
  });
});

describe('FileSink: write failures', () => {
  it('a full disk fails with a WeirError naming the file and the cause', { skip: !existsSync('/dev/full') && 'no /dev/full' }, () => {
    const dir = outDir();
    mkdirSync(dir, { recursive: true });
    // The in-progress file is a link to /dev/full, where every write fails with ENOSPC.
    symlinkSync('/dev/full', join(dir, '.part-0-0.inprogress'));
    const w = writer(dir);
    for (let i = 0; i < 10; i++) w.write(`row ${i}`);
    assert.throws(
      () => w.flush(false),
      (error: unknown) =>
        error instanceof WeirError &&
        error.message.includes(join(dir, '.part-0-0.inprogress')) &&
        error.message.includes('disk is full') &&
        error.message.includes('ENOSPC'),
    );
    w.close();
  });

  it('a base path that cannot be a directory fails with a WeirError naming it', () => {
    const file = join(root, `a-file-${dirCounter++}`);
    writeFileSync(file, '');
    const w = writer(join(file, 'out'));
    assert.throws(
      () => w.write('x'),
      (error: unknown) => error instanceof WeirError && error.message.includes(join(file, 'out')) && /ENOTDIR|EEXIST/.test(error.message),
    );
    w.close();
  });

  it('a directory without write permission fails with a WeirError naming the file', { skip: process.getuid?.() === 0 && 'root may write anywhere' }, async () => {
    const dir = outDir();
    mkdirSync(dir, { recursive: true, mode: 0o555 });
    const w = writer(dir);
    try {
      assert.throws(
        () => w.write('x'),
        (error: unknown) => error instanceof WeirError && error.message.includes(dir) && /no permission/.test(error.message),
      );
    } finally {
      w.close();
    }
  });
});
