/**
 * A job whose user map throws at one record, for test/runtime/failures.test.ts.
 *
 *   weir run test/jobs/throwing-job.ts [--at N]
 */
import { StreamExecutionEnvironment } from 'weir';

const index = process.argv.indexOf('--at');
const failAt = index >= 0 ? Number(process.argv[index + 1]) : 42;

function checkRecord(x: number): number {
  if (x === failAt) throw new Error(`record ${x} is cursed`);
  return x * 2;
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, 100)
  .map((x) => checkRecord(x))
  .name('cursed map')
  .print();
await env.execute('throwing job');
