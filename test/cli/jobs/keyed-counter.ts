/**
 * A checkpointed job for the CLI and checkpoint route tests: an unbounded, rate-limited
 * generator keyed into a few keys, a count per key in keyed state, and a sink that
 * appends `key count` lines to a file. A run resumed from a savepoint continues each
 * key's count, which the tests read from that file.
 *
 *   weir run test/cli/jobs/keyed-counter.ts --out FILE [--rate N] [--keys K] [--name NAME]
 *       [--interval MS]       checkpoint interval; 0 leaves checkpointing off (default 300)
 *       [--cancel-after N]    the main cancels the job itself once FILE has N lines
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import {
  DataGeneratorSource,
  KeyedProcessFunction,
  RateLimiterStrategy,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  WatermarkStrategy,
  type Collector,
  type KeyedProcessContext,
  type RuntimeContext,
  type ValueState,
} from 'weir';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const out = argument('out', '');
if (out === '') throw new Error('keyed-counter needs --out FILE');
const rate = Number(argument('rate', '40'));
const keys = Number(argument('keys', '4'));
const interval = Number(argument('interval', '300'));
const cancelAfter = Number(argument('cancel-after', '0'));

class CountPerKey extends KeyedProcessFunction<string, number, string> {
  private count: ValueState<number> | undefined;

  override open(ctx: RuntimeContext): void {
    this.count = ctx.getState(new ValueStateDescriptor<number>('count'));
  }

  processElement(_value: number, ctx: KeyedProcessContext<string>, collector: Collector<string>): void {
    const state = this.count as ValueState<number>;
    const next = (state.value() ?? 0) + 1;
    state.update(next);
    collector.collect(`${ctx.getCurrentKey()} ${next}`);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
if (interval > 0) env.enableCheckpointing(interval);
env
  .fromSource(new DataGeneratorSource((i) => i, Infinity, RateLimiterStrategy.perSecond(rate)), WatermarkStrategy.noWatermarks(), 'ticks')
  .uid('ticks')
  .keyBy((i) => `k${i % keys}`)
  .process(new CountPerKey())
  .uid('count-per-key')
  .name('count per key')
  .sinkTo({ createWriter: () => ({ write: (line: string) => appendFileSync(out, `${line}\n`), flush: () => {}, close: () => {} }) })
  .name('append to file');
const name = argument('name', 'keyed counter');
if (cancelAfter > 0) {
  // Only the client gets here: in a slot, executeAsync never returns.
  const client = await env.executeAsync(name);
  const lines = (): number => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').length - 1 : 0);
  const deadline = Date.now() + 30_000;
  while (lines() < cancelAfter && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await client.cancel();
  console.log(`CANCELLED AFTER ${lines()} LINES`);
} else {
  await env.execute(name);
}
