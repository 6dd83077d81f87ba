/**
 * examples/session-windows.ts and examples/top-n.ts run with `weir run` at parallelism 2,
 * against the same computations done plainly over their data.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clicksInArrivalOrder, SESSION_GAP_MS, type Click } from '../../examples/data/clicks.js';
import { pageViewsInArrivalOrder } from '../../examples/data/page-views.js';
import { repoPath, runWeir } from '../support/weir-cli.js';

function lines(stdout: string, tag: string): unknown[] {
  const found: unknown[] = [];
  for (const line of stdout.split('\n')) {
    const match = new RegExp(`^(?:\\d+> )?${tag} (.*)$`).exec(line);
    if (match !== null) found.push(JSON.parse(match[1] as string));
  }
  return found;
}

/** Sessions by definition: per user, clicks sorted by time, split where the gap reaches SESSION_GAP_MS. */
function sessionsOf(clicks: readonly Click[]): unknown[] {
  const sessions: unknown[] = [];
  for (const user of new Set(clicks.map((c) => c.user))) {
    const mine = clicks.filter((c) => c.user === user).sort((a, b) => a.ts - b.ts);
    let group: Click[] = [];
    const flush = (): void => {
      const first = group[0];
      const last = group[group.length - 1];
      if (first === undefined || last === undefined) return;
      sessions.push({ user, start: first.ts, end: last.ts + SESSION_GAP_MS, clicks: group.length, pages: [...new Set(group.map((c) => c.page))].sort() });
    };
    for (const click of mine) {
      const last = group[group.length - 1];
      if (last !== undefined && click.ts > last.ts + SESSION_GAP_MS) {
        flush();
        group = [];
      }
      group.push(click);
    }
    flush();
  }
  return sessions;
}

const sortedJson = (values: readonly unknown[]): string[] => values.map((v) => JSON.stringify(v)).sort();

test('examples/session-windows.ts: sessions as defined, and the clicks that came after their session closed on the side', async () => {
  const run = await runWeir(['run', '-p', '2', '-D', 'pipeline.auto-watermark-interval=20ms', repoPath('examples/session-windows.ts')], { timeoutMs: 60_000 });
  assert.equal(run.code, 0, `the example failed:\n${run.stderr}`);
  const clicks = clicksInArrivalOrder();
  const late = lines(run.stdout, 'LATE') as Click[];
  // Only a click delivered minutes behind can be late: the others are within the out-of-orderness bound.
  for (const click of late) assert.ok(click.delayed, `click ${click.id} came out late, but it arrived within the bound`);
  assert.ok(late.length > 0, 'the delayed clicks should come out late (the watermark passed their sessions minutes before)');
  const lateIds = new Set(late.map((c) => c.id));
  // Whether a delayed click is late depends on when a watermark went out; the sessions must match either way.
  assert.deepEqual(sortedJson(lines(run.stdout, 'SESSION')), sortedJson(sessionsOf(clicks.filter((c) => !lateIds.has(c.id)))));
});

test('examples/top-n.ts: the three most viewed pages of each minute', async () => {
  const run = await runWeir(['run', '-p', '2', repoPath('examples/top-n.ts')], { timeoutMs: 60_000 });
  assert.equal(run.code, 0, `the example failed:\n${run.stderr}`);
  const counts = new Map<number, Map<string, number>>();
  for (const view of pageViewsInArrivalOrder()) {
    const minute = Math.floor(view.ts / 60_000);
    const perPage = counts.get(minute) ?? new Map<string, number>();
    perPage.set(view.page, (perPage.get(view.page) ?? 0) + 1);
    counts.set(minute, perPage);
  }
  const expected = [...counts].map(([minute, perPage]) => ({
    minute,
    pages: [...perPage]
      .map(([page, views]) => ({ page, views }))
      .sort((a, b) => b.views - a.views || a.page.localeCompare(b.page))
      .slice(0, 3),
  }));
  assert.deepEqual(sortedJson(lines(run.stdout, 'TOP')), sortedJson(expected));
});
