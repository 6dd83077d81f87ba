/**
 * Plan JSON in Flink's shapes: `env.getExecutionPlan()` (the StreamGraph, as Flink's plan
 * visualizer reads it) and `/jobs/:id/plan` + slots (what `weir info` prints).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { StreamExecutionEnvironment } from '../../src/api/stream-execution-environment.js';
import { infoJson } from '../../src/graph/plan.js';

const HEX32 = /^[0-9a-f]{32}$/;

describe('getExecutionPlan', () => {
  it("returns Flink's StreamGraph JSON: one node per operator with its pact and predecessors", () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
    const source = env.fromSequence(1, 10).name('numbers');
    const mapped = source.map((n) => n + 1);
    const counted = mapped
      .keyBy((n) => n % 3)
      .reduce((a, b) => a + b)
      .setParallelism(4);
    const sink = counted.print();

    const plan: unknown = JSON.parse(env.getExecutionPlan());
    assert.deepEqual(plan, {
      nodes: [
        { id: source.transformation.id, type: 'Source: numbers', pact: 'Data Source', contents: 'Source: numbers', parallelism: 2 },
        {
          id: mapped.transformation.id,
          type: 'Map',
          pact: 'Operator',
          contents: 'Map',
          parallelism: 2,
          predecessors: [{ id: source.transformation.id, ship_strategy: 'FORWARD', side: 'second' }],
        },
        {
          id: counted.transformation.id,
          type: 'Keyed Reduce',
          pact: 'Operator',
          contents: 'Keyed Reduce',
          parallelism: 4,
          predecessors: [{ id: mapped.transformation.id, ship_strategy: 'HASH', side: 'second' }],
        },
        {
          id: sink.transformation.id,
          type: 'Sink: Print to Std. Out',
          pact: 'Data Sink',
          contents: 'Sink: Print to Std. Out',
          parallelism: 2,
          predecessors: [{ id: counted.transformation.id, ship_strategy: 'REBALANCE', side: 'second' }],
        },
      ],
    });
  });

  it('calls an operator nobody reads an Operator, not a Data Sink', () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromSequence(1, 10).map((n) => n);
    const nodes = (JSON.parse(env.getExecutionPlan()) as { nodes: { type: string; pact: string }[] }).nodes;
    assert.deepEqual(
      nodes.map((n) => [n.type, n.pact]),
      [
        ['Source: Sequence Source', 'Data Source'],
        ['Map', 'Operator'],
      ],
    );
  });

  it('leaves the program intact: the job can still be built and planned again', () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromSequence(1, 10).print();
    const first = env.getExecutionPlan();
    assert.equal(env.getExecutionPlan(), first);
    assert.equal(env.getJobGraph().vertices.length, 1);
  });
});

/** A program whose tail (keyed reduce and sink) can carry a uid, after a configurable head. */
function buildJob(options: { extraFilter?: boolean; reduceUid?: string } = {}) {
  const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
  let stream = env.fromSequence(1, 100).name('numbers').map((n) => n * 3);
  if (options.extraFilter === true) stream = stream.filter((n) => n % 2 === 0);
  const reduced = stream.keyBy((n) => n % 7).reduce((a, b) => a + b);
  if (options.reduceUid !== undefined) reduced.uid(options.reduceUid);
  reduced.print();
  return env.getJobGraph('Plan test');
}

describe('jobPlan / infoJson', () => {
  it("has Flink's /jobs/:id/plan shape plus the slots, and source vertices have no inputs", () => {
    const info = infoJson(buildJob());
    assert.deepEqual(Object.keys(info), ['plan', 'slots']);
    const { plan } = info;
    assert.deepEqual(Object.keys(plan), ['jid', 'name', 'type', 'nodes']);
    assert.match(plan.jid, HEX32);
    assert.equal(plan.name, 'Plan test');
    assert.equal(plan.type, 'STREAMING');

    const [source, reducer, ...rest] = plan.nodes;
    assert.ok(source !== undefined && reducer !== undefined);
    assert.equal(rest.length, 0);
    for (const node of plan.nodes) assert.match(node.id, HEX32);
    assert.notEqual(source.id, reducer.id);

    assert.deepEqual(source, {
      id: source.id,
      parallelism: 2,
      operator: 'Source: numbers -> Map',
      operator_strategy: '',
      description: 'Source: numbers<br/>+- Map',
      optimizer_properties: {},
    });
    assert.equal('inputs' in source, false);

    assert.deepEqual(reducer, {
      id: reducer.id,
      parallelism: 2,
      operator: 'Keyed Reduce -> Sink: Print to Std. Out',
      operator_strategy: '',
      description: 'Keyed Reduce<br/>+- Sink: Print to Std. Out',
      inputs: [{ num: 0, id: source.id, ship_strategy: 'HASH', exchange: 'pipelined_bounded' }],
      optimizer_properties: {},
    });
    assert.deepEqual(info.slots, { required: 2, groups: { default: 2 } });
  });

  it('numbers the inputs of a vertex with several inputs in order', () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    const a = env.fromSequence(1, 5).name('a');
    const b = env.fromSequence(6, 9).name('b').setParallelism(2);
    a.union(b)
      .map((n) => n)
      .print();
    const [sourceA, sourceB, merged] = infoJson(env.getJobGraph()).plan.nodes;
    assert.ok(sourceA !== undefined && sourceB !== undefined && merged !== undefined);
    assert.deepEqual(merged.inputs, [
      { num: 0, id: sourceA.id, ship_strategy: 'FORWARD', exchange: 'pipelined_bounded' },
      { num: 1, id: sourceB.id, ship_strategy: 'REBALANCE', exchange: 'pipelined_bounded' },
    ]);
  });

  it('keeps vertex ids stable across two builds of the same program; each build is a new job id', () => {
    const first = infoJson(buildJob()).plan;
    const second = infoJson(buildJob()).plan;
    assert.deepEqual(
      second.nodes.map((n) => n.id),
      first.nodes.map((n) => n.id),
    );
    assert.notEqual(second.jid, first.jid);
  });

  it('derives a vertex id from its uid, so it survives changes to the graph before it', () => {
    const reducerId = (options: Parameters<typeof buildJob>[0]): string => {
      const vertex = buildJob(options).vertices.find((v) => v.name.startsWith('Keyed Reduce'));
      assert.ok(vertex !== undefined);
      return vertex.id;
    };
    // Without a uid, inserting a filter upstream changes the id (state would not be matched)…
    assert.notEqual(reducerId({ extraFilter: true }), reducerId({}));
    // …with one, it does not.
    assert.equal(reducerId({ reduceUid: 'running-sum', extraFilter: true }), reducerId({ reduceUid: 'running-sum' }));
    assert.notEqual(reducerId({ reduceUid: 'running-sum' }), reducerId({ reduceUid: 'other-sum' }));
  });
});
