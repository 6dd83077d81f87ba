/**
 * keyby-shuffle-2tm: Nexmark-like bids (7 fields) at parallelism 2 → keyBy(auction) →
 * counting sink, on a real cluster: a JobManager and two TaskManager processes of one
 * slot each, so half of the records cross between the processes over TCP. Compared with
 * the record serializer's (createRecordSerializer) single-thread serialize+deserialize rate for the same bids
 * in ~32 KiB batches, measured in this run: every record is serialized and deserialized
 * once on the keyed edge, so that rate is what one core would do if serialization were
 * the only cost. Targets: ≥ 1.5 M records/s in total and ≥ 0.5 of the serializer.
 *
 *   node dist/bench/benchmarks/keyby-shuffle-2tm.js [--records N] [--runs R] [--serializer-seconds S]
 *
 * Weir's rate is total records / (last sink's end of input − first record at any sink),
 * from the sinks' own clocks (see counting-sink.ts); peak RSS is the larger TaskManager's.
 */
import { createRecordSerializer } from '../../src/runtime/serialization/index.js';
import { TestCluster, peakRssMb } from '../../test/support/cluster.js';
import { bid, type Bid } from '../support/nexmark.js';
import { median, numberOption } from '../support/options.js';
import { millions, printResult, progress, readSinkReports, sig, withScratchDir } from '../support/report.js';

const BENCH = 'keyby-shuffle-2tm';
const BATCH_BYTES = 32 * 1024;
const records = numberOption('records', 10_000_000);
const runs = numberOption('runs', 3);
const serializerSeconds = numberOption('serializer-seconds', 3);

interface Run {
  readonly perSecond: number;
  readonly perSubtask: readonly number[];
  readonly crossProcess: boolean;
}

async function once(cluster: TestCluster): Promise<Run> {
  return withScratchDir(async (dir) => {
    const out = `${dir}/sink`;
    const jobId = await cluster.submit('bench/jobs/keyby-shuffle.ts', ['--records', String(records), '--out', out]);
    await cluster.waitForRunning(jobId, 30_000);
    const placement = await cluster.taskManagersOf(jobId).catch(() => []);
    await cluster.waitForJobStatus(jobId, ['FINISHED'], 600_000);
    const reports = readSinkReports(out, 2);
    const total = reports.reduce((sum, r) => sum + r.count, 0);
    if (total !== records) throw new Error(`the sinks counted ${total} records, expected ${records}`);
    const first = Math.min(...reports.filter((r) => r.count > 0).map((r) => r.firstMs));
    const end = Math.max(...reports.map((r) => r.endMs));
    return { perSecond: (total / (end - first)) * 1000, perSubtask: reports.map((r) => r.count), crossProcess: placement.length === 2 };
  });
}

/** Serialize + deserialize of fresh bids in ~32 KiB batches on one thread (bids are built outside the timed part). */
function serializerRate(): number {
  const writer = createRecordSerializer();
  const reader = createRecordSerializer();
  const sample = Array.from({ length: 2000 }, (_, i) => bid(i));
  const perBatch = Math.max(1, Math.floor(BATCH_BYTES / (writer.serializeBatch(sample, sample.length).length / sample.length)));
  const into: unknown[] = [];
  let next = 0;
  const measure = (seconds: number): number => {
    let busyMs = 0;
    let count = 0;
    const deadline = performance.now() + seconds * 1000;
    while (performance.now() < deadline) {
      const batch: Bid[] = Array.from({ length: perBatch }, () => bid(next++));
      const started = performance.now();
      reader.deserializeBatch(writer.serializeBatch(batch, batch.length), into);
      busyMs += performance.now() - started;
      count += perBatch;
    }
    return (count / busyMs) * 1000;
  };
  measure(0.5);
  return measure(serializerSeconds);
}

const cluster = await TestCluster.start({ taskManagers: 2, slots: 1 });
const weirRuns: Run[] = [];
let tmPeakMb = NaN;
try {
  for (let r = 0; r < runs; r++) {
    const run = await once(cluster);
    weirRuns.push(run);
    progress(`run ${r + 1}/${runs}: ${millions(run.perSecond)} (per subtask ${run.perSubtask.join(' + ')}; on two TaskManagers: ${String(run.crossProcess)})`);
  }
  tmPeakMb = Math.max(...cluster.taskManagers.map((tm) => peakRssMb(tm.process.pid)));
} finally {
  await cluster.close();
}
const serializer = serializerRate();
progress(`serializer: ${millions(serializer)} serialize+deserialize of fresh bids`);

const weirRate = median(weirRuns.map((r) => r.perSecond));
printResult({
  bench: BENCH,
  records_per_s: sig(weirRate),
  baseline: 'record serializer serialize+deserialize, 1 thread',
  ratio: sig(weirRate / serializer),
  peak_rss_mb: sig(tmPeakMb),
  baseline_records_per_s: sig(serializer),
  target_records_per_s: 1_500_000,
  target_ratio: 0.5,
  records,
  runs,
  taskmanagers: 2,
  cross_process: weirRuns.every((r) => r.crossProcess),
});
