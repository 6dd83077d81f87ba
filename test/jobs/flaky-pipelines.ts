/**
 * Two independent parallel pipelines (forward edges only: two failover regions). Subtask 0
 * fails once, on its first attempt; prints which subtask attempts produced records.
 */
import { DataGeneratorSource, RateLimiterStrategy, StreamExecutionEnvironment, WatermarkStrategy, type RuntimeContext } from 'weir';
const env = StreamExecutionEnvironment.getExecutionEnvironment();
env.setParallelism(2);
let ctx: RuntimeContext | undefined;
// Rate-limited so each reader takes one split at start instead of one reader draining both.
const source = new DataGeneratorSource((i) => i, 20_000, RateLimiterStrategy.perSecond(10_000));
const out = await env.fromSource(source, WatermarkStrategy.noWatermarks(), 'numbers').map({
  open(c: RuntimeContext) { ctx = c; },
  map(x: number) {
    if (ctx?.indexOfThisSubtask === 0 && ctx.attemptNumber === 0 && (x === 2000 || x === 12_000)) throw new Error('flaky');
    return [ctx?.indexOfThisSubtask, ctx?.attemptNumber, x];
  },
}).executeAndCollect();
const attempts = new Set(out.map((r) => `${r[0]}@${r[1]}`));
console.log(JSON.stringify({ n: out.length, attempts: [...attempts].sort() }));
