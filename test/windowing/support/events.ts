/**
 * Deterministic event sets for the window property tests, shared by the job (which feeds
 * them to Weir) and the test (which computes the expected results by brute force).
 * Events arrive out of order, but never more than `bound` behind the newest one, so with
 * `forBoundedOutOfOrderness(bound)` no event is ever late.
 */

export interface Event {
  readonly id: number;
  readonly key: string;
  /** Even, so that no event starts exactly where a session (odd gaps) ends. */
  readonly ts: number;
  readonly value: number;
}

/** mulberry32: small, fast and deterministic. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface EventSpec {
  readonly seed: number;
  readonly count: number;
  readonly keys: number;
  /** Event time spans [from, to). */
  readonly from: number;
  readonly to: number;
  /** The most an event may arrive behind the newest before it, in event time. */
  readonly bound: number;
}

/** Events in arrival order: sorted by time plus a random delay of up to `bound`. */
export function arrivalOrder(spec: EventSpec): Event[] {
  const next = random(spec.seed);
  const events: { event: Event; arrival: number }[] = [];
  for (let id = 0; id < spec.count; id++) {
    const ts = 2 * Math.floor((spec.from + next() * (spec.to - spec.from)) / 2);
    const event = { id, key: `k${Math.floor(next() * spec.keys)}`, ts, value: Math.floor(next() * 100) };
    events.push({ event, arrival: ts + next() * spec.bound });
  }
  return events.sort((a, b) => a.arrival - b.arrival || a.event.id - b.event.id).map((e) => e.event);
}

/** The two inputs of every run, from the run's seed. */
export function inputsOf(seed: number): { readonly a: Event[]; readonly b: Event[]; readonly bound: number } {
  const bound = 200;
  return {
    a: arrivalOrder({ seed, count: 3000, keys: 5, from: -5_000, to: 15_000, bound }),
    b: arrivalOrder({ seed: seed + 1000, count: 300, keys: 5, from: -5_000, to: 15_000, bound }),
    bound,
  };
}

export const SESSION_GAP = 301;
export const dynamicGap = (e: Event): number => 101 + (e.value % 4) * 100;
