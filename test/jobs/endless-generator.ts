/**
 * An unbounded DataGeneratorSource read with executeAndCollect(limit): the job must stop
 * after `limit` records (for test/runtime/failures.test.ts).
 *
 *   weir run test/jobs/endless-generator.ts --limit N
 */
import { DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy } from 'weir';

const index = process.argv.indexOf('--limit');
const limit = index >= 0 ? Number(process.argv[index + 1]) : 100;

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const records = await env
  .fromSource(new DataGeneratorSource((i) => ({ i }), Infinity), WatermarkStrategy.noWatermarks(), 'endless generator')
  .map((r) => r.i)
  .executeAndCollect(limit);
console.log(`COLLECTED ${JSON.stringify({ count: records.length, distinct: new Set(records).size })}`);
