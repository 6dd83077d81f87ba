/**
 * The jobs the dashboard browser tests run, one per `--mode`:
 *
 *   pipeline  a rate-limited generator → map → keyBy → sum → sink that runs until cancelled;
 *             the sink counts what it gets in the accumulator 'sums written'
 *   slow      an unthrottled generator into a sink in another slot that sleeps on every
 *             record, so the generator is backpressured (high) while the sink is busy
 *   fail      a map that throws on reading 17, for the exceptions tab
 *
 * Bundle it with `node scripts/bundle-job.mjs test/web/jobs/dashboard-job.ts out.mjs`.
 */
import { DataGeneratorSource, RateLimiterStrategy, StreamExecutionEnvironment, WatermarkStrategy, type RuntimeContext, type Sink } from 'weir';
import { argument } from '../../support/job-arguments.js';

interface Reading {
  readonly sensor: string;
  readonly value: number;
}

function discard<T>(): Sink<T> {
  return { createWriter: () => ({ write: () => {}, flush: () => {}, close: () => {} }) };
}

function countingDiscard<T>(): Sink<T> {
  return {
    createWriter: (ctx: RuntimeContext) => {
      const written = ctx.getIntCounter('sums written');
      return { write: () => written.add(1), flush: () => {}, close: () => {} };
    },
  };
}

/** Sleeps without spinning, so a slow sink does not take a core from the test machine. */
function sleepingSink<T>(ms: number): Sink<T> {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return { createWriter: () => ({ write: () => void Atomics.wait(cell, 0, 0, ms), flush: () => {}, close: () => {} }) };
}

const mode = argument('mode') ?? 'pipeline';
const env = StreamExecutionEnvironment.getExecutionEnvironment();

if (mode === 'pipeline') {
  env
    .fromSource(
      new DataGeneratorSource((i): Reading => ({ sensor: `sensor-${i % 8}`, value: i % 100 }), Infinity, RateLimiterStrategy.perSecond(Number(argument('rate') ?? 200))),
      WatermarkStrategy.noWatermarks(),
      'Sensor readings (rate-limited generator)',
    )
    .map((r) => ({ ...r, value: r.value * 2 }))
    .name('Double each reading')
    .keyBy((r) => r.sensor)
    .sum('value')
    .name('Running sum per sensor')
    .sinkTo(countingDiscard())
    .name('Discard');
  await env.execute(argument('name') ?? 'Dashboard pipeline');
} else if (mode === 'slow') {
  env
    .fromSource(new DataGeneratorSource((i) => ({ i, payload: 'x'.repeat(200) }), Infinity), WatermarkStrategy.noWatermarks(), 'Fast generator')
    .setParallelism(1)
    .rebalance()
    .sinkTo(sleepingSink(Number(argument('sleep-ms') ?? 20)))
    .name('Slow sink')
    .setParallelism(1)
    .slotSharingGroup('sink');
  await env.execute('Dashboard slow sink');
} else if (mode === 'fail') {
  env
    .fromSource(new DataGeneratorSource((i) => i, 1000, RateLimiterStrategy.perSecond(50)), WatermarkStrategy.noWatermarks(), 'Numbers')
    .setParallelism(1)
    .map((i) => {
      if (i === 17) throw new Error('reading 17 is out of range: sensors report 0 to 16');
      return i;
    })
    .name('Validate reading')
    .sinkTo(discard())
    .name('Discard');
  await env.execute('Dashboard failing job');
} else {
  throw new Error(`unknown --mode ${mode}: pipeline, slow or fail`);
}
