/**
 * Credit-based flow control, end to end: a slow sink keeps memory bounded while a fast
 * source runs. test/jobs/slow-sink.ts has a generator print how far it got and the sink
 * how much it wrote, each with a timestamp on one clock; the source must never run ahead
 * of the sink by more than what the buffers between them can hold.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MEMORY_SEGMENT_SIZE, NETWORK_BUFFERS_PER_CHANNEL, NETWORK_FLOATING_BUFFERS_PER_GATE } from '../../src/config/index.js';
import { repoPath, runWeir } from '../support/weir-cli.js';

/**
 * Enough data (about 300 MiB) that a source running free would hold most of it in
 * buffers, pushing the process over MAX_RSS; with flow control it is about 250 MB.
 */
const COUNT = 300_000;
/**
 * The sink busy-waits 1 ms every 100 records: with deserialising, about 60,000 records/s
 * against the generator's 250,000 or so, so the run takes about 5 s.
 */
const SLOW_EVERY = 100;
const SLOW_MS = 1;
/** How often each side prints (the job's SAMPLE). */
const SAMPLE = 256;

// What may sit between the generator and the sink's writer, in records of about 1 KiB:
/** A source reader emits up to this many records per pollNext before its task checks for backpressure. */
const SOURCE_BATCH = 4096;
/**
 * A buffer (taskmanager.memory.segment-size) holds fewer records than its size in KB (each
 * is over 1000 bytes); the first buffer of a channel is sized for 64.
 */
const RECORDS_PER_BUFFER = Math.max(64, Math.ceil((MEMORY_SEGMENT_SIZE.default as number) / 1000));
/**
 * Buffers in flight to, or queued in, the sink: the channel's own buffers
 * (taskmanager.network.memory.buffers-per-channel) plus the gate's floating buffers
 * (floating-buffers-per-gate), all of which go to the sink's one channel.
 */
const CREDITS = (NETWORK_BUFFERS_PER_CHANNEL.default as number) + (NETWORK_FLOATING_BUFFERS_PER_GATE.default as number);
/**
 * The batch, the credited buffers, the producer's buffer in progress, and the sampling
 * error: the sink's count is read from its last print, up to SAMPLE records stale.
 */
const MAX_LAG = SOURCE_BATCH + CREDITS * RECORDS_PER_BUFFER + RECORDS_PER_BUFFER + SAMPLE;
const MAX_RSS = 400 * 1024 * 1024;

interface Sample {
  readonly time: number;
  readonly count: number;
  readonly rss: number;
}

test('a slow sink keeps memory bounded while a fast source runs', async () => {
  const run = await runWeir(
    [
      'run',
      '-D',
      'taskmanager.numberOfTaskSlots=2',
      repoPath('test/jobs/slow-sink.ts'),
      '--count',
      String(COUNT),
      '--slow-every',
      String(SLOW_EVERY),
      '--slow-ms',
      String(SLOW_MS),
    ],
    { timeoutMs: 30_000 },
  );
  assert.equal(run.code, 0, `the job failed:\n${run.stderr}`);

  const emitted: Sample[] = [];
  const written: Sample[] = [];
  let done: string[] | undefined;
  for (const line of run.stdout.split('\n')) {
    const [kind, a, b, c] = line.split(' ');
    if (kind === 'EMITTED') emitted.push({ time: Number(b), count: Number(a) + 1, rss: 0 });
    else if (kind === 'WRITTEN') written.push({ time: Number(b), count: Number(a), rss: Number(c) });
    else if (kind === 'DONE') done = [a ?? '', b ?? '', c ?? ''];
  }
  assert.ok(done !== undefined, `the sink never saw the end of input:\n${run.stdout.slice(-2000)}`);
  assert.deepEqual(done.slice(0, 2), [String(COUNT), '0'], 'the sink should write every record once, in order');
  // Enough samples that the bounds below say something.
  assert.ok(emitted.length >= COUNT / SAMPLE - 1, `only ${emitted.length} EMITTED samples`);
  assert.ok(written.length >= COUNT / SAMPLE - 1, `only ${written.length} WRITTEN samples`);

  written.sort((x, y) => x.time - y.time);
  let maxLag = 0;
  let cursor = 0;
  for (const e of [...emitted].sort((x, y) => x.time - y.time)) {
    while (cursor < written.length && (written[cursor] as Sample).time <= e.time) cursor++;
    const writtenSoFar = cursor === 0 ? 0 : (written[cursor - 1] as Sample).count;
    maxLag = Math.max(maxLag, e.count - writtenSoFar);
  }
  assert.ok(
    maxLag <= MAX_LAG,
    `the source ran ${maxLag} records ahead of the sink; flow control should hold it to ${MAX_LAG} (one source batch plus the credited buffers of one channel)`,
  );

  const maxRss = Math.max(...written.map((w) => w.rss), Number(done[2]));
  assert.ok(maxRss < MAX_RSS, `the process RSS reached ${Math.round(maxRss / 1024 / 1024)} MB (bound ${MAX_RSS / 1024 / 1024} MB)`);
  assert.ok(run.durationMs < 20_000, `the run took ${Math.round(run.durationMs)} ms`);
});
