/**
 * What the hashmap backend stores per (state, key).
 *
 * `value` holds, by the state's kind: the value or accumulator (value, reducing,
 * aggregating); the element array (list); a `Map<mapKey, MapItem>` (map).
 * `lastAccess` is the TTL timestamp of the whole entry (value kinds); `stamps` the
 * per-element timestamps of a list with TTL, parallel to its elements.
 * `version` says which snapshots can see this object: those begun at a version >= it
 * (see copy-on-write.ts). An entry a snapshot can see is never mutated, only replaced.
 */
export class StateEntry {
  constructor(
    /** The key as the user gave it (composite keys are looked up by their canonical text). */
    readonly key: unknown,
    public value: unknown,
    public lastAccess: number,
    public version: number,
    public stamps: number[] | undefined,
  ) {}
}

/**
 * One MapState entry. Immutable: a snapshot's copy of a map shares its items with the
 * live map, so a put replaces the item rather than changing it.
 */
export class MapItem {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
    readonly lastAccess: number,
  ) {}
}
