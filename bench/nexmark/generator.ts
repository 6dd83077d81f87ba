/**
 * The Nexmark event generator, after the reference one (Apache Beam's NexmarkGenerator and
 * nexmark-flink's GeneratorConfig, PersonGenerator, AuctionGenerator, BidGenerator): event
 * `n` is a pure function of `n`, so that a `DataGeneratorSource((i) => nextEvent(i), count)`
 * rebuilds the same events in every slot, in every run, and a test can recompute them.
 *
 * - The mix: of every `totalProportion` (50) consecutive event ids, the first
 *   `personProportion` (1) are people, the next `auctionProportion` (3) auctions, the rest
 *   (46) bids.
 * - Ids follow from the event id: the k-th person has id 1000 + k, the k-th auction
 *   1000 + k. A bid names a hot auction (the first of the last 100 auctions) with
 *   probability 1 - 1/hotAuctionRatio, else one of the ~100 auctions in flight; sellers and
 *   bidders likewise, among the last 1000 people (`numActivePeople`).
 * - Event time: `baseTime + floor(n * interEventDelayUs) / 1000`, where the delay comes
 *   from the configured rate; it never decreases with `n`.
 * - Everything random is drawn from a generator seeded with the event id, as Beam's
 *   `new Random(eventId)`, instead of nexmark-flink's unseeded Random, which would make
 *   two slots disagree about the same event.
 *
 * Kept from the reference on purpose: `personIdLead` / `auctionIdLead` (10) let a random
 * seller, bidder or auction be up to 10 ids ahead of the last one generated ("newPerson and
 * newAuction events appear to have been swapped in time"), and a hot bidder is the second
 * person of its batch of 100, who may not exist yet. With both leads 0 every auction's
 * seller and every bid's auction already exist.
 */
import type { Auction, Bid, NexmarkEvent, Person } from './model.js';

export const FIRST_PERSON_ID = 1000;
export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;

/** The reference's tunables; the defaults are nexmark-flink's NexmarkConfiguration. */
export interface GeneratorOptions {
  /** Added to the event number to give the event id, which seeds everything else. */
  readonly firstEventId: number;
  /** Event time of event 0, epoch ms. Fixed (the reference uses the wall clock) so runs agree. */
  readonly baseTime: number;
  /** Events per second of event time: sets the inter-event delay. */
  readonly eventsPerSecond: number;
  readonly personProportion: number;
  readonly auctionProportion: number;
  readonly bidProportion: number;
  readonly hotAuctionRatio: number;
  readonly hotSellersRatio: number;
  readonly hotBiddersRatio: number;
  readonly numInFlightAuctions: number;
  readonly numActivePeople: number;
  readonly avgPersonByteSize: number;
  readonly avgAuctionByteSize: number;
  readonly avgBidByteSize: number;
  readonly personIdLead: number;
  readonly auctionIdLead: number;
}

export const DEFAULT_OPTIONS: GeneratorOptions = {
  firstEventId: 0,
  // A multiple of 10 s, so the queries' windows start at event 0.
  baseTime: 1_700_000_000_000,
  eventsPerSecond: 10_000,
  personProportion: 1,
  auctionProportion: 3,
  bidProportion: 46,
  hotAuctionRatio: 2,
  hotSellersRatio: 4,
  hotBiddersRatio: 4,
  numInFlightAuctions: 100,
  numActivePeople: 1000,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
  personIdLead: 10,
  auctionIdLead: 10,
};

/** Options plus what follows from them, computed once rather than per event. */
export interface GeneratorConfig extends GeneratorOptions {
  readonly totalProportion: number;
  readonly interEventDelayUs: number;
}

export function generatorConfig(overrides: Partial<GeneratorOptions> = {}): GeneratorConfig {
  const options = { ...DEFAULT_OPTIONS, ...overrides };
  if (!(options.eventsPerSecond > 0)) throw new RangeError(`eventsPerSecond must be positive, got ${options.eventsPerSecond}`);
  return {
    ...options,
    totalProportion: options.personProportion + options.auctionProportion + options.bidProportion,
    interEventDelayUs: 1_000_000 / options.eventsPerSecond,
  };
}

export const DEFAULT_CONFIG = generatorConfig();

/** Fraction of people/auctions that are hot is 1 over these (the reference's constants). */
const HOT_SELLER_BATCH = 100;
const HOT_AUCTION_BATCH = 100;
const HOT_BIDDER_BATCH = 100;
const NUM_CATEGORIES = 5;
const MIN_STRING_LENGTH = 3;
const HOT_CHANNELS_RATIO = 2;
const CHANNELS_NUMBER = 10_000;
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'] as const;
const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'] as const;
const US_CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'] as const;
const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'] as const;
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'] as const;

/**
 * A small seedable generator (mulberry32 over a mixed seed). One instance is re-seeded per
 * event: allocating a generator per event would cost more than the bid it makes.
 */
export class SeededRandom {
  private state = 0;

  constructor(seed = 0) {
    this.seed(seed);
  }

  seed(seed: number): this {
    // Both halves of a seed up to 2^53 count, mixed so that neighbouring ids diverge at once.
    const high = Math.floor(seed / 0x1_0000_0000);
    this.state = fmix32((seed >>> 0) ^ fmix32(high + 0x9e3779b9));
    return this;
  }

  /** Uniform in [0, 2^32). */
  nextUint32(): number {
    const t0 = (this.state = (this.state + 0x6d2b79f5) | 0);
    let t = Math.imul(t0 ^ (t0 >>> 15), t0 | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, bound), for bound up to 2^32. */
  nextInt(bound: number): number {
    return Math.floor((this.nextUint32() / 0x1_0000_0000) * bound);
  }

  nextDouble(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }
}

function fmix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** When, in event time, event number `n` happened. */
export function timestampForEvent(n: number, config: GeneratorConfig = DEFAULT_CONFIG): number {
  return config.baseTime + Math.floor(Math.floor(n * config.interEventDelayUs) / 1000);
}

/** What kind of event the event id makes. */
export function kindOfEvent(eventId: number, config: GeneratorConfig = DEFAULT_CONFIG): NexmarkEvent['kind'] {
  const offset = eventId % config.totalProportion;
  if (offset < config.personProportion) return 'person';
  return offset < config.personProportion + config.auctionProportion ? 'auction' : 'bid';
}

/** The last person id (base 0) generated at or before this event id. */
export function lastBase0PersonId(eventId: number, config: GeneratorConfig = DEFAULT_CONFIG): number {
  const epoch = Math.floor(eventId / config.totalProportion);
  const offset = eventId % config.totalProportion;
  return epoch * config.personProportion + Math.min(offset, config.personProportion - 1);
}

/** The last auction id (base 0) generated at or before this event id; -1 before the first. */
export function lastBase0AuctionId(eventId: number, config: GeneratorConfig = DEFAULT_CONFIG): number {
  let epoch = Math.floor(eventId / config.totalProportion);
  let offset = eventId % config.totalProportion;
  if (offset < config.personProportion) {
    // A person: the last auction is the previous epoch's last one.
    epoch--;
    offset = config.auctionProportion - 1;
  } else if (offset >= config.personProportion + config.auctionProportion) {
    offset = config.auctionProportion - 1;
  } else {
    offset -= config.personProportion;
  }
  return epoch * config.auctionProportion + offset;
}

function nextBase0PersonId(eventId: number, random: SeededRandom, config: GeneratorConfig): number {
  // Only active people, so the density of bids and auctions per person stays the same in long runs.
  const numPeople = lastBase0PersonId(eventId, config) + 1;
  const activePeople = Math.min(numPeople, config.numActivePeople);
  return numPeople - activePeople + random.nextInt(activePeople + config.personIdLead);
}

function nextBase0AuctionId(eventId: number, random: SeededRandom, config: GeneratorConfig): number {
  const maxAuction = lastBase0AuctionId(eventId, config);
  const minAuction = Math.max(maxAuction - config.numInFlightAuctions, 0);
  return minAuction + random.nextInt(maxAuction - minAuction + 1 + config.auctionIdLead);
}

function nextPrice(random: SeededRandom): number {
  return Math.round(10 ** (random.nextDouble() * 6) * 100);
}

/** Up to `maxLength` letters with the odd `special` between them, trimmed as the reference does. */
function nextString(random: SeededRandom, maxLength: number, special = ' '): string {
  let length = MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH);
  let text = '';
  while (length-- > 0) text += random.nextInt(13) === 0 ? special : String.fromCharCode(97 + random.nextInt(26));
  return special === ' ' ? text.trim() : text;
}

/**
 * Random letters to slice `extra` fields from. The reference draws every letter; slicing a
 * fixed random text is as arbitrary and keeps the generator well below the queries' cost
 * (a bid's extra is 54-81 letters, 46 bids in 50 events).
 */
const LETTERS = (() => {
  const random = new SeededRandom(0x6e65786d);
  const codes = new Uint8Array(16_384);
  for (let i = 0; i < codes.length; i++) codes[i] = 97 + random.nextInt(26);
  return Buffer.from(codes).toString('latin1');
})();

function nextExactString(random: SeededRandom, length: number): string {
  const start = random.nextInt(LETTERS.length - length + 1);
  return LETTERS.slice(start, start + length);
}

/** Padding so that the event's size is on average `averageSize` (±20 %). */
function nextExtra(random: SeededRandom, currentSize: number, averageSize: number): string {
  if (currentSize > averageSize) return '';
  const desired = averageSize - currentSize;
  const delta = Math.round(desired * 0.2);
  return nextExactString(random, desired - delta + (delta === 0 ? 0 : random.nextInt(2 * delta)));
}

function nextCreditCard(random: SeededRandom): string {
  const groups: string[] = [];
  for (let i = 0; i < 4; i++) groups.push(String(random.nextInt(10_000)).padStart(4, '0'));
  return groups.join(' ');
}

function pick<T>(random: SeededRandom, values: readonly T[]): T {
  return values[random.nextInt(values.length)] as T;
}

/** Channels and their URLs: fixed per channel number, so computed once each. */
const channelUrls = new Map<number, string>();
const hotUrls = HOT_CHANNELS.map((_, i) => baseUrl(new SeededRandom(0x686f74 + i)));

function baseUrl(random: SeededRandom): string {
  return `https://www.nexmark.com/${nextString(random, 5, '_')}/${nextString(random, 5, '_')}/${nextString(random, 5, '_')}/item.htm?query=1`;
}

function channelUrl(channel: number): string {
  let url = channelUrls.get(channel);
  if (url === undefined) {
    const random = new SeededRandom(0x63686e00 + channel);
    url = baseUrl(random);
    if (random.nextInt(10) > 0) url += `&channel_id=${Math.abs(reverseBits32(channel))}`;
    channelUrls.set(channel, url);
  }
  return url;
}

/** Java's Integer.reverse, as a signed 32-bit value. */
function reverseBits32(value: number): number {
  let reversed = 0;
  for (let i = 0; i < 32; i++) reversed = (reversed << 1) | ((value >>> i) & 1);
  return reversed | 0;
}

function nextPerson(eventId: number, random: SeededRandom, timestamp: number, config: GeneratorConfig): Person {
  const id = lastBase0PersonId(eventId, config) + FIRST_PERSON_ID;
  const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
  const emailAddress = `${nextString(random, 7)}@${nextString(random, 5)}.com`;
  const creditCard = nextCreditCard(random);
  const city = pick(random, US_CITIES);
  const state = pick(random, US_STATES);
  const size = 8 + name.length + emailAddress.length + creditCard.length + city.length + state.length;
  const extra = nextExtra(random, size, config.avgPersonByteSize);
  return { id, name, emailAddress, creditCard, city, state, dateTime: timestamp, extra };
}

function nextAuction(eventNumber: number, eventId: number, random: SeededRandom, timestamp: number, config: GeneratorConfig): Auction {
  const id = lastBase0AuctionId(eventId, config) + FIRST_AUCTION_ID;
  const seller =
    (random.nextInt(config.hotSellersRatio) > 0
      ? Math.floor(lastBase0PersonId(eventId, config) / HOT_SELLER_BATCH) * HOT_SELLER_BATCH
      : nextBase0PersonId(eventId, random, config)) + FIRST_PERSON_ID;
  const category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
  const initialBid = nextPrice(random);
  // Auctions last on average until numInFlightAuctions more auctions have opened.
  const eventsForAuctions = Math.floor((config.numInFlightAuctions * config.totalProportion) / config.auctionProportion);
  const horizonMs = timestampForEvent(eventNumber + eventsForAuctions, config) - timestamp;
  const expires = timestamp + 1 + random.nextInt(Math.max(horizonMs * 2, 1));
  const itemName = nextString(random, 20);
  const description = nextString(random, 100);
  const reserve = initialBid + nextPrice(random);
  const extra = nextExtra(random, 8 + itemName.length + description.length + 40, config.avgAuctionByteSize);
  return { id, itemName, description, initialBid, reserve, dateTime: timestamp, expires, seller, category, extra };
}

function nextBid(eventId: number, random: SeededRandom, timestamp: number, config: GeneratorConfig): Bid {
  const auction =
    (random.nextInt(config.hotAuctionRatio) > 0
      ? Math.floor(lastBase0AuctionId(eventId, config) / HOT_AUCTION_BATCH) * HOT_AUCTION_BATCH
      : nextBase0AuctionId(eventId, random, config)) + FIRST_AUCTION_ID;
  // The second person of the batch, so that hot bidders are not hot sellers.
  const bidder =
    (random.nextInt(config.hotBiddersRatio) > 0
      ? Math.floor(lastBase0PersonId(eventId, config) / HOT_BIDDER_BATCH) * HOT_BIDDER_BATCH + 1
      : nextBase0PersonId(eventId, random, config)) + FIRST_PERSON_ID;
  const price = nextPrice(random);
  let channel: string;
  let url: string;
  if (random.nextInt(HOT_CHANNELS_RATIO) > 0) {
    const hot = random.nextInt(HOT_CHANNELS.length);
    channel = HOT_CHANNELS[hot] as string;
    url = hotUrls[hot] as string;
  } else {
    const number = random.nextInt(CHANNELS_NUMBER);
    channel = `channel-${number}`;
    url = channelUrl(number);
  }
  const extra = nextExtra(random, 32, config.avgBidByteSize);
  return { auction, bidder, price, channel, url, dateTime: timestamp, extra };
}

const random = new SeededRandom();

/** Event number `n`: the same event wherever and whenever it is asked for. */
export function nextEvent(n: number, config: GeneratorConfig = DEFAULT_CONFIG): NexmarkEvent {
  const eventId = config.firstEventId + n;
  const timestamp = timestampForEvent(n, config);
  random.seed(eventId);
  switch (kindOfEvent(eventId, config)) {
    case 'person':
      return { kind: 'person', person: nextPerson(eventId, random, timestamp, config) };
    case 'auction':
      return { kind: 'auction', auction: nextAuction(n, eventId, random, timestamp, config) };
    case 'bid':
      return { kind: 'bid', bid: nextBid(eventId, random, timestamp, config) };
  }
}

/**
 * Maps the generator indices of `total` events shared by `readers` source readers to event
 * numbers. DataGeneratorSource hands each reader a contiguous block of indices; mapped
 * through this, reader k produces events k, k + readers, k + 2·readers, … so all readers
 * advance through event time together (as the reference's parallel generators do), rather
 * than one reader holding the watermark back while another runs total/readers events
 * ahead. A permutation of [0, total); the queries' results do not depend on it, only how
 * evenly time advances.
 */
export function interleaving(total: number, readers: number): (index: number) => number {
  if (!Number.isSafeInteger(total) || !Number.isSafeInteger(readers) || readers < 1 || total % readers !== 0) {
    throw new RangeError(`interleaving needs a whole number of events per reader, got ${total} events for ${readers} readers`);
  }
  const block = total / readers;
  return (index) => (index % block) * readers + Math.floor(index / block);
}

/** The events a job asked for `requested` generates: a whole number per reader, at least one each. */
export function totalEvents(requested: number, readers: number): number {
  return Math.max(readers, requested - (requested % readers));
}
