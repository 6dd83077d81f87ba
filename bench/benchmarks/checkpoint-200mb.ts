/**
 * checkpoint-200mb: one checkpoint of ~200 MB of keyed heap state (200 000 keys × a
 * 1000-byte string) on a TaskManager process, triggered over REST
 * (`POST /jobs/:id/checkpoints`) while the job keeps processing 50 000 records a second.
 * Measured: the checkpoint's duration (from the state function's synchronous snapshot to
 * the completion notice it gets) and its size on disk, hence MB/s; against a plain
 * write of the same number of bytes (1 MiB writes, then fsync, as the state files are
 * written) into the same directory, in the same run. Target: ≥ 0.5 of the plain write.
 *
 * It also shows that processing goes on while the snapshot is written: the function
 * counts the records it processes in each 10 ms after its snapshot started;
 * `records_during_first_half` are those of the checkpoint's first half, when the state
 * files are being written (a snapshot that blocked the task would leave it at 0).
 *
 *   node dist/bench/benchmarks/checkpoint-200mb.js [--keys K] [--value-bytes B]
 *
 * records_per_s is the checkpoint's state bytes per second / value-bytes: keyed entries
 * a second written.
 */
import { open, readdir, rm, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster, peakRssMb, scratchDir, waitFor } from '../../test/support/cluster.js';
import { numberOption } from '../support/options.js';
import { printResult, progress, sig } from '../support/report.js';

const BENCH = 'checkpoint-200mb';
const keys = numberOption('keys', 200_000);
const valueBytes = numberOption('value-bytes', 1000);
const RATE = 50_000;
const MB = 1024 * 1024;

interface CheckpointProbe {
  readonly checkpointId: number;
  readonly snapshotAt: number;
  readonly completedAt: number;
  readonly processedDuring: number;
  readonly sliceMs: number;
  readonly slices: readonly number[];
}

async function directoryBytes(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    total += entry.isDirectory() ? await directoryBytes(full) : (await stat(full)).size;
  }
  return total;
}

/** Writes `bytes` bytes in 1 MiB writes and fsyncs, as the state files are written; ms taken. */
async function plainWrite(directory: string, bytes: number): Promise<number> {
  const chunk = Buffer.alloc(MB, 97);
  const file = join(directory, 'plain-write.bin');
  const started = performance.now();
  const handle = await open(file, 'w');
  try {
    for (let written = 0; written < bytes; written += chunk.length) await handle.write(chunk, 0, Math.min(chunk.length, bytes - written));
    await handle.sync();
  } finally {
    await handle.close();
  }
  const ms = performance.now() - started;
  await rm(file, { force: true });
  return ms;
}

const work = scratchDir('bench-200mb');
const checkpoints = join(work, 'checkpoints');
const heap = `${Math.max(2048, Math.ceil((keys * valueBytes * 6) / MB))}m`;
const cluster = await TestCluster.start({
  taskManagers: 1,
  slots: 1,
  config: {
    'execution.checkpointing.dir': checkpoints,
    'taskmanager.memory.task.heap.size': heap,
    'execution.checkpointing.timeout': '10min',
    // The job's records are a few bytes each, so at 50 000/s a network buffer never fills
    // and travels only at the buffer timeout: with the default 100 ms the function got its
    // records in bursts 100 ms apart, and the probe could not tell a task blocked by the
    // snapshot from one waiting for the next burst.
    'execution.buffer-timeout.interval': '5ms',
  },
});
interface SubtaskDetails {
  readonly subtasks: readonly { readonly checkpoint?: { readonly sync: number; readonly async: number } }[];
}
let result: { probe: CheckpointProbe; bytes: number; restDurationMs: number; syncMs: number; asyncMs: number; tmPeakMb: number };
try {
  const out = join(work, 'probe');
  const jobId = await cluster.submit('bench/jobs/big-state.ts', [
    ...['--keys', String(keys), '--value-bytes', String(valueBytes), '--rate', String(RATE), '--out', out],
  ]);
  await cluster.waitForRunning(jobId, 30_000);
  await waitFor('the state to be built', 120_000 + (keys / RATE) * 1000, () => (existsSync(`${out}.built.json`) ? true : undefined), 200);
  progress(`${keys} keys × ${valueBytes} bytes of state built; triggering a checkpoint`);
  const trigger = await cluster.restCall<{ 'request-id': string }>('POST', `/jobs/${jobId}/checkpoints`, {});
  const checkpointId = await waitFor(
    'the checkpoint to complete',
    300_000,
    async () => {
      const status = await cluster.restCall<{ status: { id: string }; operation?: { checkpointId?: number; failureCause?: unknown } }>(
        'GET',
        `/jobs/${jobId}/checkpoints/${trigger['request-id']}`,
      );
      if (status.status.id !== 'COMPLETED') return undefined;
      if (status.operation?.checkpointId === undefined) throw new Error(`the checkpoint failed: ${JSON.stringify(status.operation)}`);
      return status.operation.checkpointId;
    },
    100,
  );
  const location = join(checkpoints, jobId, `chk-${checkpointId}`);
  const bytes = await directoryBytes(location);
  await waitFor('the state function to report the checkpoint', 30_000, () => (existsSync(`${out}.checkpoint.json`) ? true : undefined), 100);
  const probe = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8')) as CheckpointProbe;
  const stats = await cluster.checkpointStatistics(jobId);
  const restDurationMs = stats.history.find((h) => h.id === checkpointId)?.end_to_end_duration ?? NaN;
  // The state function's task: its synchronous (copy-on-write) and asynchronous (serialize + write) phases.
  const vertex = (await cluster.rest.jobDetails(jobId)).vertices.find((v) => v.name.includes('state builder'));
  const details = await cluster
    .restCall<SubtaskDetails>('GET', `/jobs/${jobId}/checkpoints/details/${checkpointId}/subtasks/${vertex?.id ?? ''}`)
    .catch(() => undefined);
  const phases = details?.subtasks[0]?.checkpoint;
  const tmPeakMb = Math.max(...cluster.taskManagers.map((tm) => peakRssMb(tm.process.pid)));
  await cluster.rest.cancelJob(jobId);
  result = { probe, bytes, restDurationMs, syncMs: phases?.sync ?? NaN, asyncMs: phases?.async ?? NaN, tmPeakMb };
} catch (error) {
  await rm(work, { recursive: true, force: true });
  throw error;
} finally {
  await cluster.close();
}

const { probe, bytes } = result;
const durationMs = probe.completedAt - probe.snapshotAt;
let plainMs: number;
try {
  plainMs = await plainWrite(work, bytes);
} finally {
  await rm(work, { recursive: true, force: true });
}
const weirMbPerS = bytes / MB / (durationMs / 1000);
const plainMbPerS = bytes / MB / (plainMs / 1000);
const halfSlices = Math.ceil(durationMs / 2 / probe.sliceMs);
const firstHalf = probe.slices.slice(0, halfSlices).reduce((sum, n) => sum + n, 0);
const firstRecordMs = probe.slices.findIndex((n) => n > 0) * probe.sliceMs;
progress(
  `checkpoint ${probe.checkpointId}: ${(bytes / MB).toFixed(0)} MB in ${durationMs.toFixed(0)} ms (REST end-to-end ${result.restDurationMs} ms, sync ${result.syncMs} ms, async ${result.asyncMs} ms) = ${weirMbPerS.toFixed(0)} MB/s; ` +
    `plain write ${plainMs.toFixed(0)} ms = ${plainMbPerS.toFixed(0)} MB/s; ${probe.processedDuring} records processed meanwhile, ${firstHalf} in the first half, the first ${firstRecordMs} ms after the snapshot`,
);

printResult({
  bench: BENCH,
  records_per_s: sig(bytes / valueBytes / (durationMs / 1000)),
  records_are: 'state entries written',
  baseline: 'plain 1 MiB writes + fsync of the same bytes',
  ratio: sig(weirMbPerS / plainMbPerS),
  peak_rss_mb: sig(result.tmPeakMb),
  state_mb: sig(bytes / MB),
  checkpoint_ms: Math.round(durationMs),
  rest_end_to_end_ms: result.restDurationMs,
  sync_ms: result.syncMs,
  async_ms: result.asyncMs,
  mb_per_s: sig(weirMbPerS),
  baseline_mb_per_s: sig(plainMbPerS),
  baseline_ms: Math.round(plainMs),
  records_during_checkpoint: probe.processedDuring,
  records_during_first_half: firstHalf,
  first_record_after_snapshot_ms: firstRecordMs,
  target_ratio: 0.5,
});
