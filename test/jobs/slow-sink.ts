/**
 * A fast source into a slow sink in another slot, for test/runtime/backpressure.test.ts.
 *
 *   weir run test/jobs/slow-sink.ts [--count N] [--slow-every K] [--slow-ms MS]
 *
 * A DataGeneratorSource makes `count` records of about 1 KiB as fast as it can; they are
 * rebalanced to a sink in slot sharing group `sink` (so in another slot, over the
 * network stack) whose writer busy-waits `slow-ms` every `slow-every` records. The
 * generator prints `EMITTED index time` and the writer `WRITTEN count time rss` every
 * SAMPLE records, with times on one clock for all threads (performance.timeOrigin + now).
 */
import { DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy, type Sink, type SinkWriter } from 'weir';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const COUNT = argument('count', 300_000);
const SLOW_EVERY = argument('slow-every', 100);
const SLOW_MS = argument('slow-ms', 1);
const SAMPLE = 256;
const PAYLOAD = 'x'.repeat(1000);

interface Item {
  readonly i: number;
  readonly payload: string;
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

function generate(i: number): Item {
  if (i % SAMPLE === 0) console.log(`EMITTED ${i} ${now()}`);
  return { i, payload: PAYLOAD };
}

class SlowSink implements Sink<Item> {
  createWriter(): SinkWriter<Item> {
    let written = 0;
    let outOfOrder = 0;
    return {
      write(item) {
        if (item.i !== written) outOfOrder++;
        written++;
        if (written % SLOW_EVERY === 0) {
          const until = performance.now() + SLOW_MS;
          while (performance.now() < until) {
            // Busy-wait: a sink whose writes block its thread.
          }
        }
        if (written % SAMPLE === 0) console.log(`WRITTEN ${written} ${now()} ${process.memoryUsage().rss}`);
      },
      flush(endOfInput) {
        if (endOfInput) console.log(`DONE ${written} ${outOfOrder} ${process.memoryUsage().rss}`);
      },
      close() {},
    };
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSource(new DataGeneratorSource(generate, COUNT), WatermarkStrategy.noWatermarks(), 'fast generator')
  .setParallelism(1)
  .rebalance()
  .sinkTo(new SlowSink())
  .name('slow sink')
  .setParallelism(1)
  .slotSharingGroup('sink');
await env.execute('slow sink');
