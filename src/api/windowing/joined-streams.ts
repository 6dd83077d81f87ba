/**
 * Window join of two streams (Flink's JoinedStreams): per key and window, every pair of
 * an element of the first stream and one of the second. A coGroup underneath, as in Flink.
 *
 * ```ts
 * orders.join(payments)
 *   .where((o) => o.id).equalTo((p) => p.orderId)
 *   .window(TumblingEventTimeWindows.of(60_000))
 *   .apply((order, payment) => ({ ...order, paidAt: payment.time }));
 * ```
 */
import type { DataStream, SingleOutputStreamOperator } from '../data-stream.js';
import { resolveUserFunction, type Collector, type KeySelector, type RichFunction } from '../functions.js';
import { CoGroupedStreams, type CoGroupWithWindow, type TaggedUnion } from './co-grouped-streams.js';
import type { Evictor } from './evictors.js';
import type { Trigger } from './trigger.js';
import type { WindowAssigner } from './window-assigner.js';
import type { Window } from './windows.js';

export type JoinFunction<A, B, OUT> = ((first: A, second: B) => OUT) | (RichFunction & { join(first: A, second: B): OUT });

/** A join that emits any number of results per pair. */
export type FlatJoinFunction<A, B, OUT> =
  | ((first: A, second: B, out: Collector<OUT>) => void)
  | (RichFunction & { join(first: A, second: B, out: Collector<OUT>): void });

export class JoinedStreams<A, B> {
  constructor(
    readonly first: DataStream<A>,
    readonly second: DataStream<B>,
  ) {}

  where<K>(keySelector: KeySelector<A, K>): { equalTo(keySelector: KeySelector<B, K>): JoinWhereEqualTo<A, B, K> } {
    return {
      equalTo: (second) => new JoinWhereEqualTo(new CoGroupedStreams(this.first, this.second).where(keySelector).equalTo(second)),
    };
  }
}

export class JoinWhereEqualTo<A, B, K> {
  constructor(private readonly coGroup: { window<W extends Window>(assigner: WindowAssigner<TaggedUnion<A, B>, W>): CoGroupWithWindow<A, B, K, W> }) {}

  window<W extends Window>(assigner: WindowAssigner<TaggedUnion<A, B>, W>): JoinWithWindow<A, B, K, W> {
    return new JoinWithWindow(this.coGroup.window(assigner));
  }
}

export class JoinWithWindow<A, B, K, W extends Window> {
  constructor(private readonly coGrouped: CoGroupWithWindow<A, B, K, W>) {}

  trigger(trigger: Trigger<TaggedUnion<A, B>, W>): this {
    this.coGrouped.trigger(trigger);
    return this;
  }

  evictor(evictor: Evictor<TaggedUnion<A, B>, W>): this {
    this.coGrouped.evictor(evictor);
    return this;
  }

  allowedLateness(ms: number): this {
    this.coGrouped.allowedLateness(ms);
    return this;
  }

  /** One result per pair of elements with equal keys in the same window. */
  apply<OUT>(fn: JoinFunction<A, B, OUT>): SingleOutputStreamOperator<OUT> {
    const join = resolveUserFunction<(first: A, second: B) => OUT>(fn, 'join');
    return this.coGrouped.apply<OUT>(withHooks(fn, (first: A[], second: B[], out: Collector<OUT>) => {
      for (const a of first) for (const b of second) out.collect(join(a, b));
    }));
  }

  /** Any number of results per pair, through the collector. */
  flatApply<OUT>(fn: FlatJoinFunction<A, B, OUT>): SingleOutputStreamOperator<OUT> {
    const join = resolveUserFunction<(first: A, second: B, out: Collector<OUT>) => void>(fn, 'join');
    return this.coGrouped.apply<OUT>(withHooks(fn, (first: A[], second: B[], out: Collector<OUT>) => {
      for (const a of first) for (const b of second) join(a, b, out);
    }));
  }
}

/** The nested-loop coGroup, carrying the user's open/close so they still run. */
function withHooks<A, B, OUT>(fn: unknown, coGroup: (first: A[], second: B[], out: Collector<OUT>) => void): RichFunction & {
  coGroup(first: A[], second: B[], out: Collector<OUT>): void;
} {
  const rich = fn !== null && typeof fn === 'object' ? (fn as RichFunction) : undefined;
  return {
    coGroup,
    ...(rich?.open !== undefined ? { open: rich.open.bind(rich) } : {}),
    ...(rich?.close !== undefined ? { close: rich.close.bind(rich) } : {}),
  };
}
