/**
 * A job that needs more slots than a two-slot cluster has, for test/runtime/failures.test.ts.
 *
 *   weir run test/jobs/slot-hungry.ts [--groups two]
 *
 * One group: everything at parallelism 3 in `default` (3 slots). Two groups: as one,
 * plus a map and its print sink at parallelism 2 in slot sharing group `side` (3 + 2 = 5 slots).
 */
import { StreamExecutionEnvironment } from 'weir';

const twoGroups = process.argv.includes('two');

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env.setParallelism(3);
const stream = env.fromSequence(1, 10).map((x) => x + 1);
if (twoGroups) {
  // The print sink would inherit group `side` at parallelism 3; pin it to 2 so the group needs 2.
  stream.map((x) => x * 2).setParallelism(2).slotSharingGroup('side').print().setParallelism(2);
} else {
  stream.print();
}
await env.execute('slot hungry');
