/**
 * keyby-rolling-sum: Nexmark-like bids from a generator at parallelism 2 → keyBy(auction)
 * → rolling sum of price → counting sink, on two slots, against the default record
 * serializer's single-thread serialize+deserialize rate for the same bids in ~32 KiB
 * batches, in the same run (see serializerRoundTrip). Every Weir record crosses the keyed
 * edge once, so that rate is what one core could do if serialization were the only cost.
 *
 *   node dist/bench/benchmarks/keyby-rolling-sum.js [--records N] [--runs R] [--serializer-seconds S]
 *
 * Weir's rate is total records / (last sink's end of input − first record at any sink).
 * Weir runs and serializer measurements take turns, R of each, and each side's best
 * counts (other work on the machine only ever slows a run down); every run is printed
 * on stderr.
 */
import { createRecordSerializer } from '../../src/runtime/serialization/index.js';
import { bid, type Bid } from '../support/nexmark.js';
import { best, median, numberOption } from '../support/options.js';
import { millions, printResult, progress, readSinkReports, sig, withScratchDir } from '../support/report.js';
import { REPO_ROOT, runWeir } from '../support/weir-process.js';

const BENCH = 'keyby-rolling-sum';
const PARALLELISM = 2;
const BATCH_BYTES = 32 * 1024;
const records = numberOption('records', 4_000_000);
const runs = numberOption('runs', 3);
const serializerSeconds = numberOption('serializer-seconds', 1);

interface WeirRun {
  readonly perSecond: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly perSubtask: readonly number[];
}

async function weirOnce(): Promise<WeirRun> {
  return withScratchDir(async (dir) => {
    const out = `${dir}/sink`;
    const run = await runWeir([
      'run',
      '-p',
      String(PARALLELISM),
      '-D',
      `taskmanager.numberOfTaskSlots=${PARALLELISM}`,
      `${REPO_ROOT}/bench/jobs/keyby-rolling-sum.ts`,
      '--records',
      String(records),
      '--out',
      out,
    ]);
    const reports = readSinkReports(out, PARALLELISM);
    const total = reports.reduce((sum, r) => sum + r.count, 0);
    if (total !== records) throw new Error(`the sinks counted ${total} records, expected ${records}`);
    const first = Math.min(...reports.filter((r) => r.count > 0).map((r) => r.firstMs));
    const end = Math.max(...reports.map((r) => r.endMs));
    return {
      perSecond: (total / (end - first)) * 1000,
      wallMs: run.wallMs,
      cpuMs: run.cpuMs,
      peakRssMb: run.peakRssMb,
      perSubtask: reports.map((r) => r.count),
    };
  });
}

interface SerializerRate {
  /** Fresh bids, each serialized once: the work the job does. */
  readonly fresh: number;
  /** The same 64 batches over and over, as serializer-probe.ts measures. */
  readonly reused: number;
}

const writer = createRecordSerializer();
const reader = createRecordSerializer();
const recordsPerBatch = (() => {
  const sample = Array.from({ length: 2000 }, (_, i) => bid(i));
  return Math.max(1, Math.floor(BATCH_BYTES / (writer.serializeBatch(sample, sample.length).length / sample.length)));
})();
let nextBid = 0;
const freshBatch = (): Bid[] => Array.from({ length: recordsPerBatch }, () => bid(nextBid++));
const reusedBatches = Array.from({ length: 64 }, freshBatch);

/** Records/s of serialize + deserialize over `seconds`, timing only those two calls. */
function roundTripRate(seconds: number, batchFor: (round: number) => readonly Bid[]): number {
  const into: unknown[] = [];
  let busyMs = 0;
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  for (let round = 0; performance.now() < deadline; round++) {
    const batch = batchFor(round);
    const started = performance.now();
    reader.deserializeBatch(writer.serializeBatch(batch, batch.length), into);
    busyMs += performance.now() - started;
    count += batch.length;
  }
  return (count / busyMs) * 1000;
}

/**
 * The headline baseline is fresh bids (built outside the timed part, then serialized
 * once), as in the job. Reusing batches, as serializer-probe.ts does, is faster (the
 * strings are flattened and the objects old after the first pass) and no job gets it.
 */
function serializerRoundTrip(): SerializerRate {
  return {
    fresh: roundTripRate(serializerSeconds, freshBatch),
    reused: roundTripRate(serializerSeconds / 2, (round) => reusedBatches[round % reusedBatches.length] as Bid[]),
  };
}

roundTripRate(0.5, freshBatch); // warm-up
const weirRuns: WeirRun[] = [];
const serializerRuns: SerializerRate[] = [];
for (let r = 0; r < runs; r++) {
  const weir = await weirOnce();
  weirRuns.push(weir);
  const serializer = serializerRoundTrip();
  serializerRuns.push(serializer);
  progress(
    `run ${r + 1}/${runs}: weir ${millions(weir.perSecond)} (per subtask ${weir.perSubtask.join(' + ')} records; ` +
      `weir run ${Math.round(weir.wallMs)} ms, ${Math.round(weir.cpuMs)} ms CPU); serializer ${millions(serializer.fresh)} ` +
      `on fresh bids, ${millions(serializer.reused)} on reused batches (${recordsPerBatch} bids per batch)`,
  );
}

const weirRate = best(weirRuns.map((w) => w.perSecond));
const freshRate = best(serializerRuns.map((s) => s.fresh));
const reusedRate = best(serializerRuns.map((s) => s.reused));
printResult({
  bench: BENCH,
  records_per_s: sig(weirRate),
  baseline: 'serializer',
  ratio: sig(weirRate / freshRate),
  peak_rss_mb: sig(Math.max(...weirRuns.map((w) => w.peakRssMb))),
  baseline_records_per_s: sig(freshRate),
  baseline_reused_records_per_s: sig(reusedRate),
  ratio_vs_reused: sig(weirRate / reusedRate),
  records,
  parallelism: PARALLELISM,
  runs,
  statistic: 'best of runs',
  wall_ms: Math.round(median(weirRuns.map((w) => w.wallMs))),
  cpu_s: sig(median(weirRuns.map((w) => w.cpuMs)) / 1000),
});
