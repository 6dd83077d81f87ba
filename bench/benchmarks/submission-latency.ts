/**
 * submission-latency: on a warm session cluster (a JobManager and one TaskManager process,
 * already registered, one earlier job run to warm them), how long a job takes from the
 * client's submission to RUNNING: from the moment the client starts the program's main
 * (the artifact is already built, as for a re-run) through `POST /jobs` until
 * `GET /jobs/:id` shows the job and every subtask RUNNING, polled every 5 ms. Each job
 * is cancelled and its slot freed before the next. Target: median < 300 ms.
 *
 *   node dist/bench/benchmarks/submission-latency.js [--submissions N]
 *
 * `ratio` is 300 ms / median (≥ 1 meets the target); records_per_s is submissions a
 * second at the median.
 */
import { TestCluster, peakRssMb, waitFor } from '../../test/support/cluster.js';
import { median, numberOption } from '../support/options.js';
import { printResult, progress, sig } from '../support/report.js';

const BENCH = 'submission-latency';
const TARGET_MS = 300;
const JOB = 'bench/jobs/idle-source.ts';
const submissions = numberOption('submissions', 10);

interface Submission {
  readonly toAcceptedMs: number;
  readonly toRunningMs: number;
}

async function submitOnce(cluster: TestCluster): Promise<Submission> {
  const started = performance.now();
  const jobId = await cluster.submit(JOB, []);
  const accepted = performance.now();
  await waitFor(
    `job ${jobId} to run`,
    30_000,
    async () => {
      const details = await cluster.rest.jobDetails(jobId);
      return details.state === 'RUNNING' && details.vertices.every((v) => v.status === 'RUNNING') ? true : undefined;
    },
    5,
  );
  const running = performance.now();
  await cluster.rest.cancelJob(jobId);
  await cluster.waitForJobStatus(jobId, ['CANCELED'], 30_000);
  await waitFor('the slot to be free', 30_000, async () => ((await cluster.rest.overview())['slots-available'] === 1 ? true : undefined), 10);
  return { toAcceptedMs: accepted - started, toRunningMs: running - started };
}

const cluster = await TestCluster.start({ taskManagers: 1, slots: 1 });
const measured: Submission[] = [];
let peakMb = NaN;
try {
  // Warm-up: builds the artifact once and lets the JobManager and TaskManager load their code.
  await submitOnce(cluster);
  for (let i = 0; i < submissions; i++) {
    const one = await submitOnce(cluster);
    measured.push(one);
    progress(`submission ${i + 1}/${submissions}: accepted after ${one.toAcceptedMs.toFixed(0)} ms, RUNNING after ${one.toRunningMs.toFixed(0)} ms`);
  }
  peakMb = Math.max(peakRssMb(cluster.jobManager?.pid ?? -1), ...cluster.taskManagers.map((tm) => peakRssMb(tm.process.pid)));
} finally {
  await cluster.close();
}

const toRunning = median(measured.map((m) => m.toRunningMs));
printResult({
  bench: BENCH,
  records_per_s: sig(1000 / toRunning),
  records_are: 'submissions',
  baseline: `target ${TARGET_MS} ms`,
  ratio: sig(TARGET_MS / toRunning),
  ratio_is: 'target_ms / median_ms',
  peak_rss_mb: sig(peakMb),
  median_ms: sig(toRunning),
  max_ms: sig(Math.max(...measured.map((m) => m.toRunningMs))),
  median_accepted_ms: sig(median(measured.map((m) => m.toAcceptedMs))),
  submissions,
});
