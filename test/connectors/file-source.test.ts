import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WeirError } from '../../src/core/errors.js';
import { FileSourceReader } from '../../src/connectors/file/file-source-reader.js';
import type { FileSourceSplit } from '../../src/connectors/file/file-source-split.js';
import { CHUNK_SIZE } from '../../src/connectors/file/file-split-fetcher.js';
import { FileSplitEnumerator } from '../../src/connectors/file/file-split-enumerator.js';
import { FileSource, TextLineInputFormat } from '../../src/index.js';
import {
  RecordingEnumeratorContext,
  drain,
  pollUntil,
  servedReaderContext,
  wholeFileSplit,
} from './support/source-harness.js';

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'weir-file-source-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

let fileCounter = 0;
async function fileWith(content: string | Buffer): Promise<{ path: string; length: number }> {
  const path = join(root, `input-${fileCounter++}.txt`);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  await writeFile(path, bytes);
  return { path, length: bytes.length };
}

/** What `String.split` would give for the lines of `text`, the way a line reader sees them. */
function linesOf(text: string): string[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function readerFor(splits: FileSourceSplit[]): FileSourceReader<string> {
  let reader: FileSourceReader<string> | undefined;
  const ctx = servedReaderContext(splits, () => reader as FileSourceReader<string>);
  reader = new FileSourceReader(ctx, new TextLineInputFormat());
  return reader;
}

async function readAll(content: string | Buffer): Promise<string[]> {
  const { path, length } = await fileWith(content);
  const reader = readerFor([wholeFileSplit(path, length)]);
  reader.start();
  const lines = await drain(reader);
  reader.close();
  return lines;
}

/** Many lines of varied length with one-, two-, three- and four-byte UTF-8 characters. */
function mixedText(lines: number): string {
  const pieces = ['a', 'é', '中', '😀', 'xyz', ' '];
  return Array.from({ length: lines }, (_, i) => {
    let line = `${i}:`;
    for (let j = 0; j < (i * 7919) % 97; j++) line += pieces[(i + j) % pieces.length];
    return line;
  }).join('\n');
}

describe('TextLineInputFormat', () => {
  it('splits lines correctly wherever a chunk boundary falls, also inside a multi-byte character or a \\r\\n', () => {
    const cases: [Buffer, string[]][] = [
      [Buffer.from('héllo\r\nwörld 中文\n😀 emoji\n\nlast without newline'), ['héllo', 'wörld 中文', '😀 emoji', '', 'last without newline']],
      [Buffer.from('plain\r\nascii\n\r\n\nlines\n'), ['plain', 'ascii', '', '', 'lines']],
      // Invalid UTF-8 (a stray continuation byte, a cut three-byte character) is replaced, yet its bytes are counted.
      [Buffer.from([0x61, 0x80, 0x0a, 0xe4, 0xb8, 0x0a, 0x62, 0x0a]), ['a\ufffd', '\ufffd', 'b']],
    ];
    for (const [bytes, expected] of cases) {
      for (let cut = 0; cut <= bytes.length; cut++) {
        for (let cut2 = cut; cut2 <= bytes.length; cut2 += 3) {
          const decoder = new TextLineInputFormat().createDecoder();
          const lines: string[] = [];
          let consumed = 0;
          const emit = (line: string, size: number): void => {
            lines.push(line);
            consumed += size;
          };
          decoder.decode(bytes.subarray(0, cut), emit);
          decoder.decode(bytes.subarray(cut, cut2), emit);
          decoder.decode(bytes.subarray(cut2), emit);
          decoder.finish(emit);
          assert.deepEqual(lines, expected, `cuts at ${cut}, ${cut2}`);
          assert.equal(consumed, bytes.length, 'record sizes add up to the bytes of the file');
        }
      }
    }
  });
});

describe('FileSourceReader', () => {
  it('reads a file of many chunks, lines crossing chunk boundaries in multi-byte characters', async () => {
    const text = mixedText(20_000);
    assert.ok(Buffer.byteLength(text) > 10 * CHUNK_SIZE, 'the file spans many chunks');
    assert.deepEqual(await readAll(text), linesOf(text));
  });

  it('reads \\r\\n line ends, empty lines, a line longer than a chunk, and a last line without newline', async () => {
    const long = '中'.repeat(CHUNK_SIZE); // three chunks' worth of bytes in one line
    const text = `one\r\n\r\ntwo\n${long}\n\nlast`;
    assert.deepEqual(await readAll(text), ['one', '', 'two', long, '', 'last']);
  });

  it('reads an empty file as no lines, and a file of one newline as one empty line', async () => {
    assert.deepEqual(await readAll(''), []);
    assert.deepEqual(await readAll('\n'), ['']);
  });

  it('emits nothing while a chunk is being read, and becomes available when it arrives', async () => {
    const { path, length } = await fileWith('a\nb\n');
    const reader = readerFor([]);
    reader.addSplits([wholeFileSplit(path, length)]);
    reader.start();
    const out: string[] = [];
    assert.equal(reader.pollNext({ collect: (v) => out.push(v) }), 'NOTHING_AVAILABLE', 'the first chunk is read asynchronously');
    await reader.isAvailable();
    assert.equal(reader.pollNext({ collect: (v) => out.push(v) }), 'MORE_AVAILABLE');
    assert.deepEqual(out, ['a', 'b']);
    reader.close();
  });

  it('after a restore from a snapshot taken at any point, emits every line exactly once', async () => {
    // Short lines: a chunk holds more lines than one poll emits, so snapshots fall mid-chunk.
    const short = Array.from({ length: 100_000 }, (_, i) => String(i % 10)).join('\n');
    // Long multi-byte lines: snapshots fall at chunk ends, where a line and a character are cut.
    const long = mixedText(6000);
    for (const text of [short, long]) {
      const { path, length } = await fileWith(text);
      const expected = linesOf(text);
      for (let polls = 0; ; polls++) {
        // The split is the reader's from the start, as one restored or already assigned is.
        const first = readerFor([]);
        first.addSplits([wholeFileSplit(path, length)]);
        first.start();
        const before: string[] = [];
        let count = 0;
        const status = polls === 0 ? 'MORE_AVAILABLE' : await pollUntil(first, before, (s) => s === 'MORE_AVAILABLE' && ++count >= polls);
        const snapshot = first.snapshotState();
        first.close();
        assert.ok(snapshot.every((split) => split.offset <= length));

        const second = readerFor([]);
        second.addSplits(snapshot);
        second.start();
        const afterRestore = await drain(second);
        second.close();
        assert.equal(before.length + afterRestore.length, expected.length, `restore after ${polls} polls`);
        assert.deepEqual([...before, ...afterRestore], expected, `restore after ${polls} polls`);
        if (status === 'END_OF_INPUT') break;
      }
    }
  });

  it('reads the splits it is given one after the other, asking for the next when done', async () => {
    const a = await fileWith('a1\na2\n');
    const b = await fileWith('b1\nb2');
    const splits = [wholeFileSplit(a.path, a.length), wholeFileSplit(b.path, b.length)];
    let reader: FileSourceReader<string> | undefined;
    const ctx = servedReaderContext(splits, () => reader as FileSourceReader<string>);
    reader = new FileSourceReader(ctx, new TextLineInputFormat());
    reader.start();
    assert.deepEqual(await drain(reader), ['a1', 'a2', 'b1', 'b2']);
    assert.equal(ctx.requests, 3, 'one request per split, one more answered with "no more splits"');
    reader.close();
  });

  it('reads a file only up to the size it had when it was discovered', async () => {
    const { path } = await fileWith('kept\nalso kept\nappended later\n');
    assert.deepEqual(await drainSplit(wholeFileSplit(path, Buffer.byteLength('kept\nalso kept\n'))), ['kept', 'also kept']);
  });

  it('fails with the path in the message when a file cannot be read', async () => {
    const missing = join(root, 'vanished.txt');
    await assert.rejects(drainSplit(wholeFileSplit(missing, 10)), (error: unknown) => {
      assert.ok(error instanceof WeirError);
      assert.match(error.message, /cannot read .*vanished\.txt.*ENOENT/);
      return true;
    });
  });
});

async function drainSplit(split: FileSourceSplit): Promise<string[]> {
  const reader = readerFor([split]);
  reader.start();
  try {
    return await drain(reader);
  } finally {
    reader.close();
  }
}

describe('FileSplitEnumerator', () => {
  async function tree(): Promise<string> {
    const dir = await mkdtemp(join(root, 'tree-'));
    await mkdir(join(dir, 'sub', 'deeper'), { recursive: true });
    await mkdir(join(dir, '.hidden-dir'));
    await mkdir(join(dir, '_temporary'));
    await writeFile(join(dir, 'b.txt'), 'b\n');
    await writeFile(join(dir, 'a.txt'), 'a\n');
    await writeFile(join(dir, 'sub', 'c.txt'), 'c\n');
    await writeFile(join(dir, 'sub', 'deeper', 'd.txt'), 'd\n');
    await writeFile(join(dir, '.part-0-0.inprogress'), 'hidden\n');
    await writeFile(join(dir, '_SUCCESS'), '');
    await writeFile(join(dir, 'sub', '.crc'), 'hidden\n');
    await writeFile(join(dir, '.hidden-dir', 'e.txt'), 'hidden\n');
    await writeFile(join(dir, '_temporary', 'f.txt'), 'hidden\n');
    return dir;
  }

  it('hands out every visible file under a directory, recursively, one per request, then "no more splits"', async () => {
    const dir = await tree();
    const ctx = new RecordingEnumeratorContext(2);
    const enumerator = FileSource.forRecordStreamFormat(new TextLineInputFormat(), dir).build().createEnumerator(ctx);
    enumerator.start();
    // Both ask before the listing completes: their requests wait for it.
    enumerator.handleSplitRequest(0);
    enumerator.handleSplitRequest(1);
    await ctx.waitForAnswers(2);
    enumerator.handleSplitRequest(0);
    enumerator.handleSplitRequest(0);
    enumerator.handleSplitRequest(1);
    await ctx.waitForAnswers(5);
    assert.deepEqual(
      ctx.assignedPaths(),
      ['a.txt', 'b.txt', 'sub/c.txt', 'sub/deeper/d.txt'].map((p) => join(dir, p)),
    );
    assert.deepEqual(ctx.assignments.at(-1), { subtask: 1, noMoreSplits: true });
    for (const split of ctx.assignments.flatMap((a) => a.splits ?? [])) {
      assert.equal(split.offset, 0);
      assert.equal(split.length, 2);
      assert.equal(split.splitId, split.path);
    }
    enumerator.close();
  });

  it('reads one named file', async () => {
    const { path } = await fileWith('x\n');
    const ctx = new RecordingEnumeratorContext();
    const enumerator = FileSource.forRecordStreamFormat(new TextLineInputFormat(), path).build().createEnumerator(ctx);
    enumerator.start();
    enumerator.handleSplitRequest(0);
    await ctx.waitForAnswers(1);
    assert.deepEqual(ctx.assignedPaths(), [path]);
    enumerator.close();
  });

  it('fails at start with the path in the message when the input path does not exist', () => {
    const missing = join(root, 'no-such-dir');
    const enumerator = FileSource.forRecordStreamFormat(new TextLineInputFormat(), missing)
      .build()
      .createEnumerator(new RecordingEnumeratorContext());
    assert.throws(
      () => enumerator.start(),
      (error: unknown) => error instanceof WeirError && error.message.includes(missing) && /ENOENT/.test(error.message),
    );
  });

  it('re-queues the splits of a failed reader first', async () => {
    const dir = await tree();
    const ctx = new RecordingEnumeratorContext();
    const enumerator = FileSource.forRecordStreamFormat(new TextLineInputFormat(), dir).build().createEnumerator(ctx);
    enumerator.start();
    enumerator.handleSplitRequest(0);
    await ctx.waitForAnswers(1);
    const first = ctx.assignments[0]?.splits?.[0] as FileSourceSplit;
    enumerator.addSplitsBack([{ ...first, offset: 1 }], 0);
    enumerator.handleSplitRequest(0);
    await ctx.waitForAnswers(2);
    assert.deepEqual(ctx.assignments[1]?.splits, [{ ...first, offset: 1 }]);
    enumerator.close();
  });

  it('restored from a snapshot, never hands out again the files it handed out before', async () => {
    const dir = await tree();
    const source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), dir).build();
    const ctx = new RecordingEnumeratorContext();
    const enumerator = source.createEnumerator(ctx);
    enumerator.start();
    enumerator.handleSplitRequest(0);
    await ctx.waitForAnswers(1);
    const state = enumerator.snapshotState(1);
    enumerator.close();
    // Plain data: it survives a trip through JSON as it would through a checkpoint.
    const restoredState = JSON.parse(JSON.stringify(state)) as typeof state;
    assert.equal(restoredState.pendingSplits.length, 3);

    const ctx2 = new RecordingEnumeratorContext();
    const restored = source.restoreEnumerator(ctx2, restoredState);
    restored.start();
    for (let i = 0; i < 4; i++) restored.handleSplitRequest(0);
    await ctx2.waitForAnswers(4);
    assert.deepEqual(ctx2.assignedPaths(), ['b.txt', 'sub/c.txt', 'sub/deeper/d.txt'].map((p) => join(dir, p)));
    assert.deepEqual(ctx2.assignments.at(-1), { subtask: 0, noMoreSplits: true });
    restored.close();
  });

  it('monitoring continuously, hands out new files as they appear, and only those after a restore', async () => {
    const dir = await mkdtemp(join(root, 'watched-'));
    await writeFile(join(dir, 'first.txt'), '1\n');
    const source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), dir).monitorContinuously(20).build();
    assert.equal(source.boundedness, 'CONTINUOUS_UNBOUNDED');
    const ctx = new RecordingEnumeratorContext();
    const enumerator = source.createEnumerator(ctx);
    enumerator.start();
    enumerator.handleSplitRequest(0);
    await ctx.waitForAnswers(1);
    enumerator.handleSplitRequest(0); // nothing yet: the reader waits, it is not told to stop
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(ctx.assignments.length, 1);
    await writeFile(join(dir, '.second.txt.tmp'), 'hidden\n');
    await writeFile(join(dir, 'second.txt'), '2\n');
    await ctx.waitForAnswers(2, 3000);
    assert.deepEqual(ctx.assignedPaths(), [join(dir, 'first.txt'), join(dir, 'second.txt')]);
    const state = enumerator.snapshotState(7);
    enumerator.close();
    assert.deepEqual(new Set(state.processedPaths), new Set([join(dir, 'first.txt'), join(dir, 'second.txt')]));

    const ctx2 = new RecordingEnumeratorContext();
    const restored = source.restoreEnumerator(ctx2, state);
    restored.start();
    restored.handleSplitRequest(0);
    await writeFile(join(dir, 'third.txt'), '3\n');
    await ctx2.waitForAnswers(1, 3000);
    assert.deepEqual(ctx2.assignedPaths(), [join(dir, 'third.txt')]);
    restored.close();
  });

  it('reports a listing that fails later, while monitoring, through its error handler', async () => {
    const dir = await mkdtemp(join(root, 'removed-'));
    const errors: unknown[] = [];
    const enumerator = new FileSplitEnumerator(new RecordingEnumeratorContext(), {
      paths: [dir],
      discoveryIntervalMs: 10,
      onError: (error) => errors.push(error),
    });
    enumerator.start();
    await rm(dir, { recursive: true });
    const deadline = Date.now() + 3000;
    while (errors.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    enumerator.close();
    assert.ok(errors[0] instanceof WeirError && errors[0].message.includes(dir), String(errors[0]));
  });
});

describe('FileSource', () => {
  it('reads a directory with two readers: every line of every file exactly once', async () => {
    const dir = await mkdtemp(join(root, 'two-readers-'));
    const expected: string[] = [];
    for (let f = 0; f < 7; f++) {
      const text = Array.from({ length: 500 + f * 300 }, (_, i) => `file ${f} line ${i} ${'é'.repeat(i % 5)}`).join('\n');
      await mkdir(join(dir, `d${f % 2}`), { recursive: true });
      await writeFile(join(dir, `d${f % 2}`, `f${f}.txt`), text);
      expected.push(...linesOf(text));
    }
    const source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), dir).build();
    assert.equal(source.boundedness, 'BOUNDED');
    const ctx = new RecordingEnumeratorContext(2);
    const enumerator = source.createEnumerator(ctx);
    const readers = [0, 1].map((subtask) =>
      source.createReader({
        indexOfSubtask: subtask,
        parallelism: 2,
        sendSplitRequest: () => queueMicrotask(() => enumerator.handleSplitRequest(subtask)),
      }),
    );
    ctx.assignSplits = (subtask, splits) => queueMicrotask(() => readers[subtask]?.addSplits(splits));
    ctx.signalNoMoreSplits = (subtask) => queueMicrotask(() => readers[subtask]?.notifyNoMoreSplits());
    enumerator.start();
    for (const reader of readers) reader.start();
    const outputs = await Promise.all(readers.map((reader) => drain(reader)));
    enumerator.close();
    assert.ok(outputs.every((lines) => lines.length > 0), 'both readers got work');
    assert.deepEqual(outputs.flat().sort(), [...expected].sort());
  });
});
