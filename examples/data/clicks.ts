/**
 * Clicks for examples/session-windows.ts, and for its test: users browsing in bursts
 * (sessions), arriving up to OUT_OF_ORDERNESS_MS out of order, plus a few clicks that
 * arrive minutes late, after their sessions are long closed.
 */

export interface Click {
  readonly id: number;
  readonly user: string;
  readonly page: string;
  /** Event time, ms. */
  readonly ts: number;
  /** True for the clicks delivered minutes behind the stream (the test checks they come out late). */
  readonly delayed: boolean;
}

export const SESSION_GAP_MS = 30_000;
export const OUT_OF_ORDERNESS_MS = 5_000;
const PAGES = ['home', 'search', 'product', 'cart', 'checkout', 'help'];

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The clicks in the order they arrive. Each user has bursts of clicks a few seconds apart,
 * with more than the session gap between bursts; arrival order shuffles clicks by up to
 * the out-of-orderness bound. Every 40th click is also sent again, as a new click,
 * three minutes of stream time later: it arrives after its session closed.
 */
export function clicksInArrivalOrder(seed = 42): Click[] {
  const next = random(seed);
  const onTime: Omit<Click, 'id'>[] = [];
  for (const user of ['ada', 'bob', 'cy', 'dee']) {
    let ts = Math.floor(next() * 20_000);
    for (let burst = 0; burst < 6; burst++) {
      const clicks = 3 + Math.floor(next() * 8);
      for (let i = 0; i < clicks; i++) {
        onTime.push({ user, page: PAGES[Math.floor(next() * PAGES.length)] as string, ts, delayed: false });
        ts += 1_000 + Math.floor(next() * 12_000);
      }
      ts += SESSION_GAP_MS + 10_000 + Math.floor(next() * 60_000);
    }
  }
  const arrivals = onTime.map((click) => ({ click, arrival: click.ts + next() * OUT_OF_ORDERNESS_MS }));
  arrivals.sort((a, b) => a.arrival - b.arrival);
  const late: { click: Omit<Click, 'id'>; arrival: number }[] = [];
  arrivals.forEach(({ click, arrival }, i) => {
    if (i % 40 === 39) late.push({ click: { ...click, page: `${click.page} (again)`, delayed: true }, arrival: arrival + 180_000 });
  });
  return [...arrivals, ...late].sort((a, b) => a.arrival - b.arrival).map(({ click }, id) => ({ id, ...click }));
}
