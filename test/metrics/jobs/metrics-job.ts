/**
 * The jobs of the metric tests, one per `--mode`:
 *
 *   count   a rate-limited endless generator, a filter that lets exactly `--records` through
 *           (chained to the source), rebalanced to a map at parallelism 2 with user metrics,
 *           chained to a sink: the job keeps running with known totals
 *   finish  a bounded source of `--records` numbers, rebalanced to the same map and sink
 *   slow    a fast endless generator rebalanced to a sink in another slot that busy-waits
 *           on every record: the generator is backpressured
 *   busy    a rate-limited endless generator rebalanced to a map at parallelism 2 that
 *           spends ~0.1 ms of CPU on each record in `burnCpuForFlameGraph`
 *   stuck   a map that never returns from `spinForever`, as a user function stuck in a loop
 */
import { DataGeneratorSource, RateLimiterStrategy, StreamExecutionEnvironment, WatermarkStrategy, type RuntimeContext, type Sink } from 'weir';
import { argument } from '../../support/job-arguments.js';

type MetricGroup = ReturnType<RuntimeContext['getMetricGroup']>;

const mode = argument('mode') ?? 'count';
const records = Number(argument('records') ?? '1000');

function discard<T>(): Sink<T> {
  return { createWriter: () => ({ write: () => {}, flush: () => {}, close: () => {} }) };
}

class CountingMap {
  private seen: ReturnType<MetricGroup['counter']> | undefined;
  private rate: ReturnType<MetricGroup['meter']> | undefined;
  private sizes: ReturnType<MetricGroup['histogram']> | undefined;
  private last = 0;

  open(ctx: RuntimeContext): void {
    const group = ctx.getMetricGroup();
    this.seen = group.counter('seen');
    this.rate = group.meter('seenPerSecond');
    this.sizes = group.addGroup('values').histogram('size', 100);
    group.gauge('lastValue', () => this.last);
  }

  map(value: number): number {
    this.seen?.inc();
    this.rate?.markEvent();
    this.sizes?.update(value % 10);
    this.last = value;
    return value;
  }
}

/** A named hot spot for the flame graph test to find. */
function burnCpuForFlameGraph(value: number): number {
  const until = performance.now() + 0.1;
  let x = value;
  while (performance.now() < until) x = Math.sqrt(x + 1);
  return value + (x > 0 ? 0 : 1);
}

/** Never returns: a thread dump must still show where the slot thread is. */
function spinForever(value: number): number {
  for (;;) if (Math.random() > 2) return value;
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
switch (mode) {
  case 'count':
  case 'finish': {
    const source =
      mode === 'count'
        ? env
            .fromSource(new DataGeneratorSource((i) => i, Infinity, RateLimiterStrategy.perSecond(20_000)), WatermarkStrategy.noWatermarks(), 'generator')
            .setParallelism(1)
            .filter((i) => i < records)
            .name('first records')
            .setParallelism(1)
        : env.fromSequence(0, records - 1).setParallelism(1);
    source.rebalance().map(new CountingMap()).name('counting map').setParallelism(2).sinkTo(discard()).name('discard').setParallelism(2);
    await env.execute(`metrics ${mode} job`);
    break;
  }
  case 'slow': {
    env
      .fromSource(new DataGeneratorSource((i) => ({ i, payload: 'x'.repeat(200) }), Infinity), WatermarkStrategy.noWatermarks(), 'fast generator')
      .setParallelism(1)
      .rebalance()
      .sinkTo({
        createWriter: () => ({
          write: () => {
            const until = performance.now() + 1;
            while (performance.now() < until) {
              // The sink is slow on purpose: one millisecond per record.
            }
          },
          flush: () => {},
          close: () => {},
        }),
      })
      .name('slow sink')
      .setParallelism(1)
      .slotSharingGroup('sink');
    await env.execute('metrics slow job');
    break;
  }
  case 'stuck':
    env.fromSequence(0, 9).setParallelism(1).map(spinForever).name('stuck map').setParallelism(1).sinkTo(discard()).setParallelism(1);
    await env.execute('metrics stuck job');
    break;
  case 'busy': {
    env
      .fromSource(new DataGeneratorSource((i) => i, Infinity, RateLimiterStrategy.perSecond(2_000)), WatermarkStrategy.noWatermarks(), 'generator')
      .setParallelism(1)
      .rebalance()
      .map(burnCpuForFlameGraph)
      .name('busy map')
      .setParallelism(2)
      .sinkTo(discard())
      .setParallelism(2);
    await env.execute('metrics busy job');
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
