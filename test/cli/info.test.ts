/**
 * `weir info` run as a user runs it: the real CLI in a child process, JSON on stdout.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { JobPlan } from '../../src/graph/plan.js';
import type { SlotRequirement } from '../../src/graph/job-graph.js';
import { runWeir } from '../support/weir-cli.js';

interface Info {
  readonly plan: JobPlan;
  readonly slots: SlotRequirement;
}

async function info(args: readonly string[]): Promise<Info> {
  const run = await runWeir(['info', ...args]);
  assert.equal(run.code, 0, `weir info ${args.join(' ')} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as Info;
}

/** Each vertex as `name (parallelism) <- SHIP_STRATEGY from upstream name, …`, for readable assertions. */
function summary(plan: JobPlan): string[] {
  const nameOf = new Map(plan.nodes.map((n) => [n.id, n.operator]));
  return plan.nodes.map((n) => {
    const inputs = (n.inputs ?? []).map((i) => `${i.ship_strategy} from ${nameOf.get(i.id) ?? `unknown vertex ${i.id}`}`);
    return `${n.operator} (${n.parallelism})${inputs.length > 0 ? ` <- ${inputs.join(', ')}` : ''}`;
  });
}

describe('weir info', () => {
  it('prints the slot sharing example: four vertices, their exchanges, and 4 slots over three groups', async () => {
    const { plan, slots } = await info(['examples/slot-sharing.ts']);
    assert.equal(plan.name, 'Slot sharing');
    assert.equal(plan.type, 'STREAMING');
    assert.match(plan.jid, /^[0-9a-f]{32}$/);
    assert.deepEqual(summary(plan), [
      'Source: readings (1)',
      'aggregate (1) <- HASH from Source: readings',
      'format (2) <- REBALANCE from aggregate',
      'Sink: Print to Std. Out (1) <- REBALANCE from format',
    ]);
    for (const node of plan.nodes) {
      assert.match(node.id, /^[0-9a-f]{32}$/);
      for (const input of node.inputs ?? []) assert.equal(input.exchange, 'pipelined_bounded');
    }
    assert.deepEqual(slots, { required: 4, groups: { default: 1, g2: 1, g3: 2 } });
  });

  it('honours --parallelism (-p) given before the job file', async () => {
    const { plan, slots } = await info(['-p', '3', 'examples/wordcount.ts']);
    assert.deepEqual(summary(plan), [
      // fromData is not a parallel source: it stays at 1, and the change of parallelism breaks the chain.
      'Source: lines (1)',
      'tokenizer (3) <- REBALANCE from Source: lines',
      'counter -> Sink: Print to Std. Out (3) <- HASH from tokenizer',
    ]);
    assert.deepEqual(slots, { required: 3, groups: { default: 3 } });
  });

  it('fails with a clear message and a non-zero exit when the program never calls execute()', async () => {
    const run = await runWeir(['info', 'test/jobs/no-execute.ts']);
    assert.notEqual(run.code, 0);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /test\/jobs\/no-execute\.ts never called execute\(\)/);
  });
});
