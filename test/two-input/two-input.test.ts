import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedPairs } from './support/expected-pairs.js';
import { readings, RULES } from '../../examples/data/readings.js';
import { repoPath, runWeir } from '../support/weir-cli.js';

const SLOTS = ['-D', 'taskmanager.numberOfTaskSlots=4'];


function resultLine(stdout: string): unknown {
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line !== undefined, `no RESULT line in:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length)) as unknown;
}

describe('interval join', () => {
  for (const parallelism of [1, 2, 4]) {
    for (const shuffle of [0, 11]) {
      it(`equals a brute-force join at parallelism ${parallelism}${shuffle === 0 ? ' in time order' : ' with events shuffled within the bound'}`, async () => {
        const run = await runWeir(['run', '-p', String(parallelism), ...SLOTS, repoPath('test/two-input/jobs/interval-join-property.ts'), '--seed', '3', '--orders', '150', '--shuffle', String(shuffle)]);
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(resultLine(run.stdout), expectedPairs(150, 3));
      });
    }
  }
});

describe('examples', () => {
  it('interval-join prints every order shipped within a minute, at any parallelism', async () => {
    const expected = expectedPairs(200, 7).map((p) => {
      const [id, orderTime, shipmentTime] = p.split(':').map(Number) as [number, number, number];
      return `order ${id} shipped after ${shipmentTime - orderTime} ms`;
    });
    for (const parallelism of [1, 4]) {
      const run = await runWeir(['run', '-p', String(parallelism), ...SLOTS, repoPath('examples/interval-join.ts')]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.stdout.trim().split('\n'), expected.sort(), `parallelism ${parallelism}`);
    }
  });

  it('broadcast-rules alerts on exactly the readings above their rule, whatever arrives first', async () => {
    const thresholds = new Map(RULES.map((r) => [r.type, r.threshold]));
    const expected = readings(300)
      .filter((r) => r.value > (thresholds.get(r.type) ?? Infinity))
      .map((r) => `ALERT ${r.sensor} ${r.value} > ${thresholds.get(r.type)}`)
      .sort();
    for (const parallelism of [1, 2, 4]) {
      const run = await runWeir(['run', '-p', String(parallelism), ...SLOTS, repoPath('examples/broadcast-rules.ts')]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.stdout.trim().split('\n'), expected, `parallelism ${parallelism}`);
    }
  });
});

describe('connected streams', () => {
  const numbers = Array.from({ length: 200 }, (_, i) => i + 1);
  const words = Array.from({ length: 60 }, (_, i) => `w${i % 20}`);
  const expected = {
    coMap: [...numbers.map((n) => `n:${n}`), ...words.map((w) => `w:${w}`)].sort(),
    coFlatMap: [...numbers.filter((n) => n % 50 === 0).map((n) => `n:${n}`), ...words.flatMap((w) => [w, w.toUpperCase()])].sort(),
    coProcess: ['first 100', 'first 200', 'second w0', 'second w0', 'second w0'].sort(),
    keyedCoProcess: Array.from({ length: 20 }, (_, k) => `key ${k} saw 10`).sort(),
  };

  for (const parallelism of [1, 2, 3, 4]) {
    it(`co-map, co-flat-map, co-process and keyed co-process equal plain computations at parallelism ${parallelism}`, async () => {
      const run = await runWeir(['run', '-p', String(parallelism), ...SLOTS, repoPath('test/two-input/jobs/connected.ts')]);
      assert.equal(run.code, 0, run.stderr);
      const result = resultLine(run.stdout) as Record<keyof typeof expected, string[]>;
      for (const name of Object.keys(expected) as (keyof typeof expected)[]) {
        assert.deepEqual([...result[name]].sort(), expected[name], `${name} at parallelism ${parallelism}`);
      }
    });
  }
});
