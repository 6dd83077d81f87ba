/**
 * Benchmark job: the smallest job that stays running — a generator of one record a
 * second → discard — for measuring how long a submission takes to reach RUNNING.
 */
import { DataGeneratorSource, RateLimiterStrategy, StreamExecutionEnvironment, WatermarkStrategy, type Sink } from 'weir';

function discard<T>(): Sink<T> {
  return { createWriter: () => ({ write: () => {}, flush: () => {}, close: () => {} }) };
}

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
env
  .fromSource(new DataGeneratorSource((i) => i, Infinity, RateLimiterStrategy.perSecond(1)), WatermarkStrategy.noWatermarks(), 'ticks')
  .sinkTo(discard())
  .name('discard');

await env.execute('idle source');
