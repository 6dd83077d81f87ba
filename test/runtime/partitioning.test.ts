import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { WeirError } from '../../src/core/errors.js';
import { assignKeyToParallelOperator, computeKeyGroupRangeForOperatorIndex } from '../../src/runtime/partitioning/key-groups.js';
import {
  BroadcastPartitioner,
  createPartitioner,
  CustomPartitionerWrapper,
  DISTRIBUTION_PATTERNS,
  ForwardPartitioner,
  GlobalPartitioner,
  KeyGroupStreamPartitioner,
  type PartitionerKind,
  RebalancePartitioner,
  RescalePartitioner,
  SHIP_STRATEGIES,
  ShufflePartitioner,
  type StreamPartitioner,
} from '../../src/runtime/partitioning/partitioners.js';
import { pointwiseSources, pointwiseTargets } from '../../src/runtime/partitioning/pointwise.js';

interface Bid {
  readonly auction: number;
  readonly bidder: string;
}

function select<T>(partitioner: StreamPartitioner<T>, records: readonly T[]): number[] {
  return records.map((record) => partitioner.selectChannel(record));
}

function counts(channels: readonly number[], numberOfChannels: number): number[] {
  const result = new Array<number>(numberOfChannels).fill(0);
  for (const channel of channels) result[channel] = (result[channel] ?? 0) + 1;
  return result;
}

const bids: Bid[] = Array.from({ length: 1000 }, (_, i) => ({ auction: i % 37, bidder: `b${i % 11}` }));

function isWeirError(code: string, ...fragments: string[]) {
  return (error: unknown): boolean =>
    error instanceof WeirError && error.code === code && fragments.every((fragment) => error.message.includes(fragment));
}

void describe('ForwardPartitioner and GlobalPartitioner', () => {
  void it('forward always selects channel 0 and is POINTWISE', () => {
    const p = new ForwardPartitioner<Bid>();
    p.setup(1);
    assert.ok(select(p, bids).every((c) => c === 0));
    assert.equal(p.isPointwise, true);
    assert.equal(p.toString(), 'FORWARD');
  });

  void it('global always selects channel 0 of many and is ALL_TO_ALL', () => {
    const p = new GlobalPartitioner<Bid>();
    p.setup(8);
    assert.ok(select(p, bids).every((c) => c === 0));
    assert.equal(p.isPointwise, false);
  });
});

void describe('RebalancePartitioner', () => {
  void it('cycles through all channels evenly from the given first channel', () => {
    const p = new RebalancePartitioner<Bid>({ firstChannel: 2 });
    p.setup(4);
    assert.deepEqual(select(p, bids.slice(0, 9)), [2, 3, 0, 1, 2, 3, 0, 1, 2]);
    const p2 = new RebalancePartitioner<Bid>({ firstChannel: 1 });
    p2.setup(5);
    assert.deepEqual(counts(select(p2, bids), 5), [200, 200, 200, 200, 200]);
  });

  void it('starts at a random channel, like Flink, so senders do not all hit channel 0 first', () => {
    const p = new RebalancePartitioner<Bid>({ random: () => 0.99 });
    p.setup(4);
    assert.deepEqual(select(p, bids.slice(0, 3)), [3, 0, 1]);
    const firsts = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const q = new RebalancePartitioner<Bid>();
      q.setup(4);
      firsts.add(q.selectChannel(bids[0] as Bid));
    }
    assert.equal(firsts.size, 4);
  });
});

void describe('RescalePartitioner', () => {
  void it('round-robins from channel 0 over its local channels', () => {
    const p = new RescalePartitioner<Bid>();
    p.setup(3);
    assert.deepEqual(select(p, bids.slice(0, 7)), [0, 1, 2, 0, 1, 2, 0]);
  });

  void it('stays within the pointwise subset of each upstream subtask', () => {
    for (const [upstream, downstream] of [[2, 4], [4, 2], [3, 5], [5, 3], [3, 3], [1, 6]] as const) {
      const reached = new Set<number>();
      for (let i = 0; i < upstream; i++) {
        const targets = pointwiseTargets(i, upstream, downstream);
        const p = new RescalePartitioner<Bid>();
        p.setup(targets.length);
        const subtasks = select(p, bids).map((channel) => targets[channel]);
        for (const subtask of subtasks) {
          assert.ok(subtask !== undefined && targets.includes(subtask), `${upstream}->${downstream}: upstream ${i} sent to ${subtask}`);
          reached.add(subtask);
        }
        const perTarget = counts(select(p, bids), targets.length);
        assert.ok(Math.max(...perTarget) - Math.min(...perTarget) <= 1, 'even spread over the subset');
      }
      assert.equal(reached.size, downstream, `${upstream}->${downstream}: every downstream subtask receives records`);
    }
  });
});

void describe('ShufflePartitioner', () => {
  void it('picks channels from its random source, all in range', () => {
    let n = 0;
    const p = new ShufflePartitioner<Bid>(() => (n++ % 10) / 10);
    p.setup(5);
    assert.deepEqual(select(p, bids.slice(0, 10)), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    const q = new ShufflePartitioner<Bid>();
    q.setup(6);
    const spread = counts(select(q, bids), 6);
    assert.ok(spread.every((count) => count > 100), `roughly uniform: ${spread.join(',')}`);
  });
});

void describe('BroadcastPartitioner', () => {
  void it('is a broadcast and refuses to select one channel', () => {
    const p = new BroadcastPartitioner<Bid>();
    p.setup(4);
    assert.equal(p.isBroadcast, true);
    assert.equal(new ForwardPartitioner().isBroadcast, false);
    assert.throws(() => p.selectChannel(bids[0] as Bid), isWeirError('TASK_FAILED', 'isBroadcast'));
  });
});

void describe('KeyGroupStreamPartitioner', () => {
  void it('puts equal keys on the same channel and spreads distinct keys', () => {
    const p = new KeyGroupStreamPartitioner<Bid, number>((bid) => bid.auction, 128);
    p.setup(4);
    const byAuction = new Map<number, number>();
    for (const bid of bids) {
      const channel = p.selectChannel(bid);
      assert.ok(channel >= 0 && channel < 4);
      const previous = byAuction.get(bid.auction);
      if (previous !== undefined) assert.equal(channel, previous, `auction ${bid.auction}`);
      byAuction.set(bid.auction, channel);
    }
    assert.equal(new Set(byAuction.values()).size, 4);
  });

  void it('matches Flink: "hello" goes to subtask 1 of 4, integer 42 to subtask 0, ("word", 1) to subtask 0', () => {
    const p = new KeyGroupStreamPartitioner<unknown, unknown>((record) => record, 128);
    p.setup(4);
    assert.equal(p.selectChannel('hello'), 1);
    assert.equal(p.selectChannel(42), 0);
    assert.equal(p.selectChannel(['word', 1]), 0);
    assert.equal(p.selectChannel(1700000000000), 2);
  });

  void it('sends each key to the subtask whose key-group range holds its key group', () => {
    const p = new KeyGroupStreamPartitioner<Bid, string>((bid) => bid.bidder, 128);
    p.setup(3);
    for (const bid of bids) {
      const channel = p.selectChannel(bid);
      assert.equal(channel, assignKeyToParallelOperator(bid.bidder, 128, 3));
      const range = computeKeyGroupRangeForOperatorIndex(128, 3, channel);
      assert.ok(range.start <= range.end);
    }
  });

  void it('names the failing record when the key selector throws or returns undefined', () => {
    const p = new KeyGroupStreamPartitioner<Bid, unknown>((bid) => {
      if (bid.auction === 3) throw new Error('no auction 3');
      return (bid as unknown as Record<string, unknown>)['auctoin'];
    }, 128);
    p.setup(2);
    assert.throws(() => p.selectChannel({ auction: 3, bidder: 'x' }), isWeirError('USER_FUNCTION_FAILED', '"auction":3', 'no auction 3'));
    assert.throws(() => p.selectChannel({ auction: 1, bidder: 'x' }), isWeirError('USER_FUNCTION_FAILED', 'undefined'));
  });

  void it('refuses more channels than key groups', () => {
    const p = new KeyGroupStreamPartitioner<Bid, number>((bid) => bid.auction, 4);
    assert.throws(() => p.setup(8), isWeirError('GRAPH_INVALID', 'max parallelism 4'));
  });
});

void describe('CustomPartitionerWrapper', () => {
  void it('routes by the user function of the key', () => {
    const p = new CustomPartitionerWrapper<Bid, number>((key, n) => key % n, (bid) => bid.auction);
    p.setup(5);
    assert.deepEqual(select(p, bids.slice(0, 7)), [0, 1, 2, 3, 4, 0, 1]);
  });

  void it('throws a clear error naming a bad index', () => {
    for (const bad of [5, -1, 1.5, Number.NaN]) {
      const p = new CustomPartitionerWrapper<Bid, number>(() => bad, (bid) => bid.auction);
      p.setup(5);
      assert.throws(() => p.selectChannel(bids[0] as Bid), isWeirError('USER_FUNCTION_FAILED', `returned ${String(bad)}`, '[0, 5)'));
    }
    const stringly = new CustomPartitionerWrapper<Bid, number>(() => '1' as unknown as number, (bid) => bid.auction);
    stringly.setup(5);
    assert.throws(() => stringly.selectChannel(bids[0] as Bid), isWeirError('USER_FUNCTION_FAILED', 'returned "1"'));
  });

  void it('wraps a throwing partition function', () => {
    const p = new CustomPartitionerWrapper<Bid, number>(() => {
      throw new Error('boom');
    }, (bid) => bid.auction);
    p.setup(2);
    assert.throws(() => p.selectChannel(bids[0] as Bid), isWeirError('USER_FUNCTION_FAILED', 'boom'));
  });
});

void describe('PartitionerSpec', () => {
  const kinds: PartitionerKind[] = ['forward', 'rebalance', 'rescale', 'shuffle', 'broadcast', 'global', 'hash', 'custom'];

  void it("maps every kind to Flink's ship_strategy and distribution pattern", () => {
    assert.deepEqual(
      kinds.map((kind) => SHIP_STRATEGIES[kind]),
      ['FORWARD', 'REBALANCE', 'RESCALE', 'SHUFFLE', 'BROADCAST', 'GLOBAL', 'HASH', 'CUSTOM'],
    );
    assert.deepEqual(
      kinds.filter((kind) => DISTRIBUTION_PATTERNS[kind] === 'POINTWISE'),
      ['forward', 'rescale'],
    );
  });

  void it('builds each partitioner from its spec, which stays plain data', () => {
    for (const kind of kinds) {
      const p = createPartitioner<Bid, number>({ kind }, { keySelector: (bid) => bid.auction, customPartitioner: () => 0, maxParallelism: 128 });
      assert.equal(p.kind, kind);
      assert.deepEqual(JSON.parse(JSON.stringify(p.spec)), { kind });
      assert.equal(p.toString(), SHIP_STRATEGIES[kind]);
    }
  });

  void it('refuses a hash or custom spec without its user functions', () => {
    assert.throws(() => createPartitioner({ kind: 'hash' }), isWeirError('GRAPH_INVALID', 'key selector'));
    assert.throws(() => createPartitioner({ kind: 'custom' }, { keySelector: (x: unknown) => x }), isWeirError('GRAPH_INVALID'));
  });

  void it('refuses a non-positive channel count', () => {
    assert.throws(() => new RescalePartitioner().setup(0), isWeirError('GRAPH_INVALID'));
  });
});

void describe('pointwise wiring (EdgeManagerBuildUtil.connectPointwise)', () => {
  void it("gives Flink's documented examples", () => {
    assert.deepEqual([0, 1].map((i) => pointwiseTargets(i, 2, 4)), [[0, 1], [2, 3]]);
    assert.deepEqual([0, 1].map((j) => pointwiseSources(j, 4, 2)), [[0, 1], [2, 3]]);
    assert.deepEqual([0, 1, 2].map((i) => pointwiseTargets(i, 3, 5)), [[0, 1], [2, 3], [4]]);
    assert.deepEqual([0, 1, 2].map((j) => pointwiseSources(j, 5, 3)), [[0], [1, 2], [3, 4]]);
    assert.deepEqual(pointwiseTargets(2, 3, 3), [2]);
  });

  void it('targets and sources are inverse, contiguous and connect every subtask, for parallelisms 1..9', () => {
    for (let upstream = 1; upstream <= 9; upstream++) {
      for (let downstream = 1; downstream <= 9; downstream++) {
        const edges = new Set<string>();
        for (let i = 0; i < upstream; i++) {
          const targets = pointwiseTargets(i, upstream, downstream);
          assert.ok(targets.length > 0);
          targets.forEach((t, k) => assert.equal(t, (targets[0] ?? 0) + k, 'contiguous'));
          for (const t of targets) edges.add(`${i}->${t}`);
        }
        let fromSources = 0;
        for (let j = 0; j < downstream; j++) {
          const sources = pointwiseSources(j, upstream, downstream);
          assert.ok(sources.length > 0, `${upstream}->${downstream}: downstream ${j} has an input`);
          sources.forEach((s, k) => assert.equal(s, (sources[0] ?? 0) + k, 'contiguous'));
          for (const s of sources) assert.ok(edges.has(`${s}->${j}`), `${upstream}->${downstream}: ${s}->${j}`);
          fromSources += sources.length;
        }
        assert.equal(fromSources, edges.size, `${upstream}->${downstream}: same edge set both ways`);
        assert.equal(edges.size, Math.max(upstream, downstream), 'each subtask on the larger side has exactly one partner');
      }
    }
  });

  void it('refuses out-of-range indexes', () => {
    assert.throws(() => pointwiseTargets(2, 2, 4), isWeirError('GRAPH_INVALID'));
    assert.throws(() => pointwiseSources(0, 0, 4), isWeirError('GRAPH_INVALID'));
  });
});
