/**
 * Nexmark q7, highest bid: per tumbling 10 s window (event time), the bids with the
 * highest price (all of them on a tie). As Beam's Max.withFanout, in two steps: the
 * highest bids per window of each of FANOUT groups of bids, then the highest of those per
 * window, so that no single subtask sees every bid.
 *
 *   weir run -p 2 bench/nexmark/q7.ts --events N [--out PREFIX] [--print]
 *
 * Emits the winning bids (nexmark-flink's columns: auction, price, bidder, dateTime, extra).
 */
import { StreamExecutionEnvironment, TumblingEventTimeWindows, type AggregateFunction, type Collector, type TimeWindow } from 'weir';
import { bidsOf, emitResults, nexmarkEvents, queryArguments, WINDOW_MS } from './job.js';
import type { Bid } from './model.js';

/** Groups of the first step: enough that key groups spread them evenly over the subtasks. */
const FANOUT = 64;

export type HighestBid = Pick<Bid, 'auction' | 'price' | 'bidder' | 'dateTime' | 'extra'>;

interface Highest {
  price: number;
  bids: Bid[];
  windowEnd: number;
}

/** Folds the bids of a window, or the partial results of the first step, into the highest. */
function higher(acc: Highest, price: number, bids: readonly Bid[]): Highest {
  if (price > acc.price) {
    acc.price = price;
    acc.bids = [...bids];
  } else if (price === acc.price) {
    acc.bids.push(...bids);
  }
  return acc;
}

const highestBids: AggregateFunction<Bid, Highest, Highest> = {
  createAccumulator: () => ({ price: -1, bids: [], windowEnd: 0 }),
  add: (bid, acc) => higher(acc, bid.price, [bid]),
  getResult: (acc) => acc,
  merge: (a, b) => higher(a, b.price, b.bids),
};

const highestOfPartials: AggregateFunction<Highest, Highest, Highest> = {
  createAccumulator: () => ({ price: -1, bids: [], windowEnd: 0 }),
  add: (partial, acc) => higher(acc, partial.price, partial.bids),
  getResult: (acc) => acc,
  merge: (a, b) => higher(a, b.price, b.bids),
};

const args = queryArguments();
const env = StreamExecutionEnvironment.getExecutionEnvironment();

const partials = bidsOf(nexmarkEvents(env, args))
  .keyBy((bid) => bid.price % FANOUT)
  .window(TumblingEventTimeWindows.of(WINDOW_MS))
  .aggregate(highestBids, (_group: number, window: TimeWindow, [partial]: Highest[], out: Collector<Highest>) => {
    if (partial !== undefined) out.collect({ ...partial, windowEnd: window.end });
  })
  .name('highest bids per group');

const highest = partials
  .keyBy((partial) => partial.windowEnd)
  .window(TumblingEventTimeWindows.of(WINDOW_MS))
  .aggregate(highestOfPartials, (_end: number, _window: TimeWindow, [max]: Highest[], out: Collector<HighestBid>) => {
    for (const bid of max?.bids ?? []) out.collect({ auction: bid.auction, price: bid.price, bidder: bid.bidder, dateTime: bid.dateTime, extra: bid.extra });
  })
  .name('highest bids');

emitResults(highest, args);
await env.execute('nexmark-q7');
