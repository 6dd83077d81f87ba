/**
 * Submits a failing job with executeAsync and never reads its result: `weir run` must
 * still report the failure and exit non-zero.
 *
 *   weir run test/cli/jobs/async-failing.ts
 */
import { StreamExecutionEnvironment, type Sink } from 'weir';

const discard: Sink<number> = { createWriter: () => ({ write: () => {}, flush: () => {}, close: () => {} }) };

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, 30)
  .map((x) => {
    if (x === 7) throw new Error('async failing job: seven is not allowed');
    return x;
  })
  .name('picky map')
  .sinkTo(discard);
const client = await env.executeAsync('async failing job');
console.log(`SUBMITTED ${client.jobId} AND WALKED AWAY`);
