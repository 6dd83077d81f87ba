/**
 * What a window holds until it fires, per key in a MapState keyed by the (state) window's
 * id: every element (`list`, with timestamps when an evictor needs them), or one
 * accumulator (`reduce`, `aggregate`). User functions may change the accumulator they are
 * given in place, as Flink's may; slot-map.ts keeps that away from snapshots.
 */
import type { TimestampedValue } from '../../../api/windowing/evictors.js';
import type { WindowContentsSpec } from '../../../api/windowing/window-operator-spec.js';
import { MapStateDescriptor } from '../../../api/state/state-descriptors.js';
import type { KeyedStateBackend } from '../../state/state-backend.js';
import { SlotMap } from './slot-map.js';
import type { Slot, SnapshotEpochs } from './snapshot-epochs.js';

export interface WindowContents {
  add(namespace: string, value: unknown, timestamp: number | undefined): void;
  /** What the window function gets, or undefined for an empty window (which does not fire). */
  get(namespace: string): unknown[] | undefined;
  clear(namespace: string): void;
  /** Session windows merged: `sources` fold into `target`. */
  merge(target: string, sources: readonly string[]): void;
}

/** Contents an evictor can thin out. */
export interface EvictableContents extends WindowContents {
  getTimestamped(namespace: string): TimestampedValue<unknown>[] | undefined;
  replace(namespace: string, elements: readonly TimestampedValue<unknown>[]): void;
}

export const CONTENTS_STATE = '_window-contents';

export function createWindowContents(spec: WindowContentsSpec, backend: KeyedStateBackend, epochs: SnapshotEpochs, evicting: boolean): WindowContents {
  const slots = new SlotMap(backend.getMapState(new MapStateDescriptor<string, Slot<unknown>>(CONTENTS_STATE)), epochs);
  switch (spec.kind) {
    case 'list':
      return evicting ? new TimestampedListContents(slots) : new ListContents(slots);
    case 'reduce':
      return new FoldingContents(slots, undefined, spec.reduce, spec.reduce, (accumulator) => accumulator);
    case 'aggregate': {
      const aggregate = spec.aggregate;
      return new FoldingContents(
        slots,
        () => aggregate.createAccumulator(),
        (accumulator, value) => aggregate.add(value, accumulator),
        (a, b) => aggregate.merge(a, b),
        (accumulator) => aggregate.getResult(accumulator),
      );
    }
  }
}

class ListContents implements WindowContents {
  constructor(protected readonly slots: SlotMap) {}

  add(namespace: string, value: unknown, _timestamp?: number): void {
    this.slots.append(namespace, [value]);
  }

  get(namespace: string): unknown[] | undefined {
    return this.stored(namespace)?.slice();
  }

  clear(namespace: string): void {
    this.slots.remove(namespace);
  }

  merge(target: string, sources: readonly string[]): void {
    this.slots.mergeArrays(target, sources);
  }

  protected stored(namespace: string): unknown[] | undefined {
    const stored = this.slots.get<unknown[]>(namespace);
    return stored === undefined || stored.length === 0 ? undefined : stored;
  }
}

/** Elements as `[value, timestamp | null]` pairs: plain data for the snapshot. */
class TimestampedListContents extends ListContents implements EvictableContents {
  override add(namespace: string, value: unknown, timestamp: number | undefined): void {
    this.slots.append(namespace, [[value, timestamp ?? null]]);
  }

  override get(namespace: string): unknown[] | undefined {
    return this.entries(namespace)?.map((entry) => entry[0]);
  }

  getTimestamped(namespace: string): TimestampedValue<unknown>[] | undefined {
    return this.entries(namespace)?.map(([value, timestamp]) => ({ value, timestamp: timestamp ?? undefined }));
  }

  replace(namespace: string, elements: readonly TimestampedValue<unknown>[]): void {
    if (elements.length === 0) this.slots.remove(namespace);
    else this.slots.set(namespace, elements.map((e) => [e.value, e.timestamp ?? null]));
  }

  private entries(namespace: string): (readonly [unknown, number | null])[] | undefined {
    return this.stored(namespace) as (readonly [unknown, number | null])[] | undefined;
  }
}

/** One accumulator per window: the reduced element (reduce), or the ACC (aggregate). */
class FoldingContents implements WindowContents {
  constructor(
    private readonly slots: SlotMap,
    /** The empty accumulator (aggregate); undefined when the first element is it (reduce). */
    private readonly create: (() => unknown) | undefined,
    private readonly fold: (accumulator: unknown, value: unknown) => unknown,
    private readonly combine: (a: unknown, b: unknown) => unknown,
    private readonly result: (accumulator: unknown) => unknown,
  ) {}

  add(namespace: string, value: unknown): void {
    this.slots.fold(namespace, value, this.create, this.fold);
  }

  get(namespace: string): unknown[] | undefined {
    // Downstream may keep what is emitted: handOut makes the next element copy it first.
    const accumulator = this.slots.handOut(namespace);
    return accumulator === undefined ? undefined : [this.result(accumulator.value)];
  }

  clear(namespace: string): void {
    this.slots.remove(namespace);
  }

  merge(target: string, sources: readonly string[]): void {
    this.slots.mergeAccumulators(target, sources, this.combine);
  }
}
