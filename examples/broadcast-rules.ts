/**
 * The broadcast state pattern: a small stream of alert rules (a threshold per sensor
 * type) is broadcast to every parallel instance; readings, keyed by sensor, are checked
 * against the rules that arrived so far.
 *
 *   weir run -p 2 examples/broadcast-rules.ts
 *
 * Prints `ALERT <sensor> <value> > <threshold>` lines, sorted.
 */
import {
  KeyedBroadcastProcessFunction,
  ListStateDescriptor,
  MapStateDescriptor,
  type ListState,
  type RuntimeContext,
  StreamExecutionEnvironment,
  type Collector,
  type KeyedBroadcastContext,
  type KeyedReadOnlyBroadcastContext,
} from 'weir';
import { readings, RULES, type Reading, type Rule } from './data/readings.js';

const rulesState = new MapStateDescriptor<string, number>('rules');
const waitingState = new ListStateDescriptor<Reading>('waiting-for-rule');

function check(reading: Reading, threshold: number, out: Collector<string>): void {
  if (reading.value > threshold) out.collect(`ALERT ${reading.sensor} ${reading.value} > ${threshold}`);
}

/**
 * The two inputs race, so a reading may come before its rule: it waits in keyed state
 * and is checked when the rule arrives, which makes the result independent of timing.
 */
class Alerting extends KeyedBroadcastProcessFunction<string, Reading, Rule, string> {
  private waiting!: ListState<Reading>;

  override open(ctx: RuntimeContext): void {
    this.waiting = ctx.getListState(waitingState);
  }

  processElement(reading: Reading, ctx: KeyedReadOnlyBroadcastContext<string>, out: Collector<string>): void {
    const threshold = ctx.getBroadcastState(rulesState).get(reading.type);
    if (threshold === undefined) this.waiting.add(reading);
    else check(reading, threshold, out);
  }

  processBroadcastElement(rule: Rule, ctx: KeyedBroadcastContext, out: Collector<string>): void {
    ctx.getBroadcastState(rulesState).put(rule.type, rule.threshold);
    ctx.applyToKeyedState<ListState<Reading>>(waitingState, (_sensor, waiting) => {
      const still: Reading[] = [];
      for (const reading of waiting.get()) {
        if (reading.type === rule.type) check(reading, rule.threshold, out);
        else still.push(reading);
      }
      waiting.update(still);
    });
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const ruleStream = env.fromData(RULES);
// Rules first: the readings start only once every instance has them (a second job would race).
const alerts = await env
  .fromData(readings(300))
  .keyBy((r) => r.sensor)
  .connect(ruleStream.broadcast(rulesState as MapStateDescriptor<unknown, unknown>))
  .process(new Alerting())
  .executeAndCollect();

for (const line of alerts.sort()) console.log(line);
