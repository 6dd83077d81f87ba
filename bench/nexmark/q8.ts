/**
 * Nexmark q8, new users: people who opened an auction in the same tumbling 10 s window
 * (event time) in which they registered, as a window join of persons and auctions on
 * person.id = auction.seller.
 *
 *   weir run -p 2 bench/nexmark/q8.ts --events N [--out PREFIX] [--print]
 *
 * Emits one NewUser per such person and auction, as Beam's Query8 (id, name, reserve);
 * nexmark-flink's SQL q8 is the distinct (id, name, windowStart) of these.
 */
import { StreamExecutionEnvironment, TumblingEventTimeWindows } from 'weir';
import { auctionsOf, emitResults, nexmarkEvents, personsOf, queryArguments, WINDOW_MS } from './job.js';

export interface NewUser {
  readonly id: number;
  readonly name: string;
  readonly reserve: number;
  readonly windowStart: number;
}

const args = queryArguments();
const env = StreamExecutionEnvironment.getExecutionEnvironment();

const events = nexmarkEvents(env, args);
const newUsers = personsOf(events)
  .join(auctionsOf(events))
  .where((person) => person.id)
  .equalTo((auction) => auction.seller)
  .window(TumblingEventTimeWindows.of(WINDOW_MS))
  // The join function sees no window; the person's time names it, since both sides share it.
  .apply((person, auction): NewUser => ({ id: person.id, name: person.name, reserve: auction.reserve, windowStart: person.dateTime - (person.dateTime % WINDOW_MS) }))
  .name('new users');

emitResults(newUsers, args);
await env.execute('nexmark-q8');
