/**
 * Accumulators for test/runtime/accumulators.test.ts, one job per `--case`:
 *
 *   totals     the numbers 0..records-1 rebalanced to a map at the run's parallelism that
 *              adds them to one accumulator of each kind; prints `RESULTS {json}` with the
 *              merged results from execute()
 *   conflict   two operators in different tasks register 'n' as an IntCounter and as a
 *              DoubleCounter; prints `CONFLICT <message>` from getAccumulatorResult('n')
 *   duplicate  a function adds the accumulator 'twice' twice: the job fails
 *   live       an endless rate-limited generator whose first `--records` numbers reach a
 *              map counting them in 'seen': the job keeps running with a known total
 */
import {
  AverageAccumulator,
  DataGeneratorSource,
  DoubleMaximum,
  IntCounter,
  IntMinimum,
  ListAccumulator,
  RateLimiterStrategy,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  type RuntimeContext,
  type Sink,
} from 'weir';
import { argument } from '../support/job-arguments.js';

const which = argument('case') ?? 'totals';
const records = Number(argument('records') ?? '1000');

function discard<T>(): Sink<T> {
  return { createWriter: () => ({ write: () => {}, flush: () => {}, close: () => {} }) };
}

class EveryKind {
  private ctx: RuntimeContext | undefined;
  private readonly smallest = new IntMinimum();
  private readonly largest = new DoubleMaximum();
  private readonly mean = new AverageAccumulator();
  private readonly tens = new ListAccumulator<number>();

  open(ctx: RuntimeContext): void {
    this.ctx = ctx;
    ctx.addAccumulator('smallest', this.smallest);
    ctx.addAccumulator('largest', this.largest);
    ctx.addAccumulator('mean', this.mean);
    ctx.addAccumulator('tens', this.tens);
  }

  map(value: number): number {
    const ctx = this.ctx as RuntimeContext;
    ctx.getIntCounter('count').add(1);
    ctx.getLongCounter('sum').add(value);
    ctx.getDoubleCounter('halves').add(value / 2);
    ctx.getHistogram('last digit').add(value % 10);
    this.smallest.add(value);
    this.largest.add(value);
    this.mean.add(value);
    if (value % 10 === 0) this.tens.add(value);
    return value;
  }
}

class CountingMap {
  private seen: IntCounter | undefined;
  open(ctx: RuntimeContext): void {
    this.seen = ctx.getIntCounter('seen');
  }
  map(value: number): number {
    this.seen?.add(1);
    return value;
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
switch (which) {
  case 'totals': {
    env.fromSequence(0, records - 1).setParallelism(1).rebalance().map(new EveryKind()).name('every kind').sinkTo(discard());
    const result = await env.execute('accumulator totals');
    const all = result.getAllAccumulatorResults();
    const histogram = all['last digit'] as Map<number, number>;
    const tens = (all['tens'] as number[]).slice().sort((a, b) => a - b);
    console.log(`RESULTS ${JSON.stringify({ ...all, 'last digit': [...histogram], tens, missing: result.getAccumulatorResult('missing') ?? null })}`);
    break;
  }
  case 'conflict': {
    env
      .fromSequence(1, 10)
      .setParallelism(1)
      .map({ open: (ctx: RuntimeContext) => ctx.getIntCounter('n').add(1), map: (v: number) => v })
      .name('as int')
      .setParallelism(1)
      .rebalance()
      .map({ open: (ctx: RuntimeContext) => ctx.getDoubleCounter('n').add(0.5), map: (v: number) => v })
      .name('as double')
      .setParallelism(1)
      .sinkTo(discard());
    const result = await env.execute('accumulator conflict');
    try {
      result.getAccumulatorResult('n');
      console.log('CONFLICT none');
    } catch (error) {
      console.log(`CONFLICT ${(error as Error).message}`);
    }
    break;
  }
  case 'duplicate':
    env
      .fromSequence(1, 10)
      .map({
        open: (ctx: RuntimeContext) => {
          ctx.addAccumulator('twice', new ListAccumulator<number>());
          ctx.addAccumulator('twice', new ListAccumulator<number>());
        },
        map: (v: number) => v,
      })
      .name('adds twice')
      .sinkTo(discard());
    await env.execute('accumulator duplicate');
    break;
  case 'live':
    env
      .fromSource(new DataGeneratorSource((i) => i, Infinity, RateLimiterStrategy.perSecond(20_000)), WatermarkStrategy.noWatermarks(), 'generator')
      .setParallelism(1)
      .filter((i) => i < records)
      .name('first records')
      .setParallelism(1)
      .rebalance()
      .map(new CountingMap())
      .name('counting map')
      .setParallelism(2)
      .sinkTo(discard());
    await env.execute('accumulator live');
    break;
  default:
    throw new Error(`unknown --case ${which}`);
}
