/**
 * Benchmark job: `--rate` records a second, each stamped with the wall-clock time of its
 * creation in the source, → keyBy → a sink that measures how old each record is when it
 * arrives. Parallelism 2, so on two TaskManagers half of the records cross between the
 * processes. The sink keeps a histogram (0.1 ms buckets up to 1 s) of the records after
 * the first `--warmup` seconds and writes it to `PREFIX.<subtask>.json` at the end.
 *
 *   bench/jobs/latency.ts --rate R --seconds S --warmup W --out PREFIX
 *
 * Times are `performance.timeOrigin + performance.now()`: wall-clock milliseconds with
 * sub-millisecond resolution, comparable across the processes of one machine.
 */
import { writeFileSync } from 'node:fs';
import { DataGeneratorSource, RateLimiterStrategy, StreamExecutionEnvironment, WatermarkStrategy, type RuntimeContext, type Sink, type SinkWriter } from 'weir';
import { jobArgument } from '../support/counting-sink.js';

const rate = Number(jobArgument('rate') ?? '10000');
const seconds = Number(jobArgument('seconds') ?? '20');
const warmupRecords = Number(jobArgument('warmup') ?? '3') * rate;
const out = jobArgument('out') ?? 'latency';

interface Stamped {
  readonly index: number;
  readonly key: number;
  readonly emittedMs: number;
  readonly payload: string;
}

const BUCKET_MS = 0.1;
const BUCKETS = 10_000;

function now(): number {
  return performance.timeOrigin + performance.now();
}

class LatencyWriter implements SinkWriter<Stamped> {
  private readonly histogram = new Array<number>(BUCKETS + 1).fill(0);
  private count = 0;
  private maxMs = 0;

  constructor(private readonly file: string) {}

  write(record: Stamped): void {
    if (record.index < warmupRecords) return;
    const ageMs = now() - record.emittedMs;
    this.count++;
    if (ageMs > this.maxMs) this.maxMs = ageMs;
    const bucket = Math.min(BUCKETS, Math.max(0, Math.floor(ageMs / BUCKET_MS)));
    this.histogram[bucket] = (this.histogram[bucket] ?? 0) + 1;
  }

  flush(): void {}

  close(): void {
    writeFileSync(this.file, JSON.stringify({ count: this.count, maxMs: this.maxMs, bucketMs: BUCKET_MS, histogram: this.histogram }));
  }
}

const latencySink: Sink<Stamped> = {
  createWriter: (ctx: RuntimeContext) => new LatencyWriter(`${out}.${ctx.indexOfThisSubtask}.json`),
};

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);

env
  .fromSource(
    new DataGeneratorSource<Stamped>(
      (index) => ({ index, key: index % 128, emittedMs: now(), payload: `record-${index}` }),
      rate * seconds,
      RateLimiterStrategy.perSecond(rate),
    ),
    WatermarkStrategy.noWatermarks(),
    'stamped records',
  )
  .keyBy((r) => r.key)
  .sinkTo(latencySink)
  .name('latency sink');

await env.execute('latency');
