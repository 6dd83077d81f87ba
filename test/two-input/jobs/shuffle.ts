/**
 * Reorders time-sorted events so that no event comes after one whose time is more than
 * `bound` later: the disorder a watermark with that out-of-orderness bound tolerates.
 */
export function shuffleWithinBound<T extends { time: number }>(sorted: readonly T[], bound: number, random: () => number): T[] {
  const keyed = sorted.map((event) => ({ event, sortKey: event.time + random() * bound }));
  keyed.sort((a, b) => a.sortKey - b.sortKey);
  return keyed.map((k) => k.event);
}
