/**
 * The Nexmark generator (bench/nexmark/generator.ts) keeps the reference's rules: the
 * 1/3/46 mix, event times that never go back, ids that point at events already made; and
 * the benchmark's queries compute what a plain computation over the same events gives, so
 * the benchmark measures correct jobs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_CONFIG,
  FIRST_AUCTION_ID,
  FIRST_PERSON_ID,
  generatorConfig,
  interleaving,
  nextEvent,
  timestampForEvent,
  type GeneratorConfig,
} from '../../bench/nexmark/generator.js';
import type { Auction, Bid, NexmarkEvent, Person } from '../../bench/nexmark/model.js';
import type { HotItem } from '../../bench/nexmark/q5.js';
import type { HighestBid } from '../../bench/nexmark/q7.js';
import type { NewUser } from '../../bench/nexmark/q8.js';
import { repoPath, runWeir } from '../support/weir-cli.js';

function events(count: number, config: GeneratorConfig = DEFAULT_CONFIG): NexmarkEvent[] {
  return Array.from({ length: count }, (_, n) => nextEvent(n, config));
}

const timeOf = (e: NexmarkEvent): number => (e.kind === 'person' ? e.person.dateTime : e.kind === 'auction' ? e.auction.dateTime : e.bid.dateTime);

describe('Nexmark generator', () => {
  test('every 50 events: 1 person, then 3 auctions, then 46 bids', () => {
    const all = events(50 * 200);
    for (let block = 0; block < 200; block++) {
      const kinds = all.slice(block * 50, block * 50 + 50).map((e) => e.kind);
      assert.deepEqual(kinds, ['person', 'auction', 'auction', 'auction', ...Array<string>(46).fill('bid')], `block ${block}`);
    }
  });

  test('ids count up per kind from 1000', () => {
    const all = events(50 * 100);
    const persons = all.flatMap((e) => (e.kind === 'person' ? [e.person.id] : []));
    const auctions = all.flatMap((e) => (e.kind === 'auction' ? [e.auction.id] : []));
    assert.deepEqual(persons, Array.from({ length: 100 }, (_, i) => FIRST_PERSON_ID + i));
    assert.deepEqual(auctions, Array.from({ length: 300 }, (_, i) => FIRST_AUCTION_ID + i));
  });

  test('event times never decrease and follow the configured rate', () => {
    for (const config of [DEFAULT_CONFIG, generatorConfig({ eventsPerSecond: 3_000 }), generatorConfig({ eventsPerSecond: 1_000_000 })]) {
      let previous = -Infinity;
      for (let n = 0; n < 200_000; n += 7) {
        const time = timeOf(nextEvent(n, config));
        assert.ok(time >= previous, `event ${n} at ${time} is before its predecessor at ${previous}`);
        assert.equal(time, timestampForEvent(n, config));
        previous = time;
      }
      assert.equal(timeOf(nextEvent(0, config)), config.baseTime);
      assert.equal(timeOf(nextEvent(config.eventsPerSecond * 5, config)), config.baseTime + 5_000, 'eventsPerSecond events take a second');
    }
  });

  test('the same event number gives the same event, whatever was asked before', () => {
    const forward = events(3_000);
    const backward = Array.from({ length: 3_000 }, (_, i) => nextEvent(2_999 - i)).reverse();
    assert.deepEqual(backward, forward);
    assert.notDeepEqual(nextEvent(60), nextEvent(61), 'neighbouring bids differ');
  });

  test('with no id lead, bids name auctions and auctions name sellers that already exist', () => {
    const config = generatorConfig({ personIdLead: 0, auctionIdLead: 0 });
    let lastPerson = -1;
    let lastAuction = -1;
    let hotSellers = 0;
    let hotAuctions = 0;
    for (const e of events(200_000, config)) {
      if (e.kind === 'person') lastPerson = e.person.id;
      else if (e.kind === 'auction') {
        assert.ok(e.auction.seller >= FIRST_PERSON_ID && e.auction.seller <= lastPerson, `auction ${e.auction.id}: seller ${e.auction.seller}, last person ${lastPerson}`);
        assert.ok(e.auction.expires > e.auction.dateTime && e.auction.reserve >= e.auction.initialBid);
        if (e.auction.seller % 100 === 0) hotSellers++;
        lastAuction = e.auction.id;
      } else {
        assert.ok(e.bid.auction >= FIRST_AUCTION_ID && e.bid.auction <= lastAuction, `bid on ${e.bid.auction}, last auction ${lastAuction}`);
        if (e.bid.auction % 100 === 0) hotAuctions++;
      }
    }
    // The reference's skew: 1 - 1/hotSellersRatio of auctions and 1 - 1/hotAuctionRatio of bids go to hot ones.
    assert.ok(hotSellers / 12_000 > 0.7, `hot sellers: ${hotSellers} of 12000 auctions`);
    assert.ok(hotAuctions / 184_000 > 0.45, `hot auctions: ${hotAuctions} of 184000 bids`);
  });

  test('with the reference lead of 10, a reference is at most 10 ids past the last one made', () => {
    let lastPerson = -1;
    let lastAuction = -1;
    let ahead = 0;
    for (const e of events(200_000)) {
      if (e.kind === 'person') lastPerson = e.person.id;
      else if (e.kind === 'auction') {
        assert.ok(e.auction.seller >= FIRST_PERSON_ID && e.auction.seller <= lastPerson + DEFAULT_CONFIG.personIdLead);
        lastAuction = e.auction.id;
      } else {
        assert.ok(e.bid.auction >= FIRST_AUCTION_ID && e.bid.auction <= lastAuction + DEFAULT_CONFIG.auctionIdLead);
        if (e.bid.auction > lastAuction) ahead++;
      }
    }
    assert.ok(ahead > 0 && ahead < 184_000 * 0.05, `${ahead} bids on auctions yet to come`);
  });

  test('interleaving is a permutation that gives each reader every readers-th event', () => {
    const toEvent = interleaving(12, 3);
    const numbers = Array.from({ length: 12 }, (_, i) => toEvent(i));
    assert.deepEqual(numbers, [0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11]);
    assert.throws(() => interleaving(10, 3), RangeError);
  });
});

/** Windows of the (size, slide) grid aligned to the epoch that hold `ts`. */
function windowsOf(ts: number, size: number, slide: number): number[] {
  const starts: number[] = [];
  for (let start = ts - (ts % slide); start > ts - size; start -= slide) starts.push(start);
  return starts;
}

function bruteQ5(all: readonly NexmarkEvent[]): HotItem[] {
  const counts = new Map<number, Map<number, number>>();
  for (const e of all) {
    if (e.kind !== 'bid') continue;
    for (const start of windowsOf(e.bid.dateTime, 10_000, 2_000)) {
      const perAuction = counts.get(start) ?? new Map<number, number>();
      perAuction.set(e.bid.auction, (perAuction.get(e.bid.auction) ?? 0) + 1);
      counts.set(start, perAuction);
    }
  }
  const rows: HotItem[] = [];
  for (const [start, perAuction] of counts) {
    const max = Math.max(...perAuction.values());
    for (const [auction, count] of perAuction) if (count === max) rows.push({ auction, count, windowStart: start, windowEnd: start + 10_000 });
  }
  return rows;
}

function bruteQ7(all: readonly NexmarkEvent[]): HighestBid[] {
  const perWindow = new Map<number, Bid[]>();
  for (const e of all) {
    if (e.kind !== 'bid') continue;
    const start = e.bid.dateTime - (e.bid.dateTime % 10_000);
    perWindow.set(start, [...(perWindow.get(start) ?? []), e.bid]);
  }
  return [...perWindow.values()].flatMap((bids) => {
    const max = Math.max(...bids.map((b) => b.price));
    return bids.filter((b) => b.price === max).map((b) => ({ auction: b.auction, price: b.price, bidder: b.bidder, dateTime: b.dateTime, extra: b.extra }));
  });
}

function bruteQ8(all: readonly NexmarkEvent[]): NewUser[] {
  const persons = new Map<string, Person>();
  const auctions: Auction[] = [];
  const windowStart = (ts: number): number => ts - (ts % 10_000);
  for (const e of all) {
    if (e.kind === 'person') persons.set(`${e.person.id}@${windowStart(e.person.dateTime)}`, e.person);
    if (e.kind === 'auction') auctions.push(e.auction);
  }
  return auctions.flatMap((a) => {
    const person = persons.get(`${a.seller}@${windowStart(a.dateTime)}`);
    return person === undefined ? [] : [{ id: person.id, name: person.name, reserve: a.reserve, windowStart: windowStart(a.dateTime) }];
  });
}

function results(stdout: string): string[] {
  return stdout
    .split('\n')
    .flatMap((line) => {
      const match = /^(?:\d+> )?RESULT (.*)$/.exec(line);
      return match === null ? [] : [match[1] as string];
    })
    .map((json) => JSON.stringify(JSON.parse(json)))
    .sort();
}

describe('Nexmark queries against brute force', () => {
  // 1,000 events per second of event time: 40,000 events make 40 s, so several windows of each kind.
  const EVENTS = 40_000;
  const RATE = 1_000;
  const all = events(EVENTS, generatorConfig({ eventsPerSecond: RATE }));
  const cases: readonly [string, readonly unknown[]][] = [
    ['q5', bruteQ5(all)],
    ['q7', bruteQ7(all)],
    ['q8', bruteQ8(all)],
  ];
  for (const [query, expected] of cases) {
    test(`${query} at parallelism 2`, async () => {
      assert.ok(expected.length > 0, `${query}: the brute force found nothing; the test data is wrong`);
      const run = await runWeir(
        ['run', '-p', '2', '-D', 'taskmanager.numberOfTaskSlots=2', repoPath(`bench/nexmark/${query}.ts`), '--events', String(EVENTS), '--rate', String(RATE), '--print'],
        { timeoutMs: 120_000 },
      );
      assert.equal(run.code, 0, `the job failed:\n${run.stderr}`);
      assert.deepEqual(results(run.stdout), expected.map((row) => JSON.stringify(row)).sort(), `${query}: results differ from the brute force`);
    });
  }
});
