/**
 * Prints the job arguments the program sees, in the client and in a slot, and its
 * parallelism (for test/cli/run.test.ts).
 */
import { StreamExecutionEnvironment } from 'weir';

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const inSlot = await env
  .fromElements(0)
  .map(() => process.argv.slice(2))
  .executeAndCollect();
console.log(`ARGS ${JSON.stringify({ client: process.argv.slice(2), slot: inSlot[0], parallelism: env.getParallelism() })}`);
