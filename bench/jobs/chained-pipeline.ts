/**
 * Benchmark job: generator → map → filter → sink at parallelism 1, all chained into one
 * task, so every record is a chain of synchronous calls inside one slot thread.
 *
 *   weir run bench/jobs/chained-pipeline.ts --records N --out PREFIX
 *
 * The sink writes its count and timing to `PREFIX.0.json` (see counting-sink.ts).
 */
import { DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy } from 'weir';
import { countingSink, jobArgument } from '../support/counting-sink.js';

const records = Number(jobArgument('records') ?? '300000000');
const out = jobArgument('out') ?? 'chained-pipeline';

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);

env
  .fromSource(new DataGeneratorSource((i) => i, records), WatermarkStrategy.noWatermarks(), 'generator')
  .map((x) => x * 2)
  .filter((x) => x % 3 === 0)
  .sinkTo(countingSink(out));

await env.execute('chained-pipeline');
