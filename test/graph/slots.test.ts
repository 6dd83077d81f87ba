/**
 * How many slots a job needs: for each slot sharing group the largest parallelism of its
 * vertices, summed over the groups (DESIGN.md §1).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { StreamExecutionEnvironment } from '../../src/api/stream-execution-environment.js';
import { computeSlots } from '../../src/graph/job-graph.js';

interface Groups {
  readonly source?: string;
  readonly window?: string;
  readonly output?: string;
}

/**
 * The classic slot sharing pipeline: source (1) -> keyed "window" step (1) -> map (2) ->
 * sink, each step placed in the given group (unset: inherited, as in Flink).
 */
function classicPipeline(groups: Groups, sinkParallelism: number, options: { chaining?: boolean } = {}) {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  if (options.chaining === false) env.disableOperatorChaining();
  const source = env.fromSequence(1, 100).setParallelism(1);
  if (groups.source !== undefined) source.slotSharingGroup(groups.source);
  const window = source
    .keyBy((n) => n % 10)
    .reduce((a, b) => a + b)
    .name('window')
    .setParallelism(1);
  if (groups.window !== undefined) window.slotSharingGroup(groups.window);
  const map = window.map((n) => n * 2).setParallelism(2);
  if (groups.output !== undefined) map.slotSharingGroup(groups.output);
  const sink = map.print().setParallelism(sinkParallelism);
  if (groups.output !== undefined) sink.slotSharingGroup(groups.output);
  return computeSlots(env.getJobGraph().vertices);
}

describe('computeSlots', () => {
  it('the three-group example needs 1 + 1 + 2 = 4 slots', () => {
    assert.deepEqual(classicPipeline({ window: 'g2', output: 'g3' }, 1), {
      required: 4,
      groups: { default: 1, g2: 1, g3: 2 },
    });
  });

  it('the same pipeline with everything in default needs only its highest parallelism, 2', () => {
    assert.deepEqual(classicPipeline({}, 1), { required: 2, groups: { default: 2 } });
  });

  it("DESIGN.md §1: source 1, window 1, map 2 + sink 2 need 4 with a group each, 2 when all share 'default'", () => {
    assert.deepEqual(classicPipeline({ source: 'source', window: 'window', output: 'output' }, 2), {
      required: 4,
      groups: { source: 1, window: 1, output: 2 },
    });
    assert.deepEqual(classicPipeline({}, 2), { required: 2, groups: { default: 2 } });
  });

  it('counts vertices, not chains: disabling chaining does not change the slots a job needs', () => {
    const chained = classicPipeline({ window: 'g2', output: 'g3' }, 2);
    const unchained = classicPipeline({ window: 'g2', output: 'g3' }, 2, { chaining: false });
    assert.deepEqual(unchained, chained);
    assert.equal(unchained.required, 4);
  });

  it('follows the default parallelism of the environment', () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
    env
      .fromElements('a', 'b', 'a')
      .map((w): [string, number] => [w, 1])
      .keyBy(([w]) => w)
      .reduce(([w, a], [, b]): [string, number] => [w, a + b])
      .print();
    // fromElements is not parallel (1); everything else runs at 3, all in 'default'.
    assert.deepEqual(computeSlots(env.getJobGraph().vertices), { required: 3, groups: { default: 3 } });
  });

  it('takes the maximum within a group and the sum across groups', () => {
    assert.deepEqual(
      computeSlots([
        { slotSharingGroup: 'default', parallelism: 3 },
        { slotSharingGroup: 'default', parallelism: 5 },
        { slotSharingGroup: 'default', parallelism: 1 },
        { slotSharingGroup: 'side', parallelism: 2 },
        { slotSharingGroup: 'side', parallelism: 2 },
      ]),
      { required: 7, groups: { default: 5, side: 2 } },
    );
  });
});
