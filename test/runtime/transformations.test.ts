/**
 * Every DataStream transformation, run by the real `weir run` at parallelism 1 to 4, gives
 * what a plain-array computation of the same input gives: as a multiset where records may
 * interleave, and per key in input order for rolling aggregations fed by a parallelism-1
 * source through keyBy. One job run per parallelism runs every case (test/jobs/transformations.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoPath, runWeir, type WeirRun } from '../support/weir-cli.js';

const JOB = repoPath('test/jobs/transformations.ts');
const FACTOR = 7;

interface Row {
  readonly id: number;
  readonly key: string;
  readonly value: number;
}
type Tuple = [string, number, number];

/** The job's keyed input, recomputed here. */
const ROWS: readonly Row[] = Array.from({ length: 60 }, (_, id) => ({ id, key: `k${id % 5}`, value: (id * 3) % 7 }));
const TUPLES: readonly Tuple[] = ROWS.map((r) => [r.key, r.value, r.id]);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Records as a sorted list of their JSON texts: equal lists mean equal multisets. */
function multiset(records: readonly unknown[]): string[] {
  return records.map((r) => JSON.stringify(r)).sort();
}

function assertSameMultiset(actual: unknown, expected: readonly unknown[], what: string): void {
  assert.ok(Array.isArray(actual), `${what}: expected an array of records, got ${JSON.stringify(actual)}`);
  assert.deepEqual(multiset(actual), multiset(expected), `${what}: records differ from the plain-array computation`);
}

/** A rolling aggregation over the input in order: the accumulator after each record, per key. */
function rollingPerKey<T>(input: readonly T[], key: (t: T) => string, reduce: (acc: T, value: T) => T): Map<string, T[]> {
  const acc = new Map<string, T>();
  const emitted = new Map<string, T[]>();
  for (const value of input) {
    const k = key(value);
    const previous = acc.get(k);
    const next = previous === undefined ? value : reduce(previous, value);
    acc.set(k, next);
    emitted.set(k, [...(emitted.get(k) ?? []), next]);
  }
  return emitted;
}

function groupInOrder<T>(records: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of records) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return groups;
}

function assertRollingPerKey<T>(actual: unknown, expected: Map<string, T[]>, key: (t: T) => string, what: string): void {
  assert.ok(Array.isArray(actual), `${what}: expected an array of records, got ${JSON.stringify(actual)}`);
  const groups = groupInOrder(actual as T[], key);
  assert.deepEqual(
    [...groups.keys()].sort(),
    [...expected.keys()].sort(),
    `${what}: the keys emitted differ from the input's keys`,
  );
  for (const [k, values] of expected) {
    assert.deepEqual(groups.get(k), values, `${what}: key ${k} emitted a different sequence than the running aggregate in input order`);
  }
}

const rowKey = (r: Row): string => r.key;
const tupleKey = (t: Tuple): string => t[0];

/** Each rolling case: input, key and a plain reduce with Flink's semantics. */
const ROLLING: Record<string, { tuples: boolean; reduce: (acc: never, value: never) => unknown }> = {
  reduce: { tuples: false, reduce: (a: Row, b: Row): Row => ({ id: b.id, key: a.key, value: a.value + b.value }) },
  // sum/min/max: the aggregated field changes, the other fields keep the key's first record's values.
  sumTuple: { tuples: true, reduce: (a: Tuple, b: Tuple): Tuple => [a[0], a[1] + b[1], a[2]] },
  sumField: { tuples: false, reduce: (a: Row, b: Row): Row => ({ ...a, value: a.value + b.value }) },
  minTuple: { tuples: true, reduce: (a: Tuple, b: Tuple): Tuple => [a[0], Math.min(a[1], b[1]), a[2]] },
  minField: { tuples: false, reduce: (a: Row, b: Row): Row => ({ ...a, value: Math.min(a.value, b.value) }) },
  maxTuple: { tuples: true, reduce: (a: Tuple, b: Tuple): Tuple => [a[0], Math.max(a[1], b[1]), a[2]] },
  maxField: { tuples: false, reduce: (a: Row, b: Row): Row => ({ ...a, value: Math.max(a.value, b.value) }) },
  // minBy/maxBy: the whole record holding the extreme; on a tie the first one stays, unless first = false.
  minByTuple: { tuples: true, reduce: (a: Tuple, b: Tuple): Tuple => (b[1] < a[1] ? b : a) },
  minByTupleLast: { tuples: true, reduce: (a: Tuple, b: Tuple): Tuple => (b[1] <= a[1] ? b : a) },
  minByField: { tuples: false, reduce: (a: Row, b: Row): Row => (b.value < a.value ? b : a) },
  maxByTuple: { tuples: true, reduce: (a: Tuple, b: Tuple): Tuple => (b[1] > a[1] ? b : a) },
  maxByField: { tuples: false, reduce: (a: Row, b: Row): Row => (b.value > a.value ? b : a) },
  maxByFieldLast: { tuples: false, reduce: (a: Row, b: Row): Row => (b.value >= a.value ? b : a) },
};

interface JobRun {
  readonly run: WeirRun;
  readonly results: Record<string, unknown>;
  readonly outDir: string;
}

for (const parallelism of [1, 2, 3, 4]) {
  describe(`transformations at parallelism ${parallelism}`, () => {
    let job: JobRun;
    const at = (name: string): string => `case ${name} at parallelism ${parallelism}`;

    before(async () => {
      const outDir = await mkdtemp(join(tmpdir(), `weir-transformations-p${parallelism}-`));
      const run = await runWeir(
        [
          'run',
          '-p',
          String(parallelism),
          '-D',
          'taskmanager.numberOfTaskSlots=4',
          JOB,
          '--case',
          'all',
          '--out',
          outDir,
          '--factor',
          String(FACTOR),
        ],
        { timeoutMs: 60_000 },
      );
      assert.equal(run.code, 0, `the job failed at parallelism ${parallelism}:\n${run.stderr}`);
      const line = run.stdout.split('\n').find((l) => l.startsWith('RESULTS '));
      assert.ok(line !== undefined, `no RESULTS line at parallelism ${parallelism}; stdout:\n${run.stdout}`);
      job = { run, results: JSON.parse(line.slice('RESULTS '.length)) as Record<string, unknown>, outDir };
    });

    after(async () => {
      if (job !== undefined) await rm(job.outDir, { recursive: true, force: true });
    });

    test('-p sets the environment parallelism', () => {
      assert.equal(job.results.parallelism, parallelism);
    });

    test('map', () => {
      const expected = range(1, 1000).map((x) => x * 2);
      assertSameMultiset(job.results.map, expected, at('map'));
      // One source subtask chained to its map keeps the source's order.
      if (parallelism === 1) assert.deepEqual(job.results.map, expected, `${at('map')}: order changed on a forward chain`);
    });

    test('flatMap', () => {
      const expected = range(1, 300).flatMap((x) => range(0, (x % 4) - 1).map((j) => x * 10 + j));
      assertSameMultiset(job.results.flatMap, expected, at('flatMap'));
    });

    test('filter', () => {
      assertSameMultiset(job.results.filter, range(1, 1000).filter((x) => x % 3 === 0), at('filter'));
    });

    for (const [name, spec] of Object.entries(ROLLING)) {
      test(`keyBy + ${name}`, () => {
        if (spec.tuples) {
          const expected = rollingPerKey(TUPLES, tupleKey, spec.reduce as (a: Tuple, b: Tuple) => Tuple);
          assertRollingPerKey(job.results[name], expected, tupleKey, at(name));
        } else {
          const expected = rollingPerKey(ROWS, rowKey, spec.reduce as (a: Row, b: Row) => Row);
          assertRollingPerKey(job.results[name], expected, rowKey, at(name));
        }
      });
    }

    test('process (ProcessFunction)', () => {
      const expected = range(1, 500)
        .filter((x) => x % 2 === 0)
        .map((x) => [x, parallelism]);
      assertSameMultiset(job.results.process, expected, at('process'));
    });

    test('keyed process (KeyedProcessFunction with getCurrentKey)', () => {
      assertSameMultiset(job.results.keyedProcess, range(1, 500).map((x) => [x % 7, x]), at('keyedProcess'));
    });

    test('union of two and of three streams', () => {
      assertSameMultiset(job.results.union2, [...range(1, 100), ...range(1001, 1100)], at('union2'));
      const three = [...range(1, 100), -1, -2, -3, ...range(2001, 2050).map((x) => x + 0.5)].map((x) => x * 10);
      assertSameMultiset(job.results.union3, three, at('union3'));
    });

    test('rich function: open(ctx) sees its subtask, the parallelism and the job parameters; close() runs', async () => {
      const records = job.results.rich as [number, number, number, string, string][];
      assertSameMultiset(
        records.map((r) => r[0]),
        range(1, 400),
        at('rich'),
      );
      for (const [x, , n, tag, answer] of records) {
        assert.equal(n, parallelism, `${at('rich')}: numberOfParallelSubtasks for record ${x}`);
        assert.equal(tag, 'alpha', `${at('rich')}: job parameter 'tag' for record ${x}`);
        assert.equal(answer, '42', `${at('rich')}: job parameter 'answer' (a number, as a string) for record ${x}`);
      }
      const perSubtask = new Map<number, number>();
      for (const r of records) perSubtask.set(r[1], (perSubtask.get(r[1]) ?? 0) + 1);
      assert.deepEqual(
        [...perSubtask.keys()].sort(),
        range(0, parallelism - 1),
        `${at('rich')}: after rebalance every subtask index in [0, ${parallelism}) should map records`,
      );
      const closed = (await readdir(job.outDir)).filter((f) => f.startsWith('rich-closed-')).sort();
      assert.deepEqual(
        closed,
        range(0, parallelism - 1).map((i) => `rich-closed-${i}`),
        `${at('rich')}: close() should run once in every subtask`,
      );
      for (const [subtask, count] of perSubtask) {
        const seen = Number(await readFile(join(job.outDir, `rich-closed-${subtask}`), 'utf8'));
        assert.equal(seen, count, `${at('rich')}: subtask ${subtask}'s instance saw a different number of records than it tagged`);
      }
    });

    test('sinkTo(user Sink): one writer per subtask, flushed at end of input, then closed', async () => {
      const files = (await readdir(job.outDir)).filter((f) => f.startsWith('sink-')).sort();
      assert.deepEqual(
        files,
        range(0, parallelism - 1).map((i) => `sink-${i}-of-${parallelism}.txt`),
        `${at('sink')}: createWriter should run once per subtask`,
      );
      const lines: string[] = [];
      for (const file of files) {
        const text = await readFile(join(job.outDir, file), 'utf8');
        assert.ok(text.endsWith('#end-of-input\n#closed\n'), `${at('sink')}: ${file} should end with flush(true) then close(), got …${text.slice(-40)}`);
        lines.push(...text.split('\n').filter((l) => l.startsWith('line-')));
      }
      assertSameMultiset(
        lines,
        range(1, 777).map((x) => `line-${x}`),
        at('sink'),
      );
    });

    test('DataGeneratorSource through fromSource', () => {
      assertSameMultiset(
        job.results.generator,
        range(0, 499).map((i) => ({ i, square: i * i })),
        at('generator'),
      );
      assert.deepEqual(job.results.generatorEmpty, [], `${at('generatorEmpty')}: a count of 0 should emit nothing`);
    });

    test('fromElements and fromCollection', () => {
      assertSameMultiset(job.results.elements, ['TO', 'BE', 'OR', 'NOT', 'TO', 'BE'], at('elements'));
      assertSameMultiset(job.results.collection, [3, 1, 4, 5, 9, 2, 6].map((x) => x * x), at('collection'));
    });

    test(parallelism === 1 ? 'print() prints records without a prefix' : 'print() prefixes records with `subtask> `', () => {
      const printed = job.run.stdout
        .split('\n')
        .map((l) => /^(?:(\d+)> )?print-(\d+)$/.exec(l))
        .filter((m) => m !== null);
      assertSameMultiset(
        printed.map((m) => Number(m[2])),
        range(1, 40),
        at('print'),
      );
      const prefixes = new Set(printed.map((m) => m[1]));
      if (parallelism === 1) {
        assert.deepEqual([...prefixes], [undefined], `${at('print')}: a parallelism-1 print sink must not prefix its lines`);
      } else {
        assert.deepEqual(
          [...prefixes].map(Number).sort(),
          range(1, parallelism),
          `${at('print')}: each of the ${parallelism} print subtasks should prefix its lines with its 1-based index`,
        );
      }
    });

    test('the job arguments reach the slots (process.argv)', () => {
      assertSameMultiset(
        job.results.argv,
        range(1, 200).map((x) => x * FACTOR),
        `${at('argv')} (a map multiplying by --factor ${FACTOR} read from process.argv)`,
      );
    });
  });
}
