/**
 * A job whose checkpoints cannot finish quickly: a fast source feeds, over a network
 * edge, a map that takes 50 ms per record, so thousands of records queue in the
 * buffers in front of it and every checkpoint barrier waits behind them.
 *
 *   --checkpoint MS   checkpoint interval (default 300)
 */
import { DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy, type Sink } from 'weir';
import { argument } from '../../support/job-arguments.js';

function discard<T>(): Sink<T> {
  return { createWriter: () => ({ write: () => {}, flush: () => {}, close: () => {} }) };
}

const pause = new Int32Array(new SharedArrayBuffer(4));

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
env.enableCheckpointing(Number(argument('checkpoint') ?? 300));
env
  .fromSource(new DataGeneratorSource((i) => i, Infinity), WatermarkStrategy.noWatermarks(), 'fast source')
  .uid('fast-source')
  .rebalance()
  .map((i) => {
    // A blocking wait, as slow user code would be: the task cannot take the barrier meanwhile.
    Atomics.wait(pause, 0, 0, 50);
    return i;
  })
  .name('slow map')
  .uid('slow-map')
  .sinkTo(discard())
  .name('discard');

await env.execute('slow checkpoints');
