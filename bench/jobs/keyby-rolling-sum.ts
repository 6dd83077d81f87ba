/**
 * Benchmark job: Nexmark-like bids from a parallel generator → keyBy(auction) → rolling
 * sum of price → counting sink. At parallelism 2 every record crosses a keyed network
 * edge: serialized into a network buffer in one slot, deserialized in a slot.
 *
 *   weir run -p 2 bench/jobs/keyby-rolling-sum.ts --records N --out PREFIX
 *
 * Each sink subtask writes its count and timing to `PREFIX.<subtask>.json`.
 */
import { DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy } from 'weir';
import { countingSink, jobArgument } from '../support/counting-sink.js';
import { bid, type Bid } from '../support/nexmark.js';

const records = Number(jobArgument('records') ?? '20000000');
const out = jobArgument('out') ?? 'keyby-rolling-sum';

const env = StreamExecutionEnvironment.getExecutionEnvironment();

env
  .fromSource(new DataGeneratorSource<Bid>(bid, records), WatermarkStrategy.noWatermarks(), 'bids')
  .keyBy((b) => b.auction)
  .sum('price')
  .sinkTo(countingSink(out));

await env.execute('keyby-rolling-sum');
