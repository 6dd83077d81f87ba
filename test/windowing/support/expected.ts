/** What the window-properties job must produce for a seed, by brute force over the sorted events. */
import { byKeyAndWindow, gridWindows, sessions, sum, type Interval } from './brute-force.js';
import { dynamicGap, inputsOf, SESSION_GAP, type Event } from './events.js';

type Row = readonly unknown[];

export function expected(seed: number): Record<string, Row[]> {
  const { a, b } = inputsOf(seed);
  const summary = (groups: Iterable<{ key: string; window: Interval; events: Event[] }>): Row[] =>
    [...groups].map((g) => [g.key, g.window.start, g.window.end, g.events.length, sum(g.events, 'value'), sum(g.events, 'id')]);
  const tumbling = byKeyAndWindow(a, (e) => gridWindows(e.ts, 1000, 1000, 0));
  const joinSide = a.filter((e) => e.value % 3 === 0);
  const joinGroups = byKeyAndWindow([...joinSide.map((e) => ({ ...e, key: `a:${e.key}` })), ...b.map((e) => ({ ...e, key: `b:${e.key}` }))], (e) =>
    gridWindows(e.ts, 1000, 1000, 0),
  );
  const join: Row[] = [];
  for (const group of joinGroups.values()) {
    if (!group.key.startsWith('a:')) continue;
    const partner = joinGroups.get(`b:${group.key.slice(2)}|${group.window.start}|${group.window.end}`);
    for (const x of group.events) for (const y of partner?.events ?? []) join.push([x.id, y.id]);
  }
  const coGroup = new Map<string, { key: string; xs: number[]; ys: number[] }>();
  for (const [side, events] of [['x', a], ['y', b]] as const) {
    for (const e of events) {
      for (const w of gridWindows(e.ts, 1000, 500, 0)) {
        const id = `${e.key}|${w.start}`;
        const group = coGroup.get(id) ?? { key: e.key, xs: [], ys: [] };
        (side === 'x' ? group.xs : group.ys).push(e.id);
        coGroup.set(id, group);
      }
    }
  }
  const evicted = [...tumbling.values()].map((g) => {
    const newest = Math.max(...g.events.map((e) => e.ts));
    return { ...g, events: g.events.filter((e) => e.ts > newest - 300) };
  });
  const all = byKeyAndWindow(a, (e) => gridWindows(e.ts, 2000, 2000, 0), () => 'all');
  return {
    'tumbling-reduce': [...tumbling.values()].map((g) => [g.key, g.window.start, g.window.end, sum(g.events, 'value'), sum(g.events, 'id')]),
    'tumbling-offset-aggregate': summary(byKeyAndWindow(a, (e) => gridWindows(e.ts, 1000, 1000, 300)).values()),
    'sliding-process': summary(byKeyAndWindow(a, (e) => gridWindows(e.ts, 1500, 500, 0)).values()),
    'sliding-offset-aggregate': summary(byKeyAndWindow(a, (e) => gridWindows(e.ts, 1000, 400, -100)).values()),
    'session-process': summary(sessions(a, () => SESSION_GAP)),
    'session-dynamic-aggregate': summary(sessions(a, dynamicGap)),
    'tumbling-time-evictor': summary(evicted),
    'all-tumbling-aggregate': [...all.values()].map((g) => [g.window.start, g.events.length, sum(g.events, 'value'), sum(g.events, 'id')]),
    'join-tumbling': join,
    'cogroup-sliding': [...coGroup.values()].map((g) => [g.key, g.xs.sort((p, q) => p - q), g.ys.sort((p, q) => p - q)]),
  };
}

export function parse(stdout: string): Record<string, unknown[]> {
  const results: Record<string, unknown[]> = {};
  for (const line of stdout.split('\n')) {
    const match = /^(?:\d+> )?RESULT (\S+) (.*)$/.exec(line);
    if (match === null) continue;
    (results[match[1] as string] ??= []).push(JSON.parse(match[2] as string));
  }
  return results;
}

/** What one multiset of rows lacks and has too much of, compared with the other. */
export function difference(actual: readonly unknown[], expected: readonly unknown[]): { missing: string[]; extra: string[] } {
  const counts = new Map<string, number>();
  for (const row of expected) counts.set(JSON.stringify(row), (counts.get(JSON.stringify(row)) ?? 0) + 1);
  const extra: string[] = [];
  for (const row of actual) {
    const text = JSON.stringify(row);
    const left = counts.get(text) ?? 0;
    if (left === 0) extra.push(text);
    else counts.set(text, left - 1);
  }
  const missing = [...counts].flatMap(([text, left]) => Array<string>(left).fill(text));
  return { missing, extra };
}

