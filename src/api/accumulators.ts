/**
 * Flink's accumulators: values a function adds to in each subtask, merged across subtasks
 * by the JobMaster, shown while the job runs (REST) and returned with its result.
 *
 * @example
 * open(ctx) { this.lines = ctx.getIntCounter('lines'); }
 * map(line) { this.lines.add(1); return line; }
 * // after execute(): result.getAccumulatorResult('lines') === the total over all subtasks
 *
 * The JobMaster runs no user code, so only these built-in kinds exist: each travels as
 * its kind and a plain value, and the JobMaster merges it by kind.
 */
import { WeirError } from '../core/errors.js';

/** What an accumulator of any kind offers a function (Flink's `Accumulator<V, R>`). */
export interface Accumulator<V, R> {
  add(value: V): void;
  getLocalValue(): R;
  resetLocal(): void;
}

/** An accumulator's state as it travels from a task to the JobMaster. */
export interface AccumulatorSnapshot {
  readonly name: string;
  readonly kind: AccumulatorKind;
  readonly value: unknown;
}

/** An accumulator merged over subtasks: its value, or why its parts could not be merged. */
export type AccumulatorResult =
  | { readonly name: string; readonly kind: AccumulatorKind; readonly value: unknown }
  | { readonly name: string; readonly failure: string };

abstract class BuiltInAccumulator<V, R> implements Accumulator<V, R> {
  abstract readonly kind: AccumulatorKind;
  abstract add(value: V): void;
  abstract getLocalValue(): R;
  abstract resetLocal(): void;
  /** Plain data that `restore` of the same kind takes back. */
  abstract snapshotValue(): unknown;
  abstract restore(value: unknown): void;
  /** Folds another of the same kind, rebuilt from its snapshot, into this one. */
  abstract merge(other: this): void;
}

abstract class SumAccumulator extends BuiltInAccumulator<number, number> {
  protected sum = 0;
  getLocalValue(): number {
    return this.sum;
  }
  resetLocal(): void {
    this.sum = 0;
  }
  snapshotValue(): number {
    return this.sum;
  }
  restore(value: unknown): void {
    this.sum = value as number;
  }
  merge(other: this): void {
    this.sum += other.sum;
  }
}

function integer(kind: string, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new WeirError('ACCUMULATOR_ERROR', `${kind}.add takes a safe integer, got ${String(value)}; use the Double kind for fractions`);
  }
  return value;
}

export class IntCounter extends SumAccumulator {
  readonly kind = 'IntCounter';
  add(value: number): void {
    this.sum += integer(this.kind, value);
  }
}

export class LongCounter extends SumAccumulator {
  readonly kind = 'LongCounter';
  add(value: number): void {
    this.sum += integer(this.kind, value);
  }
}

export class DoubleCounter extends SumAccumulator {
  readonly kind = 'DoubleCounter';
  add(value: number): void {
    this.sum += value;
  }
}

abstract class ExtremeAccumulator extends BuiltInAccumulator<number, number> {
  /** +Infinity for a minimum and -Infinity for a maximum until a value arrives, as Flink's start values. */
  protected abstract readonly identity: number;
  protected abstract readonly pick: (a: number, b: number) => number;
  protected current: number | undefined;
  add(value: number): void {
    this.current = this.current === undefined ? value : this.pick(this.current, value);
  }
  getLocalValue(): number {
    return this.current ?? this.identity;
  }
  resetLocal(): void {
    this.current = undefined;
  }
  snapshotValue(): number | null {
    return this.current ?? null;
  }
  restore(value: unknown): void {
    this.current = (value as number | null) ?? undefined;
  }
  merge(other: this): void {
    if (other.current !== undefined) this.add(other.current);
  }
}

abstract class MinimumAccumulator extends ExtremeAccumulator {
  protected readonly identity = Number.POSITIVE_INFINITY;
  protected readonly pick = Math.min;
}

abstract class MaximumAccumulator extends ExtremeAccumulator {
  protected readonly identity = Number.NEGATIVE_INFINITY;
  protected readonly pick = Math.max;
}

export class IntMinimum extends MinimumAccumulator {
  readonly kind = 'IntMinimum';
  override add(value: number): void {
    super.add(integer(this.kind, value));
  }
}

export class IntMaximum extends MaximumAccumulator {
  readonly kind = 'IntMaximum';
  override add(value: number): void {
    super.add(integer(this.kind, value));
  }
}

export class DoubleMinimum extends MinimumAccumulator {
  readonly kind = 'DoubleMinimum';
}

export class DoubleMaximum extends MaximumAccumulator {
  readonly kind = 'DoubleMaximum';
}

/** The mean of the values added; 0 before any. */
export class AverageAccumulator extends BuiltInAccumulator<number, number> {
  readonly kind = 'AverageAccumulator';
  private sum = 0;
  private count = 0;
  add(value: number): void {
    this.sum += value;
    this.count++;
  }
  getLocalValue(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }
  resetLocal(): void {
    this.sum = 0;
    this.count = 0;
  }
  snapshotValue(): { sum: number; count: number } {
    return { sum: this.sum, count: this.count };
  }
  restore(value: unknown): void {
    ({ sum: this.sum, count: this.count } = value as { sum: number; count: number });
  }
  merge(other: this): void {
    this.sum += other.sum;
    this.count += other.count;
  }
}

/** How often each integer was added: a map from value to count. */
export class Histogram extends BuiltInAccumulator<number, Map<number, number>> {
  readonly kind = 'Histogram';
  private counts = new Map<number, number>();
  add(value: number): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }
  getLocalValue(): Map<number, number> {
    return new Map([...this.counts].sort(([a], [b]) => a - b));
  }
  resetLocal(): void {
    this.counts = new Map();
  }
  snapshotValue(): [number, number][] {
    return [...this.counts];
  }
  restore(value: unknown): void {
    this.counts = new Map(value as [number, number][]);
  }
  merge(other: this): void {
    for (const [value, count] of other.counts) this.counts.set(value, (this.counts.get(value) ?? 0) + count);
  }
}

/** Every value added, in the order added within a subtask; subtasks' lists are concatenated. */
export class ListAccumulator<T> extends BuiltInAccumulator<T, T[]> {
  readonly kind = 'ListAccumulator';
  private items: T[] = [];
  add(value: T): void {
    this.items.push(value);
  }
  getLocalValue(): T[] {
    return this.items;
  }
  resetLocal(): void {
    this.items = [];
  }
  snapshotValue(): T[] {
    return this.items;
  }
  restore(value: unknown): void {
    this.items = [...(value as T[])];
  }
  merge(other: this): void {
    for (const item of other.items) this.items.push(item);
  }
}

const KINDS = {
  IntCounter,
  LongCounter,
  DoubleCounter,
  IntMinimum,
  IntMaximum,
  DoubleMinimum,
  DoubleMaximum,
  AverageAccumulator,
  Histogram,
  ListAccumulator,
} as const;

export type AccumulatorKind = keyof typeof KINDS;

const KIND_NAMES = Object.keys(KINDS).join(', ');

/** An accumulator of `snapshot`'s kind holding its value. */
function fromSnapshot(snapshot: AccumulatorSnapshot): BuiltInAccumulator<unknown, unknown> {
  const accumulator = new KINDS[snapshot.kind]() as BuiltInAccumulator<unknown, unknown>;
  accumulator.restore(snapshot.value);
  return accumulator;
}

/**
 * Merges the snapshots of each name, as the JobMaster does over a job's subtasks. Parts of
 * one name with different kinds do not merge: that name's result is the failure, as in Flink.
 */
export function mergeAccumulators(snapshots: Iterable<AccumulatorSnapshot>): AccumulatorResult[] {
  const merged = new Map<string, BuiltInAccumulator<unknown, unknown> | string>();
  for (const snapshot of snapshots) {
    const current = merged.get(snapshot.name);
    if (typeof current === 'string') continue;
    if (current === undefined) {
      merged.set(snapshot.name, fromSnapshot(snapshot));
    } else if (current.kind !== snapshot.kind) {
      merged.set(snapshot.name, `the accumulator '${snapshot.name}' is a ${current.kind} in one task and a ${snapshot.kind} in another; give each kind its own name`);
    } else {
      current.merge(fromSnapshot(snapshot));
    }
  }
  return [...merged].map(([name, accumulator]) =>
    typeof accumulator === 'string' ? { name, failure: accumulator } : { name, kind: accumulator.kind, value: accumulator.snapshotValue() },
  );
}

/** A merged result's value as a function's `getLocalValue()` gives it (a Histogram's is a Map). */
export function accumulatorValue(result: AccumulatorResult): unknown {
  if ('failure' in result) throw new WeirError('ACCUMULATOR_ERROR', result.failure);
  return fromSnapshot(result).getLocalValue();
}

/** A result's type as Flink's REST API and CLI show it: its kind, or "Failure". */
export function accumulatorType(result: AccumulatorResult): string {
  return 'kind' in result ? result.kind : 'Failure';
}

/** A result's value as text, as Flink's REST API and CLI show it. */
export function accumulatorText(result: AccumulatorResult): string {
  if ('failure' in result) return `(failure) ${result.failure}`;
  const value = accumulatorValue(result);
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${String(k)}=${String(v)}`).join(', ')}}`;
  if (Array.isArray(value)) return `[${value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ')}]`;
  return String(value);
}

/**
 * The accumulators of one task (all its chained operators): a name is registered once,
 * as in Flink, so two operators cannot silently share or shadow one.
 */
export class AccumulatorRegistry {
  private readonly accumulators = new Map<string, BuiltInAccumulator<unknown, unknown>>();

  add(name: string, accumulator: Accumulator<never, unknown>): void {
    if (!(accumulator instanceof BuiltInAccumulator)) {
      throw new WeirError(
        'ACCUMULATOR_ERROR',
        `the accumulator '${name}' is not one of Weir's built-in kinds (${KIND_NAMES}): the JobMaster merges accumulators without user code; use a built-in kind, or a metric for anything else`,
      );
    }
    if (this.accumulators.has(name)) {
      throw new WeirError('ACCUMULATOR_ERROR', `the accumulator '${name}' already exists in this task and cannot be added again; get it with getAccumulator('${name}')`);
    }
    this.accumulators.set(name, accumulator as BuiltInAccumulator<unknown, unknown>);
  }

  get<A extends Accumulator<never, unknown>>(name: string): A | undefined {
    return this.accumulators.get(name) as A | undefined;
  }

  /** The accumulator `name`, added as a new `Kind` when the task has none by that name yet. */
  getOrAdd<A extends BuiltInAccumulator<never, unknown>>(name: string, Kind: new () => A): A {
    const existing = this.accumulators.get(name);
    if (existing === undefined) {
      const created = new Kind();
      this.add(name, created);
      return created;
    }
    if (!(existing instanceof Kind)) {
      throw new WeirError('ACCUMULATOR_ERROR', `the accumulator '${name}' is a ${existing.kind} in this task, not a ${Kind.name}; give each kind its own name`);
    }
    return existing;
  }

  get isEmpty(): boolean {
    return this.accumulators.size === 0;
  }

  snapshot(): AccumulatorSnapshot[] {
    return [...this.accumulators].map(([name, accumulator]) => ({ name, kind: accumulator.kind, value: accumulator.snapshotValue() }));
  }
}

/** What a RuntimeContext offers for accumulators (Flink's names). */
export interface AccumulatorAccess {
  /** Registers an accumulator under `name` in this task; a name is added once per task. */
  addAccumulator<V, R>(name: string, accumulator: Accumulator<V, R>): void;
  getAccumulator<V, R>(name: string): Accumulator<V, R> | undefined;
  /** The IntCounter `name`, added on first use. */
  getIntCounter(name: string): IntCounter;
  getLongCounter(name: string): LongCounter;
  getDoubleCounter(name: string): DoubleCounter;
  getHistogram(name: string): Histogram;
}

export function accumulatorAccess(registry: AccumulatorRegistry): AccumulatorAccess {
  return {
    addAccumulator: (name, accumulator) => registry.add(name, accumulator as Accumulator<never, unknown>),
    getAccumulator: <V, R>(name: string) => registry.get(name) as Accumulator<V, R> | undefined,
    getIntCounter: (name) => registry.getOrAdd(name, IntCounter),
    getLongCounter: (name) => registry.getOrAdd(name, LongCounter),
    getDoubleCounter: (name) => registry.getOrAdd(name, DoubleCounter),
    getHistogram: (name) => registry.getOrAdd(name, Histogram),
  };
}
