/**
 * Flink's `StreamPartitioner` set: each picks, per record, which output channel of a task
 * the record goes to. A writer calls `setup(numberOfChannels)` once, then
 * `selectChannel(record)` per record (or, when `isBroadcast`, copies the record to every
 * channel).
 *
 * ```ts
 * const p = createPartitioner({ kind: 'hash' }, { keySelector: (bid: Bid) => bid.auction, maxParallelism: 128 });
 * p.setup(4);
 * p.selectChannel(bid); // the subtask that owns bid.auction's key group
 * ```
 *
 * For a POINTWISE edge (forward, rescale) the channels are the upstream subtask's own
 * downstream subset: channel `c` is subtask `pointwiseTargets(i, U, D)[c]` (see `pointwise.ts`).
 */

import { errorMessage, WeirError } from '../../core/errors.js';
import { assignToKeyGroup, checkParallelismPreconditions, computeOperatorIndexForKeyGroup } from './key-groups.js';

/** The partitioners an edge can use; `PartitionerSpec` is this as data, fit for a job graph. */
export type PartitionerKind = 'forward' | 'rebalance' | 'rescale' | 'shuffle' | 'broadcast' | 'global' | 'hash' | 'custom';

/** Serializable description of an edge's partitioner; user functions (key selector, custom partitioner) travel separately. */
export interface PartitionerSpec {
  readonly kind: PartitionerKind;
}

/** The `ship_strategy` text Flink shows for an edge in its execution plan. */
export type ShipStrategy = 'FORWARD' | 'REBALANCE' | 'RESCALE' | 'SHUFFLE' | 'BROADCAST' | 'GLOBAL' | 'HASH' | 'CUSTOM';

/** How upstream and downstream subtasks connect: one-to-few (`POINTWISE`) or every-to-every (`ALL_TO_ALL`). */
export type DistributionPattern = 'POINTWISE' | 'ALL_TO_ALL';

/** Each partitioner kind's `ship_strategy` in a Flink-style plan. */
export const SHIP_STRATEGIES = {
  forward: 'FORWARD',
  rebalance: 'REBALANCE',
  rescale: 'RESCALE',
  shuffle: 'SHUFFLE',
  broadcast: 'BROADCAST',
  global: 'GLOBAL',
  hash: 'HASH',
  custom: 'CUSTOM',
} as const satisfies Record<PartitionerKind, ShipStrategy>;

/** Each partitioner kind's distribution pattern: only forward and rescale are POINTWISE, as in Flink. */
export const DISTRIBUTION_PATTERNS = {
  forward: 'POINTWISE',
  rebalance: 'ALL_TO_ALL',
  rescale: 'POINTWISE',
  shuffle: 'ALL_TO_ALL',
  broadcast: 'ALL_TO_ALL',
  global: 'ALL_TO_ALL',
  hash: 'ALL_TO_ALL',
  custom: 'ALL_TO_ALL',
} as const satisfies Record<PartitionerKind, DistributionPattern>;

/** Extracts the key of a record (a user function). */
export type KeySelector<T, K> = (record: T) => K;

/** Maps a key to a partition in `[0, numPartitions)` (a user function, as Flink's `Partitioner`). */
export type CustomPartitionFunction<K> = (key: K, numPartitions: number) => number;

/** Picks the output channel of each record; one instance per writer, since some keep a cursor. */
export abstract class StreamPartitioner<T = unknown> {
  abstract readonly kind: PartitionerKind;
  /** True when every record goes to every channel; then `selectChannel` must not be called. */
  readonly isBroadcast: boolean = false;
  protected numberOfChannels = 0;

  /** Called once by the writer with its channel count before the first `selectChannel`. */
  setup(numberOfChannels: number): void {
    if (!Number.isInteger(numberOfChannels) || numberOfChannels <= 0) {
      throw new WeirError('GRAPH_INVALID', `A ${this.toString()} partitioner needs a positive number of channels, got ${numberOfChannels}`);
    }
    this.numberOfChannels = numberOfChannels;
  }

  /** The channel in `[0, numberOfChannels)` that `record` goes to. */
  abstract selectChannel(record: T): number;

  /** True for forward and rescale, whose channels are the subtask's own downstream subset. */
  get isPointwise(): boolean {
    return DISTRIBUTION_PATTERNS[this.kind] === 'POINTWISE';
  }

  /** This partitioner as data, for a job graph or plan. */
  get spec(): PartitionerSpec {
    return { kind: this.kind };
  }

  /** Flink's `ship_strategy` text, e.g. `HASH`. */
  toString(): ShipStrategy {
    return SHIP_STRATEGIES[this.kind];
  }
}

/** Sends every record to channel 0: the one downstream subtask of a POINTWISE edge with equal parallelism. */
export class ForwardPartitioner<T = unknown> extends StreamPartitioner<T> {
  readonly kind = 'forward';

  selectChannel(_record: T): number {
    return 0;
  }
}

/** Source of randomness in `[0, 1)`; tests pass a deterministic one. */
export type RandomSource = () => number;

/** Options for {@link RebalancePartitioner}. */
export interface RebalanceOptions {
  /** Channel of the first record (modulo the channel count); random by default, as in Flink, so that many senders do not all start on channel 0. */
  readonly firstChannel?: number;
  readonly random?: RandomSource;
}

/** Round robin over all channels, starting at a random channel. */
export class RebalancePartitioner<T = unknown> extends StreamPartitioner<T> {
  readonly kind = 'rebalance';
  private nextChannel = -1;

  constructor(private readonly options: RebalanceOptions = {}) {
    super();
  }

  override setup(numberOfChannels: number): void {
    super.setup(numberOfChannels);
    const first =
      this.options.firstChannel ?? Math.floor((this.options.random ?? Math.random)() * numberOfChannels);
    this.nextChannel = (((first % numberOfChannels) + numberOfChannels) % numberOfChannels) - 1;
  }

  selectChannel(_record: T): number {
    let channel = this.nextChannel + 1;
    if (channel >= this.numberOfChannels) channel = 0;
    this.nextChannel = channel;
    return channel;
  }
}

/**
 * Round robin over this subtask's POINTWISE subset of downstream subtasks (its channels),
 * starting at channel 0, as Flink's `RescalePartitioner`.
 */
export class RescalePartitioner<T = unknown> extends StreamPartitioner<T> {
  readonly kind = 'rescale';
  private nextChannel = -1;

  selectChannel(_record: T): number {
    let channel = this.nextChannel + 1;
    if (channel >= this.numberOfChannels) channel = 0;
    this.nextChannel = channel;
    return channel;
  }
}

/** A uniformly random channel per record. */
export class ShufflePartitioner<T = unknown> extends StreamPartitioner<T> {
  readonly kind = 'shuffle';

  constructor(private readonly random: RandomSource = Math.random) {
    super();
  }

  selectChannel(_record: T): number {
    return Math.floor(this.random() * this.numberOfChannels);
  }
}

/** Every record to every channel: the writer checks `isBroadcast` and copies instead of selecting. */
export class BroadcastPartitioner<T = unknown> extends StreamPartitioner<T> {
  readonly kind = 'broadcast';
  override readonly isBroadcast = true;

  selectChannel(_record: T): number {
    throw new WeirError(
      'TASK_FAILED',
      'A broadcast partitioner does not select one channel: the record writer must check isBroadcast and emit to all channels',
    );
  }
}

/** Every record to channel 0, i.e. downstream subtask 0. */
export class GlobalPartitioner<T = unknown> extends StreamPartitioner<T> {
  readonly kind = 'global';

  selectChannel(_record: T): number {
    return 0;
  }
}

/** keyBy: key → key group in `[0, maxParallelism)` → the subtask owning that key group. */
export class KeyGroupStreamPartitioner<T = unknown, K = unknown> extends StreamPartitioner<T> {
  readonly kind = 'hash';

  constructor(
    private readonly keySelector: KeySelector<T, K>,
    readonly maxParallelism: number,
  ) {
    super();
    checkParallelismPreconditions(maxParallelism);
  }

  override setup(numberOfChannels: number): void {
    super.setup(numberOfChannels);
    if (numberOfChannels > this.maxParallelism) {
      throw new WeirError(
        'GRAPH_INVALID',
        `A keyed edge has ${numberOfChannels} channels but max parallelism ${this.maxParallelism}: the downstream parallelism must not exceed the max parallelism`,
      );
    }
  }

  selectChannel(record: T): number {
    const maxParallelism = this.maxParallelism;
    const keyGroup = assignToKeyGroup(extractKey(this.keySelector, record), maxParallelism);
    return computeOperatorIndexForKeyGroup(maxParallelism, this.numberOfChannels, keyGroup);
  }
}

/** Partitions by a user function of the key, checking that it returns a valid channel. */
export class CustomPartitionerWrapper<T = unknown, K = unknown> extends StreamPartitioner<T> {
  readonly kind = 'custom';

  constructor(
    private readonly partitioner: CustomPartitionFunction<K>,
    private readonly keySelector: KeySelector<T, K>,
  ) {
    super();
  }

  selectChannel(record: T): number {
    const key = extractKey(this.keySelector, record);
    const channels = this.numberOfChannels;
    let channel: number;
    try {
      channel = this.partitioner(key, channels);
    } catch (error) {
      throw new WeirError('USER_FUNCTION_FAILED', `The custom partitioner failed for key ${describe(key)}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    // `x | 0` equals x only for int32 numbers, so this also rejects strings, NaN and fractions.
    if ((channel | 0) !== channel || channel < 0 || channel >= channels) {
      throw new WeirError(
        'USER_FUNCTION_FAILED',
        `The custom partitioner returned ${describe(channel)} for key ${describe(key)}, but it must return an integer in [0, ${channels}) (the number of downstream subtasks)`,
      );
    }
    return channel;
  }
}

/** User functions and settings a partitioner kind may need. */
export interface PartitionerContext<T, K = unknown> {
  readonly keySelector?: KeySelector<T, K>;
  readonly customPartitioner?: CustomPartitionFunction<K>;
  /** Required for `hash`: the downstream operator's max parallelism (number of key groups). */
  readonly maxParallelism?: number;
  readonly random?: RandomSource;
}

/** Builds the partitioner a spec describes; throws `GRAPH_INVALID` when a needed user function is missing. */
export function createPartitioner<T, K = unknown>(spec: PartitionerSpec, context: PartitionerContext<T, K> = {}): StreamPartitioner<T> {
  switch (spec.kind) {
    case 'forward':
      return new ForwardPartitioner<T>();
    case 'rebalance':
      return new RebalancePartitioner<T>(context.random === undefined ? {} : { random: context.random });
    case 'rescale':
      return new RescalePartitioner<T>();
    case 'shuffle':
      return new ShufflePartitioner<T>(context.random);
    case 'broadcast':
      return new BroadcastPartitioner<T>();
    case 'global':
      return new GlobalPartitioner<T>();
    case 'hash': {
      if (context.keySelector === undefined || context.maxParallelism === undefined) {
        throw new WeirError('GRAPH_INVALID', 'A hash (keyBy) edge needs a key selector and the max parallelism of its downstream operator');
      }
      return new KeyGroupStreamPartitioner<T, K>(context.keySelector, context.maxParallelism);
    }
    case 'custom': {
      if (context.keySelector === undefined || context.customPartitioner === undefined) {
        throw new WeirError('GRAPH_INVALID', 'A custom partitioning edge needs a key selector and a partition function');
      }
      return new CustomPartitionerWrapper<T, K>(context.customPartitioner, context.keySelector);
    }
    default: {
      const unknownKind: never = spec.kind;
      throw new WeirError('GRAPH_INVALID', `Unknown partitioner kind ${String(unknownKind)}`);
    }
  }
}

function extractKey<T, K>(keySelector: KeySelector<T, K>, record: T): K {
  try {
    return keySelector(record);
  } catch (error) {
    throw new WeirError(
      'USER_FUNCTION_FAILED',
      `Could not extract the key from a record ${describe(record)}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

/** A short rendering of a value for error messages; only reached on failure paths. */
function describe(value: unknown): string {
  let text: string;
  try {
    if (typeof value === 'bigint') text = `${value}n`;
    else if (typeof value === 'number') text = String(value);
    else text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
