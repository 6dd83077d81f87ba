/**
 * Descriptors name a piece of state and say how to build it. Values are stored as plain
 * data (they cross threads and checkpoints through the record serializer), so no
 * serializer needs naming; a descriptor may still carry one for custom encodings.
 */
import type { AggregateFunction } from './state.js';
import type { StateTtlConfig } from './state-ttl-config.js';

/** Turns a value into plain data and back, for values that are not plain data themselves. */
export interface StateSerializer<T> {
  toPlain(value: T): unknown;
  fromPlain(plain: unknown): T;
}

abstract class StateDescriptor<T> {
  ttlConfig: StateTtlConfig | undefined;

  constructor(
    readonly name: string,
    readonly serializer?: StateSerializer<T>,
  ) {
    if (name.length === 0) throw new TypeError('a state descriptor needs a non-empty name');
  }

  abstract readonly kind: 'value' | 'list' | 'map' | 'reducing' | 'aggregating';

  enableTimeToLive(ttlConfig: StateTtlConfig): void {
    this.ttlConfig = ttlConfig;
  }
}

export class ValueStateDescriptor<T> extends StateDescriptor<T> {
  readonly kind = 'value';

  constructor(
    name: string,
    readonly defaultValue?: T,
    serializer?: StateSerializer<T>,
  ) {
    super(name, serializer);
  }
}

export class ListStateDescriptor<T> extends StateDescriptor<T> {
  readonly kind = 'list';
}

export class MapStateDescriptor<K, V> extends StateDescriptor<V> {
  readonly kind = 'map';
  declare readonly __keyType?: K;
}

export class ReducingStateDescriptor<T> extends StateDescriptor<T> {
  readonly kind = 'reducing';

  constructor(
    name: string,
    readonly reduceFunction: (a: T, b: T) => T,
    serializer?: StateSerializer<T>,
  ) {
    super(name, serializer);
  }
}

export class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor<ACC> {
  readonly kind = 'aggregating';
  declare readonly __types?: [IN, OUT];

  constructor(
    name: string,
    readonly aggregateFunction: AggregateFunction<IN, ACC, OUT>,
    serializer?: StateSerializer<ACC>,
  ) {
    super(name, serializer);
  }
}

export type AnyStateDescriptor =
  | ValueStateDescriptor<unknown>
  | ListStateDescriptor<unknown>
  | MapStateDescriptor<unknown, unknown>
  | ReducingStateDescriptor<unknown>
  | AggregatingStateDescriptor<unknown, unknown, unknown>;
