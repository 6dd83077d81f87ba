/**
 * examples/partitioning.ts at parallelism 4: every partitioner places records where
 * Flink's would, as seen by the subtask index a rich map reads in open(ctx).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { assignKeyToParallelOperator } from '../../src/runtime/partitioning/key-groups.js';
import { repoPath, runWeir } from '../support/weir-cli.js';

const PARALLELISM = 4;
const MAX_PARALLELISM = 128;
/** The example's records: ids 1..24, record i keyed `user-${i % 7}`. */
const IDS = Array.from({ length: 24 }, (_, i) => i + 1);
const keyOf = (id: number): string => `user-${id % 7}`;

interface Received {
  readonly ids: number[];
  readonly from: number[];
}

/** partitioner → downstream subtask → what it received. */
type Placement = Map<string, Map<number, Received>>;

function parse(stdout: string): Placement {
  const placement: Placement = new Map();
  for (const line of stdout.split('\n')) {
    const match = /^(\w+): subtask (\d+) <- \[([\d, ]*)\] from upstream \[([\d, ]*)\]$/.exec(line);
    if (match === null) continue;
    const [, name = '', subtask = '', ids = '', from = ''] = match;
    const numbers = (text: string): number[] => (text === '' ? [] : text.split(', ').map(Number));
    const bySubtask = placement.get(name) ?? new Map<number, Received>();
    bySubtask.set(Number(subtask), { ids: numbers(ids), from: numbers(from) });
    placement.set(name, bySubtask);
  }
  return placement;
}

function sorted(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

describe('examples/partitioning.ts at parallelism 4', () => {
  let placement: Placement;

  const of = (name: string): Map<number, Received> => {
    const bySubtask = placement.get(name);
    assert.ok(bySubtask !== undefined, `the example printed nothing for ${name}`);
    return bySubtask;
  };
  /** Every record arrived exactly once, over all subtasks. */
  const assertEachRecordOnce = (name: string): void => {
    const all = [...of(name).values()].flatMap((r) => r.ids);
    assert.deepEqual(sorted(all), IDS, `${name}: every record should arrive exactly once`);
  };

  before(async () => {
    const run = await runWeir(
      ['run', '-p', String(PARALLELISM), '-D', `taskmanager.numberOfTaskSlots=${PARALLELISM}`, repoPath('examples/partitioning.ts')],
      { timeoutMs: 60_000 },
    );
    assert.equal(run.code, 0, `the example failed:\n${run.stderr}`);
    placement = parse(run.stdout);
  });

  test('forward: each record stays on its subtask index', () => {
    const forward = of('forward');
    assertEachRecordOnce('forward');
    assert.deepEqual(sorted(forward.keys()), [0, 1, 2, 3], 'forward: every subtask should receive records');
    for (const [subtask, received] of forward) {
      assert.deepEqual(received.from, [subtask], `forward: subtask ${subtask} should receive only from upstream ${subtask}`);
    }
  });

  test('rebalance: round robin, so counts per subtask differ by at most 1', () => {
    assertEachRecordOnce('rebalance');
    const counts = [0, 1, 2, 3].map((s) => of('rebalance').get(s)?.ids.length ?? 0);
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `rebalance: counts per subtask ${counts.join(', ')}`);
  });

  test('rescale 2 → 4: each upstream subtask feeds only its pointwise targets', () => {
    const rescale = of('rescale');
    assertEachRecordOnce('rescale');
    assert.deepEqual(sorted(rescale.keys()), [0, 1, 2, 3], 'rescale: each upstream should round-robin over both its targets');
    for (const [subtask, received] of rescale) {
      const expected = subtask < 2 ? [0] : [1];
      assert.deepEqual(received.from, expected, `rescale: subtask ${subtask} should receive only from upstream ${expected[0]}`);
    }
  });

  test('shuffle: every record arrives, spread over more than one subtask', () => {
    assertEachRecordOnce('shuffle');
    assert.ok(of('shuffle').size > 1, 'shuffle: 24 records should not all land on one subtask');
  });

  test('broadcast: every subtask gets every record', () => {
    const broadcast = of('broadcast');
    assert.deepEqual(sorted(broadcast.keys()), [0, 1, 2, 3]);
    for (const [subtask, received] of broadcast) {
      assert.deepEqual(sorted(received.ids), IDS, `broadcast: subtask ${subtask} should get every record`);
    }
  });

  test('global: everything on subtask 0', () => {
    assertEachRecordOnce('global');
    assert.deepEqual([...of('global').keys()], [0], 'global: only subtask 0 should receive records');
  });

  test("keyBy: equal keys on one subtask, the one Flink's key-group formula picks", () => {
    assertEachRecordOnce('keyBy');
    const subtasksOfKey = new Map<string, Set<number>>();
    for (const [subtask, received] of of('keyBy')) {
      for (const id of received.ids) {
        const key = keyOf(id);
        subtasksOfKey.set(key, (subtasksOfKey.get(key) ?? new Set()).add(subtask));
        const expected = assignKeyToParallelOperator(key, MAX_PARALLELISM, PARALLELISM);
        assert.equal(subtask, expected, `keyBy: record ${id} (key ${key}) should be on subtask ${expected}`);
      }
    }
    for (const [key, subtasks] of subtasksOfKey) {
      assert.equal(subtasks.size, 1, `keyBy: key ${key} was split over subtasks ${sorted(subtasks).join(', ')}`);
    }
  });

  test("partitionCustom: exactly the user's function", () => {
    assertEachRecordOnce('partitionCustom');
    for (const [subtask, received] of of('partitionCustom')) {
      for (const id of received.ids) {
        assert.equal(subtask, Math.floor(id / 10) % PARALLELISM, `partitionCustom: record ${id}`);
      }
    }
  });
});
