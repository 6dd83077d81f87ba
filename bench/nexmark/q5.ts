/**
 * Nexmark q5, hot items: per sliding window (10 s, every 2 s, event time), the auctions
 * with the most bids. As nexmark-flink's SQL: count bids per auction and window, then keep
 * the auctions whose count is the window's maximum (all of them on a tie).
 *
 *   weir run -p 2 bench/nexmark/q5.ts --events N [--out PREFIX] [--print]
 *
 * Emits one HotItem per window and hot auction.
 */
import {
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  type AggregateFunction,
  type Collector,
  type TimeWindow,
} from 'weir';
import { bidsOf, emitResults, nexmarkEvents, queryArguments, SLIDE_MS, WINDOW_MS } from './job.js';
import type { Bid } from './model.js';

export interface HotItem {
  readonly auction: number;
  readonly count: number;
  readonly windowStart: number;
  readonly windowEnd: number;
}

const countBids: AggregateFunction<Bid, number, number> = {
  createAccumulator: () => 0,
  add: (_bid, count) => count + 1,
  getResult: (count) => count,
  merge: (a, b) => a + b,
};

interface MaxCount {
  count: number;
  auctions: number[];
  windowStart: number;
  windowEnd: number;
}

const maxCount: AggregateFunction<HotItem, MaxCount, MaxCount> = {
  createAccumulator: () => ({ count: 0, auctions: [], windowStart: 0, windowEnd: 0 }),
  add: (item, acc) => {
    if (item.count > acc.count) {
      acc.count = item.count;
      acc.auctions = [item.auction];
      acc.windowStart = item.windowStart;
      acc.windowEnd = item.windowEnd;
    } else if (item.count === acc.count) {
      acc.auctions.push(item.auction);
    }
    return acc;
  },
  getResult: (acc) => acc,
  merge: (a, b) => (a.count > b.count ? a : b.count > a.count ? b : { ...a, auctions: [...a.auctions, ...b.auctions] }),
};

const args = queryArguments();
const env = StreamExecutionEnvironment.getExecutionEnvironment();

const counts = bidsOf(nexmarkEvents(env, args))
  .keyBy((bid) => bid.auction)
  .window(SlidingEventTimeWindows.of(WINDOW_MS, SLIDE_MS))
  .aggregate(countBids, (auction: number, window: TimeWindow, [count]: number[], out: Collector<HotItem>) => {
    out.collect({ auction, count: count ?? 0, windowStart: window.start, windowEnd: window.end });
  })
  .name('bids per auction');

// Counts carry their window's last millisecond as timestamp, so each sliding window's counts
// meet in exactly one tumbling window of the slide's length.
const hot = counts
  .keyBy((item) => item.windowEnd)
  .window(TumblingEventTimeWindows.of(SLIDE_MS))
  .aggregate(maxCount, (_end: number, _window: TimeWindow, [max]: MaxCount[], out: Collector<HotItem>) => {
    if (max === undefined) return;
    for (const auction of max.auctions) out.collect({ auction, count: max.count, windowStart: max.windowStart, windowEnd: max.windowEnd });
  })
  .name('hot items');

emitResults(hot, args);
await env.execute('nexmark-q5');
