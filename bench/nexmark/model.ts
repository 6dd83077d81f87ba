/**
 * The Nexmark schema (the Apache Beam / nexmark-flink model): people who sell and bid,
 * auctions they open, and bids on auctions. Times are epoch milliseconds; prices are in
 * cents, as the reference's longs are. Plain data, so records cross keyed edges as they
 * are and a job file can bundle this module.
 */

export interface Person {
  readonly id: number;
  readonly name: string;
  readonly emailAddress: string;
  readonly creditCard: string;
  readonly city: string;
  readonly state: string;
  readonly dateTime: number;
  readonly extra: string;
}

export interface Auction {
  readonly id: number;
  readonly itemName: string;
  readonly description: string;
  readonly initialBid: number;
  readonly reserve: number;
  readonly dateTime: number;
  readonly expires: number;
  /** A Person id. */
  readonly seller: number;
  readonly category: number;
  readonly extra: string;
}

export interface Bid {
  /** An Auction id. */
  readonly auction: number;
  /** A Person id. */
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly url: string;
  readonly dateTime: number;
  readonly extra: string;
}

/** One generated event: exactly one of the three, as in the reference's Event. */
export type NexmarkEvent =
  | { readonly kind: 'person'; readonly person: Person }
  | { readonly kind: 'auction'; readonly auction: Auction }
  | { readonly kind: 'bid'; readonly bid: Bid };

/** The event's own time, which the queries use as event time. */
export function eventTime(event: NexmarkEvent): number {
  switch (event.kind) {
    case 'person':
      return event.person.dateTime;
    case 'auction':
      return event.auction.dateTime;
    case 'bid':
      return event.bid.dateTime;
  }
}
