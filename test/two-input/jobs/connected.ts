/** Connected-stream cases at the parallelism given by -p: prints RESULT {case: records}. */
import {
  CoProcessFunction,
  KeyedCoProcessFunction,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  type Collector,
  type KeyedCoProcessContext,
  type ProcessContext,
  type RuntimeContext,
  type ValueState,
} from 'weir';

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const numbers = () => env.fromSequence(1, 200);
const words = () => env.fromData(Array.from({ length: 60 }, (_, i) => `w${i % 20}`));

const coMap = await numbers()
  .connect(words())
  .map({ map1: (n: number) => `n:${n}`, map2: (w: string) => `w:${w}` })
  .executeAndCollect();

const coFlatMap = await numbers()
  .connect(words())
  .flatMap({
    flatMap1: (n: number, out: Collector<string>) => {
      if (n % 50 === 0) out.collect(`n:${n}`);
    },
    flatMap2: (w: string, out: Collector<string>) => {
      out.collect(w);
      out.collect(w.toUpperCase());
    },
  })
  .executeAndCollect();

class Tagging extends CoProcessFunction<number, string, string> {
  processElement1(n: number, _ctx: ProcessContext, out: Collector<string>): void {
    if (n % 100 === 0) out.collect(`first ${n}`);
  }

  processElement2(w: string, _ctx: ProcessContext, out: Collector<string>): void {
    if (w === 'w0') out.collect(`second ${w}`);
  }
}
const coProcess = await numbers().connect(words()).process(new Tagging()).executeAndCollect();

/** Per key (n % 20 matched to word index): counts numbers, and reports the count when the key's word arrives. */
class CountUntilWord extends KeyedCoProcessFunction<number, number, string, string> {
  private count!: ValueState<number>;

  override open(ctx: RuntimeContext): void {
    this.count = ctx.getState(new ValueStateDescriptor<number>('count'));
  }

  processElement1(_n: number, _ctx: KeyedCoProcessContext<number>, _out: Collector<string>): void {
    this.count.update((this.count.value() ?? 0) + 1);
  }

  processElement2(_w: string, ctx: KeyedCoProcessContext<number>, _out: Collector<string>): void {
    // Report once input 1 is surely over: at end of input the MAX watermark fires this timer.
    ctx.timerService().registerEventTimeTimer(1);
  }

  override onTimer(_timestamp: number, ctx: KeyedCoProcessContext<number>, out: Collector<string>): void {
    out.collect(`key ${String(ctx.getCurrentKey())} saw ${this.count.value() ?? 0}`);
  }
}
const keyedCoProcess = await numbers()
  .connect(words())
  .keyBy((n: number) => n % 20, (w: string) => Number(w.slice(1)))
  .process(new CountUntilWord())
  .executeAndCollect();

console.log(`RESULT ${JSON.stringify({ coMap, coFlatMap, coProcess, keyedCoProcess })}`);
