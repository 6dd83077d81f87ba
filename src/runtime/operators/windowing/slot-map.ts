/**
 * A keyed MapState of epoch slots (snapshot-epochs.ts), one per window id: the appending
 * and folding operations window contents and per-window state share. Changes go in place
 * when the slot is owned, else to an owned copy put in its place.
 */
import type { MapState } from '../../../api/state/state.js';
import type { Slot, SnapshotEpochs } from './snapshot-epochs.js';

export class SlotMap {
  constructor(
    readonly state: MapState<string, Slot<unknown>>,
    private readonly epochs: SnapshotEpochs,
  ) {}

  get<T>(namespace: string): T | undefined {
    return this.state.get(namespace)?.v as T | undefined;
  }

  /** Replaces the value; the caller hands over a value it made. */
  set(namespace: string, value: unknown): void {
    this.state.put(namespace, this.epochs.own(value));
  }

  remove(namespace: string): void {
    this.state.remove(namespace);
  }

  append(namespace: string, values: readonly unknown[]): void {
    const target = this.writableArray(namespace);
    for (const value of values) target.push(value);
  }

  /**
   * Folds `value` into the namespace's accumulator. Without `create` the first value is
   * the accumulator itself (reduce); it is the user's, so it is copied before any change.
   */
  fold(namespace: string, value: unknown, create: (() => unknown) | undefined, fold: (accumulator: unknown, value: unknown) => unknown): void {
    const slot = this.state.get(namespace);
    if (slot === undefined) this.state.put(namespace, create === undefined ? this.epochs.foreign(value) : this.epochs.own(fold(create(), value)));
    else if (this.epochs.owns(slot)) slot.v = fold(slot.v, value);
    else this.state.put(namespace, this.epochs.own(fold(this.epochs.copyAccumulator(slot.v), value)));
  }

  /** The accumulator, for user code that may keep it: the next fold copies it first. */
  handOut(namespace: string): { readonly value: unknown } | undefined {
    const slot = this.state.get(namespace);
    if (slot === undefined) return undefined;
    this.epochs.release(slot);
    return { value: slot.v };
  }

  mergeArrays(target: string, sources: readonly string[]): void {
    for (const source of sources) {
      const slot = this.state.get(source) as Slot<unknown[]> | undefined;
      if (slot === undefined) continue;
      this.state.remove(source);
      this.append(target, slot.v);
    }
  }

  /** As Flink merges: the sources fold together first, then into the target. */
  mergeAccumulators(target: string, sources: readonly string[], combine: (a: unknown, b: unknown) => unknown): void {
    let merged: Slot<unknown> | undefined;
    for (const source of sources) {
      const slot = this.state.get(source);
      if (slot === undefined) continue;
      this.state.remove(source);
      merged = merged === undefined ? slot : this.epochs.own(combine(this.epochs.copyAccumulator(merged.v), slot.v));
    }
    if (merged === undefined) return;
    const current = this.state.get(target);
    this.state.put(target, current === undefined ? merged : this.epochs.own(combine(this.epochs.copyAccumulator(current.v), merged.v)));
  }

  private writableArray(namespace: string): unknown[] {
    const slot = this.state.get(namespace) as Slot<unknown[]> | undefined;
    if (slot !== undefined && this.epochs.owns(slot)) return slot.v;
    const owned = this.epochs.own(slot === undefined ? [] : slot.v.slice());
    this.state.put(namespace, owned);
    return owned.v;
  }
}
