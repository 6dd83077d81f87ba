/**
 * Benchmark job: Nexmark-like bids (7 fields) from a generator at parallelism 2 →
 * keyBy(auction) → counting sink at parallelism 2. On two TaskManagers of one slot each,
 * half of the records cross the keyed edge between the two processes over TCP, the
 * other half go to the sink in their own slot; every record is serialized into a
 * network buffer either way.
 *
 *   bench/jobs/keyby-shuffle.ts --records N --out PREFIX
 *
 * Each sink subtask writes its count and timing to `PREFIX.<subtask>.json`.
 */
import { DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy } from 'weir';
import { countingSink, jobArgument } from '../support/counting-sink.js';
import { bid, type Bid } from '../support/nexmark.js';

const records = Number(jobArgument('records') ?? '10000000');
const out = jobArgument('out') ?? 'keyby-shuffle';

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);

env
  .fromSource(new DataGeneratorSource<Bid>(bid, records), WatermarkStrategy.noWatermarks(), 'bids')
  .keyBy((b) => b.auction)
  .sinkTo(countingSink(out))
  .name('counting sink');

await env.execute('keyby-shuffle');
