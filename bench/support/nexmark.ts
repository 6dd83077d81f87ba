/**
 * Nexmark-like bids: the records of `keyby-rolling-sum`, `keyby-shuffle-2tm`, their
 * serializer baselines and `serializer-probe.ts`, so that all measure the same shapes
 * and sizes. Plain data, so a job file can bundle this module.
 */

export interface Bid {
  auction: number;
  bidder: number;
  price: number;
  channel: string;
  url: string;
  dateTime: number;
  extra: string;
}

/** Distinct auctions, hence distinct keys of the rolling sum. */
export const AUCTIONS = 1000;

export function bid(i: number): Bid {
  return {
    auction: 1000 + (i % AUCTIONS),
    bidder: 2000 + ((i * 7) % 5000),
    price: 12.5 + (i % 300) + 0.01,
    channel: `channel-${i % 10}`,
    url: `https://www.nexmark.com/item/${i % 997}/bid`,
    dateTime: 1700000000000 + i,
    extra: i % 5 === 0 ? '' : `extra-${i}`,
  };
}
