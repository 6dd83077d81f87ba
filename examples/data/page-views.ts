/**
 * Page views for examples/top-n.ts, and for its test: ten minutes of views of a dozen
 * pages, some far more popular than others, arriving up to OUT_OF_ORDERNESS_MS out of order.
 */

export interface PageView {
  readonly page: string;
  readonly user: number;
  /** Event time, ms. */
  readonly ts: number;
}

export const OUT_OF_ORDERNESS_MS = 2_000;
const PAGES = ['home', 'search', 'deals', 'laptops', 'phones', 'tablets', 'cameras', 'audio', 'games', 'books', 'help', 'about'];

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Views in arrival order; the popularity of each page drifts from minute to minute. */
export function pageViewsInArrivalOrder(seed = 7, count = 3_000): PageView[] {
  const next = random(seed);
  const views: { view: PageView; arrival: number }[] = [];
  for (let i = 0; i < count; i++) {
    const ts = Math.floor(next() * 600_000);
    const minute = Math.floor(ts / 60_000);
    // Squaring skews the choice to the front of a list rotated by the minute.
    const rank = Math.floor(next() * next() * PAGES.length);
    const page = PAGES[(rank + minute) % PAGES.length] as string;
    views.push({ view: { page, user: Math.floor(next() * 500), ts }, arrival: ts + next() * OUT_OF_ORDERNESS_MS });
  }
  return views.sort((a, b) => a.arrival - b.arrival).map((v) => v.view);
}
