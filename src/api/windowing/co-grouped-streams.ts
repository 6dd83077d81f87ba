/**
 * Window coGroup of two streams (Flink's CoGroupedStreams): per key and window, the
 * function gets the elements of both sides. Built as Flink builds it: each side is tagged
 * by a map, the tagged streams are unioned, keyed by the side's key and windowed; no
 * two-input operator is needed.
 *
 * ```ts
 * orders.coGroup(payments)
 *   .where((o) => o.id).equalTo((p) => p.orderId)
 *   .window(TumblingEventTimeWindows.of(60_000))
 *   .apply((os, ps, out) => out.collect({ orders: os.length, payments: ps.length }));
 * ```
 */
import type { DataStream, SingleOutputStreamOperator } from '../data-stream.js';
import { resolveUserFunction, type Collector, type KeySelector, type RichFunction } from '../functions.js';
import type { Evictor } from './evictors.js';
import type { InternalWindowFunction } from './internal-window-function.js';
import type { Trigger } from './trigger.js';
import type { WindowAssigner } from './window-assigner.js';
import { WindowedStream } from './windowed-stream.js';
import type { Window } from './windows.js';

export type CoGroupFunction<A, B, OUT> =
  | ((first: A[], second: B[], out: Collector<OUT>) => void)
  | (RichFunction & { coGroup(first: A[], second: B[], out: Collector<OUT>): void });

/** An element of either side, marked with its side; plain data so it can cross the network. */
export type TaggedUnion<A, B> = readonly [0, A] | readonly [1, B];

export class CoGroupedStreams<A, B> {
  constructor(
    readonly first: DataStream<A>,
    readonly second: DataStream<B>,
  ) {}

  /** The key of the first stream's elements. */
  where<K>(keySelector: KeySelector<A, K>): { equalTo(keySelector: KeySelector<B, K>): CoGroupWhereEqualTo<A, B, K> } {
    return { equalTo: (second) => new CoGroupWhereEqualTo(this.first, this.second, keySelector, second) };
  }
}

export class CoGroupWhereEqualTo<A, B, K> {
  constructor(
    private readonly first: DataStream<A>,
    private readonly second: DataStream<B>,
    private readonly firstKey: KeySelector<A, K>,
    private readonly secondKey: KeySelector<B, K>,
  ) {}

  window<W extends Window>(assigner: WindowAssigner<TaggedUnion<A, B>, W>): CoGroupWithWindow<A, B, K, W> {
    const firstKey = this.firstKey;
    const secondKey = this.secondKey;
    const tagged = this.first
      .map((a): TaggedUnion<A, B> => [0, a])
      .name('Tag first')
      .union(this.second.map((b): TaggedUnion<A, B> => [1, b]).name('Tag second'));
    const keyed = tagged.keyBy((t) => (t[0] === 0 ? firstKey(t[1]) : secondKey(t[1])));
    return new CoGroupWithWindow(new WindowedStream(keyed, assigner));
  }
}

export class CoGroupWithWindow<A, B, K, W extends Window> {
  constructor(private readonly windowed: WindowedStream<TaggedUnion<A, B>, K, W>) {}

  trigger(trigger: Trigger<TaggedUnion<A, B>, W>): this {
    this.windowed.trigger(trigger);
    return this;
  }

  evictor(evictor: Evictor<TaggedUnion<A, B>, W>): this {
    this.windowed.evictor(evictor);
    return this;
  }

  allowedLateness(ms: number): this {
    this.windowed.allowedLateness(ms);
    return this;
  }

  apply<OUT>(fn: CoGroupFunction<A, B, OUT>): SingleOutputStreamOperator<OUT> {
    const coGroup = resolveUserFunction<(first: A[], second: B[], out: Collector<OUT>) => void>(fn, 'coGroup');
    return this.windowed.build<OUT>('coGroup', { kind: 'list' }, coGroupWindowFunction(coGroup), fn);
  }
}

/** Splits a window's tagged elements by side and hands both sides to the user's function. */
function coGroupWindowFunction<A, B, OUT>(coGroup: (first: A[], second: B[], out: Collector<OUT>) => void): InternalWindowFunction {
  return {
    process(_key, _window, _context, input, out) {
      const first: A[] = [];
      const second: B[] = [];
      for (const element of input as TaggedUnion<A, B>[]) {
        if (element[0] === 0) first.push(element[1]);
        else second.push(element[1]);
      }
      coGroup(first, second, out as Collector<OUT>);
    },
    clear() {},
  };
}
