/**
 * The correctness bar for windows: the same events, fed in random orders within the
 * out-of-orderness bound, at parallelism 1, 2 and 4, give what a plain computation over
 * the sorted events gives, for every event-time assigner, windowAll, an evictor, a window
 * join and a window coGroup. One `weir run` per parallelism runs every case
 * (test/windowing/jobs/window-properties.ts), each run with its own arrival order.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { repoPath, runWeir } from '../support/weir-cli.js';
import { byKeyAndWindow, gridWindows, sessions, sum, type Interval } from './support/brute-force.js';
import { dynamicGap, inputsOf, SESSION_GAP, type Event } from './support/events.js';

const JOB = repoPath('test/windowing/jobs/window-properties.ts');

type Row = readonly unknown[];

function expected(seed: number): Record<string, Row[]> {
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

function parse(stdout: string): Record<string, unknown[]> {
  const results: Record<string, unknown[]> = {};
  for (const line of stdout.split('\n')) {
    const match = /^(?:\d+> )?RESULT (\S+) (.*)$/.exec(line);
    if (match === null) continue;
    (results[match[1] as string] ??= []).push(JSON.parse(match[2] as string));
  }
  return results;
}

/** What one multiset of rows lacks and has too much of, compared with the other. */
function difference(actual: readonly unknown[], expected: readonly unknown[]): { missing: string[]; extra: string[] } {
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

describe('event-time windows against brute force', () => {
  for (const [parallelism, seed] of [
    [1, 101],
    [2, 202],
    [4, 404],
  ] as const) {
    test(`parallelism ${parallelism}, arrival order ${seed}`, async () => {
      const run = await runWeir(['run', '-p', String(parallelism), '-D', 'taskmanager.numberOfTaskSlots=4', '-D', 'pipeline.auto-watermark-interval=10ms', JOB, '--seed', String(seed)], {
        timeoutMs: 90_000,
      });
      assert.equal(run.code, 0, `the job failed:\n${run.stderr}`);
      const { 'fired-before-end': early = [], ...actual } = parse(run.stdout);
      const wanted = expected(seed);
      const firedEarly = early.filter((fired) => fired === true).length;
      assert.ok(firedEarly >= early.length / 2, `only ${firedEarly} of ${early.length} windows fired before the end of input: watermarks did not interleave`);
      assert.deepEqual(Object.keys(actual).sort(), Object.keys(wanted).sort(), 'every case should have results');
      for (const [name, rows] of Object.entries(wanted)) {
        assert.ok(rows.length > 0, `${name}: the brute force found nothing; the test data is wrong`);
        const { missing, extra } = difference(actual[name] ?? [], rows);
        assert.ok(
          missing.length === 0 && extra.length === 0,
          `${name}: ${missing.length} results missing, ${extra.length} unexpected (of ${rows.length}); ` +
            `missing ${missing.slice(0, 5).join(' ')}; unexpected ${extra.slice(0, 5).join(' ')}`,
        );
      }
    });
  }
});
