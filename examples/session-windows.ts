/**
 * Session windows: per user, the bursts of clicks with less than 30 s between them, from
 * clicks that arrive out of order; clicks that arrive after their session was closed go to
 * a side output instead of being lost.
 *
 *   weir run [-p N] examples/session-windows.ts
 *
 * Prints one line per session and per late click:
 *
 *   SESSION {"user":"ada","start":4211,"end":71043,"clicks":7,"pages":["cart","home",...]}
 *   LATE {"id":118,"user":"bob","page":"search (again)","ts":83021,...}
 *
 * Event time comes from the clicks (WatermarkStrategy.forBoundedOutOfOrderness): the
 * watermark trails the newest click by 5 s, so a session closes 30 s after its last click
 * plus 5 s; a click for a closed session is late.
 */
import {
  DataGeneratorSource,
  EventTimeSessionWindows,
  OutputTag,
  ProcessWindowFunction,
  RateLimiterStrategy,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  type Collector,
  type ProcessWindowContext,
  type TimeWindow,
} from 'weir';
import { clicksInArrivalOrder, OUT_OF_ORDERNESS_MS, SESSION_GAP_MS, type Click } from './data/clicks.js';

interface Session {
  readonly user: string;
  readonly start: number;
  readonly end: number;
  readonly clicks: number;
  readonly pages: string[];
}

/** Describes a session once it closes: its window is the span of its clicks plus the gap. */
class DescribeSession extends ProcessWindowFunction<Click, Session, string, TimeWindow> {
  process(user: string, ctx: ProcessWindowContext<TimeWindow>, clicks: Click[], out: Collector<Session>): void {
    const window = ctx.window();
    out.collect({ user, start: window.start, end: window.end, clicks: clicks.length, pages: [...new Set(clicks.map((c) => c.page))].sort() });
  }
}

const clicks = clicksInArrivalOrder();
const lateClicks = new OutputTag<Click>('late-clicks');

const env = StreamExecutionEnvironment.getExecutionEnvironment();

// A paced replay of one click log, 100 clicks a second, as a live stream would deliver it.
// One reader: split across readers, each part would have its own, slower, event time.
const source = new DataGeneratorSource((i) => clicks[i] as Click, clicks.length, RateLimiterStrategy.perSecond(100));
const watermarks = WatermarkStrategy.forBoundedOutOfOrderness<Click>(OUT_OF_ORDERNESS_MS).withTimestampAssigner((click) => click.ts);

const sessions = env
  .fromSource(source, watermarks, 'clicks')
  .setParallelism(1)
  .keyBy((click) => click.user)
  .window(EventTimeSessionWindows.withGap(SESSION_GAP_MS))
  .sideOutputLateData(lateClicks)
  .process(new DescribeSession())
  .name('sessions');

sessions.map((session) => `SESSION ${JSON.stringify(session)}`).print();
sessions.getSideOutput(lateClicks).map((click) => `LATE ${JSON.stringify(click)}`).print();

await env.execute('Session windows');
