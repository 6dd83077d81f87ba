/**
 * Window results computed the plain way, over the events sorted by time, with window
 * boundaries from their definitions rather than from Weir's code.
 */
import type { Event } from './events.js';

export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Every window of the (size, slide, offset) grid that holds `ts`; tumbling when slide = size. */
export function gridWindows(ts: number, size: number, slide: number, offset: number): Interval[] {
  const windows: Interval[] = [];
  const last = Math.floor((ts - offset) / slide) * slide + offset;
  for (let start = last; start + size > ts; start -= slide) windows.push({ start, end: start + size });
  return windows;
}

/** Groups events by key and window, for windows that do not merge. */
export function byKeyAndWindow(events: readonly Event[], windowsOf: (e: Event) => Interval[], key: (e: Event) => string = (e) => e.key): Map<string, { key: string; window: Interval; events: Event[] }> {
  const groups = new Map<string, { key: string; window: Interval; events: Event[] }>();
  for (const e of [...events].sort((x, y) => x.ts - y.ts)) {
    for (const window of windowsOf(e)) {
      const id = `${key(e)}|${window.start}|${window.end}`;
      let group = groups.get(id);
      if (group === undefined) {
        group = { key: key(e), window, events: [] };
        groups.set(id, group);
      }
      group.events.push(e);
    }
  }
  return groups;
}

/** Sessions per key: [ts, ts + gap) intervals that overlap or touch, merged into their cover. */
export function sessions(events: readonly Event[], gap: (e: Event) => number): { key: string; window: Interval; events: Event[] }[] {
  const result: { key: string; window: Interval; events: Event[] }[] = [];
  const keys = new Set(events.map((e) => e.key));
  for (const key of keys) {
    const mine = events.filter((e) => e.key === key).sort((x, y) => x.ts - y.ts);
    let current: { key: string; window: Interval; events: Event[] } | undefined;
    for (const e of mine) {
      const start = e.ts;
      const end = e.ts + gap(e);
      if (current !== undefined && start <= current.window.end) {
        current.window = { start: current.window.start, end: Math.max(current.window.end, end) };
        current.events.push(e);
      } else {
        if (current !== undefined) result.push(current);
        current = { key, window: { start, end }, events: [e] };
      }
    }
    if (current !== undefined) result.push(current);
  }
  return result;
}

export const sum = (events: readonly Event[], field: 'value' | 'id'): number => events.reduce((s, e) => s + e[field], 0);
