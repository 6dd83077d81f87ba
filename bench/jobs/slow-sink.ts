/**
 * Benchmark job: an unbounded generator of ~1 KiB records at full speed → rebalance → a
 * sink that sleeps 1 ms per record, in a slot sharing group of its own so that, on two
 * TaskManagers of one slot each, source and sink run in different processes. Only
 * credit-based flow control keeps the records the sink cannot take from piling up.
 *
 *   bench/jobs/slow-sink.ts --out PREFIX
 *
 * The sink writes its count to `PREFIX.0.json` when the job is cancelled.
 */
import { DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy } from 'weir';
import { countingSink, jobArgument } from '../support/counting-sink.js';

const out = jobArgument('out') ?? 'slow-sink';
const pad = 'x'.repeat(1000);
const pause = new Int32Array(new SharedArrayBuffer(4));

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);

env
  .fromSource(new DataGeneratorSource((i) => ({ i, pad: `${i}${pad}` }), Infinity), WatermarkStrategy.noWatermarks(), 'fast source')
  .rebalance()
  .map((record) => {
    // A blocking sleep, as a sink waiting on a slow external system would.
    Atomics.wait(pause, 0, 0, 1);
    return record;
  })
  .name('sleeping writer')
  .slotSharingGroup('sink')
  .sinkTo(countingSink(out))
  .name('counting sink')
  .slotSharingGroup('sink');

await env.execute('bounded-memory');
