/**
 * Which window state values the operator may change in place. A keyed-state snapshot is
 * serialized after the barrier has passed, while processing goes on, and map-state
 * copy-on-write copies only the map, not the arrays and accumulators in it; so a value
 * changed in place must be one no snapshot can see. Values live in slots stamped with the
 * epoch (checkpoints taken so far) they were made in: a slot of the current epoch is the
 * operator's own; an older one, or a restored one (the stamp is a symbol, so it is not
 * written to snapshots), is copied once before its first change, and the copy is stamped.
 * This costs one copy per window and checkpoint, nothing per element.
 */
const EPOCH = Symbol('epoch');

export interface Slot<T> {
  v: T;
  [EPOCH]?: number;
}

export class SnapshotEpochs {
  private epoch = 0;

  /** A snapshot is about to be taken: every slot made so far may be part of it. */
  advance(): void {
    this.epoch++;
  }

  owns(slot: Slot<unknown>): boolean {
    return slot[EPOCH] === this.epoch;
  }

  /** A slot for a value this operator made and may change in place. */
  own<T>(value: T): Slot<T> {
    return { v: value, [EPOCH]: this.epoch };
  }

  /** A slot for a value that is not the operator's (the user's element): never changed in place. */
  foreign<T>(value: T): Slot<T> {
    return { v: value };
  }

  /** Its value was handed to user code, which may keep it: copy before the next change. */
  release(slot: Slot<unknown>): void {
    delete slot[EPOCH];
  }

  /** A deep copy user code may change in place, with the original's prototype (class accumulators). */
  copyAccumulator<T>(value: T): T {
    if (typeof value !== 'object' || value === null) return value;
    const copy = structuredClone(value) as T & object;
    if (!Array.isArray(value)) Object.setPrototypeOf(copy, Object.getPrototypeOf(value) as object | null);
    return copy;
  }
}
