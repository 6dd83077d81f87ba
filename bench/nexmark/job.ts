/**
 * What the Nexmark query jobs share: their arguments, the event source with event time
 * (with the first-event probe when timed), the selection of one kind of event, and the two
 * endings (the end-mark sink for the benchmark, `RESULT <json>` lines for the test).
 *
 *   weir run -p N bench/nexmark/qX.ts --events N [--out PREFIX] [--print] [--rate EVENTS_PER_S]
 */
import {
  DataGeneratorSource,
  WatermarkStrategy,
  type Collector,
  type DataStream,
  type StreamExecutionEnvironment,
} from 'weir';
import { jobArgument } from '../support/counting-sink.js';
import { generatorConfig, interleaving, nextEvent, totalEvents } from './generator.js';
import { endMarkSink, FirstEventProbe } from './timing.js';
import { eventTime, type Auction, type Bid, type NexmarkEvent, type Person } from './model.js';

/** nexmark-flink's DDL: `WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND`. */
export const OUT_OF_ORDERNESS_MS = 4000;
/** The window size of q5, q7 and q8, and q5's slide (nexmark-flink's queries). */
export const WINDOW_MS = 10_000;
export const SLIDE_MS = 2_000;

export interface QueryArguments {
  readonly events: number;
  /** Prefix of the timing files (timing.ts); none when only printing. */
  readonly out: string | undefined;
  readonly print: boolean;
  readonly eventsPerSecond: number | undefined;
}

export function queryArguments(): QueryArguments {
  const events = Number(jobArgument('events') ?? '100000');
  if (!Number.isSafeInteger(events) || events <= 0) throw new RangeError(`--events expects a positive integer, got ${String(jobArgument('events'))}`);
  const rate = jobArgument('rate');
  return {
    events,
    out: jobArgument('out'),
    print: process.argv.includes('--print'),
    eventsPerSecond: rate === undefined ? undefined : Number(rate),
  };
}

/**
 * `args.events` Nexmark events from a parallel generator, with event time from each
 * event's dateTime and a bounded out-of-orderness watermark. The event count is rounded
 * down to a multiple of the source parallelism, so every reader gets an equal share.
 */
export function nexmarkEvents(env: StreamExecutionEnvironment, args: QueryArguments): DataStream<NexmarkEvent> {
  const readers = env.getParallelism();
  const total = totalEvents(args.events, readers);
  const config = generatorConfig(args.eventsPerSecond === undefined ? {} : { eventsPerSecond: args.eventsPerSecond });
  const eventNumber = interleaving(total, readers);
  const events = env.fromSource(
    new DataGeneratorSource<NexmarkEvent>((i) => nextEvent(eventNumber(i), config), total),
    WatermarkStrategy.forBoundedOutOfOrderness<NexmarkEvent>(OUT_OF_ORDERNESS_MS).withTimestampAssigner(eventTime),
    'nexmark',
  );
  return args.out === undefined ? events : events.filter(new FirstEventProbe(args.out)).name('first-event probe');
}

/** The query's results: counted by the end-mark sink when timed, and printed when asked. */
export function emitResults<T>(results: DataStream<T>, args: QueryArguments): void {
  if (args.print) results.map((result) => `RESULT ${JSON.stringify(result)}`).print();
  if (args.out !== undefined) results.sinkTo(endMarkSink(args.out)).name('end mark');
}

export function bidsOf(events: DataStream<NexmarkEvent>): DataStream<Bid> {
  return events.flatMap((event: NexmarkEvent, out: Collector<Bid>) => {
    if (event.kind === 'bid') out.collect(event.bid);
  }).name('bids');
}

export function personsOf(events: DataStream<NexmarkEvent>): DataStream<Person> {
  return events.flatMap((event: NexmarkEvent, out: Collector<Person>) => {
    if (event.kind === 'person') out.collect(event.person);
  }).name('persons');
}

export function auctionsOf(events: DataStream<NexmarkEvent>): DataStream<Auction> {
  return events.flatMap((event: NexmarkEvent, out: Collector<Auction>) => {
    if (event.kind === 'auction') out.collect(event.auction);
  }).name('auctions');
}
