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
import { difference, expected, parse } from './support/expected.js';

const JOB = repoPath('test/windowing/jobs/window-properties.ts');

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
