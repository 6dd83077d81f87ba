/**
 * Chaining decisions, in process: programs are built with the DataStream API and their
 * JobGraph is inspected, with no cluster. Each case gives the JobVertices a Flink user
 * would see for that program: the chained name, parallelism, slot sharing group, and
 * for every input the ship strategy, distribution pattern and upstream vertex.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { DataStream } from '../../src/api/data-stream.js';
import { StreamExecutionEnvironment } from '../../src/api/stream-execution-environment.js';
import { WeirError } from '../../src/core/errors.js';
import type { JobGraph } from '../../src/graph/job-graph.js';

interface VertexShape {
  readonly name: string;
  readonly parallelism: number;
  readonly group: string;
  /** `PARTITION/DISTRIBUTION <- upstream vertex name`, in input order. */
  readonly inputs: readonly string[];
}

function shape(jobGraph: JobGraph): VertexShape[] {
  const nameOf = new Map(jobGraph.vertices.map((v) => [v.id, v.name]));
  return jobGraph.vertices.map((v) => ({
    name: v.name,
    parallelism: v.parallelism,
    group: v.slotSharingGroup,
    inputs: v.inputs.map((e) => `${e.partition}/${e.distribution} <- ${nameOf.get(e.sourceVertexId) ?? '?'}`),
  }));
}

function newEnv(parallelism = 2): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism);
}

const SRC = 'Source: Sequence Source';
const PRINT = 'Sink: Print to Std. Out';

/** Explicit partitionings: each breaks a chain, with the exchange Flink would use. */
const PARTITIONINGS: readonly (readonly [string, (s: DataStream<number>) => DataStream<number>, string])[] = [
  ['rebalance', (s) => s.rebalance(), 'rebalance/ALL_TO_ALL'],
  ['rescale', (s) => s.rescale(), 'rescale/POINTWISE'],
  ['shuffle', (s) => s.shuffle(), 'shuffle/ALL_TO_ALL'],
  ['broadcast', (s) => s.broadcast(), 'broadcast/ALL_TO_ALL'],
  ['global', (s) => s.global(), 'global/ALL_TO_ALL'],
  ['partitionCustom', (s) => s.partitionCustom((key: number, n) => key % n, (x) => x), 'custom/ALL_TO_ALL'],
];

interface ChainingCase {
  readonly title: string;
  readonly build: (env: StreamExecutionEnvironment) => void;
  readonly vertices: readonly VertexShape[];
}

const CASES: readonly ChainingCase[] = [
  {
    title: 'source -> map -> filter -> sink at one parallelism form one chain',
    build: (env) => {
      env
        .fromSequence(1, 10)
        .map((n) => n * 2)
        .filter((n) => n > 4)
        .print();
    },
    vertices: [{ name: `${SRC} -> Map -> Filter -> ${PRINT}`, parallelism: 2, group: 'default', inputs: [] }],
  },
  {
    title: 'user names keep the role prefix of sources and sinks, as in Flink',
    build: (env) => {
      env
        .fromSequence(1, 10)
        .name('numbers')
        .map((n) => n * 2)
        .name('double')
        .print()
        .name('out');
    },
    vertices: [{ name: 'Source: numbers -> double -> Sink: out', parallelism: 2, group: 'default', inputs: [] }],
  },
  {
    title: 'keyBy breaks the chain with a HASH, ALL_TO_ALL exchange',
    build: (env) => {
      env
        .fromSequence(1, 10)
        .map((n) => n + 1)
        .keyBy((n) => n % 3)
        .reduce((a, b) => a + b)
        .print();
    },
    vertices: [
      { name: `${SRC} -> Map`, parallelism: 2, group: 'default', inputs: [] },
      { name: `Keyed Reduce -> ${PRINT}`, parallelism: 2, group: 'default', inputs: [`hash/ALL_TO_ALL <- ${SRC} -> Map`] },
    ],
  },
  ...PARTITIONINGS.map(
    ([partitioning, partition, exchange]): ChainingCase => ({
      title: `${partitioning}() breaks the chain even at equal parallelism (${exchange})`,
      build: (env) => {
        partition(env.fromSequence(1, 10))
          .map((n) => n + 1)
          .print();
      },
      vertices: [
        { name: SRC, parallelism: 2, group: 'default', inputs: [] },
        { name: `Map -> ${PRINT}`, parallelism: 2, group: 'default', inputs: [`${exchange} <- ${SRC}`] },
      ],
    }),
  ),
  {
    title: 'an explicit forward() between equal parallelisms chains',
    build: (env) => {
      env
        .fromSequence(1, 10)
        .forward()
        .map((n) => n + 1)
        .print();
    },
    vertices: [{ name: `${SRC} -> Map -> ${PRINT}`, parallelism: 2, group: 'default', inputs: [] }],
  },
  {
    title: 'a parallelism change breaks the chain and rebalances by default',
    build: (env) => {
      env
        .fromSequence(1, 10)
        .map((n) => n + 1)
        .setParallelism(3)
        .filter((n) => n > 2)
        .setParallelism(3)
        .print();
    },
    vertices: [
      { name: SRC, parallelism: 2, group: 'default', inputs: [] },
      { name: 'Map -> Filter', parallelism: 3, group: 'default', inputs: [`rebalance/ALL_TO_ALL <- ${SRC}`] },
      // The sink takes the environment's parallelism, not its input's, as in Flink.
      { name: PRINT, parallelism: 2, group: 'default', inputs: ['rebalance/ALL_TO_ALL <- Map -> Filter'] },
    ],
  },
  {
    title: 'a different slot sharing group breaks the chain; later operators inherit the group',
    build: (env) => {
      env
        .fromSequence(1, 10)
        .map((n) => n + 1)
        .slotSharingGroup('heavy')
        .filter((n) => n > 2)
        .print();
    },
    vertices: [
      { name: SRC, parallelism: 2, group: 'default', inputs: [] },
      { name: `Map -> Filter -> ${PRINT}`, parallelism: 2, group: 'heavy', inputs: [`forward/POINTWISE <- ${SRC}`] },
    ],
  },
  {
    title: 'disableChaining() isolates the operator on both sides',
    build: (env) => {
      env
        .fromSequence(1, 10)
        .map((n) => n + 1)
        .disableChaining()
        .filter((n) => n > 2)
        .print();
    },
    vertices: [
      { name: SRC, parallelism: 2, group: 'default', inputs: [] },
      { name: 'Map', parallelism: 2, group: 'default', inputs: [`forward/POINTWISE <- ${SRC}`] },
      { name: `Filter -> ${PRINT}`, parallelism: 2, group: 'default', inputs: ['forward/POINTWISE <- Map'] },
    ],
  },
  {
    title: 'startNewChain() starts a chain that the next operators join',
    build: (env) => {
      env
        .fromSequence(1, 10)
        .map((n) => n + 1)
        .startNewChain()
        .filter((n) => n > 2)
        .print();
    },
    vertices: [
      { name: SRC, parallelism: 2, group: 'default', inputs: [] },
      { name: `Map -> Filter -> ${PRINT}`, parallelism: 2, group: 'default', inputs: [`forward/POINTWISE <- ${SRC}`] },
    ],
  },
  {
    title: 'env.disableOperatorChaining() gives one vertex per operator',
    build: (env) => {
      env.disableOperatorChaining();
      env
        .fromSequence(1, 10)
        .map((n) => n + 1)
        .filter((n) => n > 2)
        .print();
    },
    vertices: [
      { name: SRC, parallelism: 2, group: 'default', inputs: [] },
      { name: 'Map', parallelism: 2, group: 'default', inputs: [`forward/POINTWISE <- ${SRC}`] },
      { name: 'Filter', parallelism: 2, group: 'default', inputs: ['forward/POINTWISE <- Map'] },
      { name: PRINT, parallelism: 2, group: 'default', inputs: ['forward/POINTWISE <- Filter'] },
    ],
  },
  {
    title: 'an operator after a union has two inputs and is not chained to either',
    build: (env) => {
      const left = env.fromSequence(1, 5).name('left');
      const right = env.fromSequence(6, 10).name('right');
      left
        .union(right)
        .map((n) => n * 10)
        .print();
    },
    vertices: [
      { name: 'Source: left', parallelism: 2, group: 'default', inputs: [] },
      { name: 'Source: right', parallelism: 2, group: 'default', inputs: [] },
      {
        name: `Map -> ${PRINT}`,
        parallelism: 2,
        group: 'default',
        inputs: ['forward/POINTWISE <- Source: left', 'forward/POINTWISE <- Source: right'],
      },
    ],
  },
  {
    title: 'a node with two chained outputs is named "A -> (B, C)"',
    build: (env) => {
      const numbers = env.fromSequence(1, 10).name('numbers');
      numbers
        .map((n) => n * 2)
        .print()
        .name('doubled');
      numbers
        .filter((n) => n % 2 === 0)
        .print()
        .name('evens');
    },
    vertices: [
      {
        name: 'Source: numbers -> (Map -> Sink: doubled, Filter -> Sink: evens)',
        parallelism: 2,
        group: 'default',
        inputs: [],
      },
    ],
  },
  {
    title: 'a source whose chaining is disabled stands alone; the rest still chains',
    build: (env) => {
      env
        .fromSequence(1, 10)
        .disableChaining()
        .map((n) => n + 1)
        .filter((n) => n > 2)
        .print();
    },
    vertices: [
      { name: SRC, parallelism: 2, group: 'default', inputs: [] },
      { name: `Map -> Filter -> ${PRINT}`, parallelism: 2, group: 'default', inputs: [`forward/POINTWISE <- ${SRC}`] },
    ],
  },
];

describe('chaining into JobVertices', () => {
  for (const c of CASES) {
    it(c.title, () => {
      const env = newEnv();
      c.build(env);
      assert.deepEqual(shape(env.getJobGraph()), c.vertices);
    });
  }

  it('lists the stream nodes of each chain head first, and wires edges from the producing operator', () => {
    const env = newEnv();
    const source = env.fromSequence(1, 10);
    const mapped = source.map((n) => n + 1);
    const reduced = mapped.keyBy((n) => n % 2).reduce((a, b) => a + b);
    const sink = reduced.print();
    const graph = env.getJobGraph();

    assert.deepEqual(
      graph.vertices.map((v) => v.nodeIds),
      [
        [source.transformation.id, mapped.transformation.id],
        [reduced.transformation.id, sink.transformation.id],
      ],
    );
    const [head, tail] = graph.vertices;
    assert.ok(head !== undefined && tail !== undefined);
    assert.equal(head.isSource, true);
    assert.equal(tail.isSource, false);
    assert.deepEqual(tail.inputs, [
      {
        sourceVertexId: head.id,
        targetVertexId: tail.id,
        sourceNodeId: mapped.transformation.id,
        targetNodeId: reduced.transformation.id,
        partition: 'hash',
        distribution: 'ALL_TO_ALL',
        inputIndex: 0,
      },
    ]);
  });

  it('refuses an explicit forward() across a parallelism change with GRAPH_INVALID naming both operators', () => {
    const env = newEnv();
    env
      .fromSequence(1, 10)
      .forward()
      .map((n) => n + 1)
      .name('widen')
      .setParallelism(4)
      .print();
    assert.throws(
      () => env.getJobGraph(),
      (error: unknown) => {
        assert.ok(error instanceof WeirError);
        assert.equal(error.code, 'GRAPH_INVALID');
        assert.match(error.message, /forward partitioning does not allow a change of parallelism/);
        assert.match(error.message, /'Source: Sequence Source' has 2, 'widen' has 4/);
        assert.match(error.message, /rebalance\(\)/);
        return true;
      },
    );
  });
});

describe('slot sharing group inheritance', () => {
  const groupsOf = (env: StreamExecutionEnvironment): Record<string, string> =>
    Object.fromEntries(env.getJobGraph().streamNodes.map((n) => [n.name, n.slotSharingGroup]));

  it('an unset group inherits the group of its input, across a keyBy', () => {
    const env = newEnv();
    env
      .fromSequence(1, 10)
      .name('numbers')
      .slotSharingGroup('ingest')
      .keyBy((n) => n % 2)
      .reduce((a, b) => a + b)
      .print();
    assert.deepEqual(groupsOf(env), { 'Source: numbers': 'ingest', 'Keyed Reduce': 'ingest', [PRINT]: 'ingest' });
  });

  it('an unset group after inputs that all agree takes their group', () => {
    const env = newEnv();
    const a = env.fromSequence(1, 5).name('a').slotSharingGroup('shared');
    const b = env.fromSequence(6, 9).name('b').slotSharingGroup('shared');
    a.union(b)
      .map((n) => n)
      .print();
    assert.equal(groupsOf(env)['Map'], 'shared');
  });

  it("an unset group after inputs that disagree falls back to 'default'", () => {
    const env = newEnv();
    const a = env.fromSequence(1, 5).name('a').slotSharingGroup('red');
    const b = env.fromSequence(6, 9).name('b').slotSharingGroup('blue');
    a.union(b)
      .map((n) => n)
      .print();
    assert.deepEqual(groupsOf(env), { 'Source: a': 'red', 'Source: b': 'blue', Map: 'default', [PRINT]: 'default' });
  });

  it('an explicit group wins over the inherited one', () => {
    const env = newEnv();
    env
      .fromSequence(1, 10)
      .slotSharingGroup('first')
      .map((n) => n)
      .slotSharingGroup('second')
      .print();
    assert.deepEqual(groupsOf(env), { [SRC]: 'first', Map: 'second', [PRINT]: 'second' });
  });
});

describe('uids', () => {
  it('refuses a uid used twice with GRAPH_INVALID naming the uid and both operators', () => {
    const env = newEnv();
    env
      .fromSequence(1, 10)
      .map((n) => n)
      .name('first')
      .uid('dup')
      .map((n) => n)
      .name('second')
      .uid('dup')
      .print();
    assert.throws(
      () => env.getJobGraph(),
      (error: unknown) => {
        assert.ok(error instanceof WeirError);
        assert.equal(error.code, 'GRAPH_INVALID');
        assert.match(error.message, /uid 'dup' is used by both 'first' and 'second'/);
        return true;
      },
    );
  });

  it('accepts distinct uids', () => {
    const env = newEnv();
    env
      .fromSequence(1, 10)
      .uid('source')
      .map((n) => n)
      .uid('map')
      .print()
      .uid('sink');
    assert.equal(env.getJobGraph().vertices.length, 1);
  });
});
