/**
 * Flink's DefaultOperatorStateBackend: named lists per parallel instance, each either
 * split (spread over the instances on rescale) or union (every instance gets all).
 */
import type { ListState } from '../../../api/state/state.js';
import type { ListStateDescriptor, StateSerializer } from '../../../api/state/state-descriptors.js';
import { WeirError } from '../../../core/errors.js';
import { restoreFailed } from '../keyed-state-chunk.js';
import type { OperatorStateBackend, OperatorStateMode, OperatorStateSnapshot } from '../state-backend.js';

class HeapOperatorListState<T> implements ListState<T> {
  values: T[] = [];

  /** A new array: the caller may keep or change it without touching the state. */
  get(): T[] {
    return this.values.slice();
  }

  add(value: T): void {
    this.values.push(value);
  }

  addAll(values: readonly T[]): void {
    for (const value of values) this.values.push(value);
  }

  update(values: readonly T[]): void {
    this.values = values.slice();
  }

  clear(): void {
    this.values = [];
  }
}

interface RegisteredList {
  readonly mode: OperatorStateMode;
  readonly state: HeapOperatorListState<unknown>;
  readonly serializer: StateSerializer<unknown> | undefined;
}

export class HeapOperatorStateBackend implements OperatorStateBackend {
  private readonly registered = new Map<string, RegisteredList>();
  /** Restored lists no descriptor has asked for yet; kept as plain data and written back into every snapshot. */
  private readonly pending = new Map<string, { readonly mode: OperatorStateMode; readonly values: readonly unknown[] }>();

  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.listState(descriptor, 'split');
  }

  getUnionListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.listState(descriptor, 'union');
  }

  snapshot(): OperatorStateSnapshot {
    const states: { name: string; mode: OperatorStateMode; values: unknown[] }[] = [];
    for (const [name, { mode, state, serializer }] of this.registered) {
      states.push({ name, mode, values: serializer === undefined ? state.values.slice() : state.values.map((value) => serializer.toPlain(value)) });
    }
    for (const [name, { mode, values }] of this.pending) states.push({ name, mode, values: values.slice() });
    return { states };
  }

  restore(snapshot: OperatorStateSnapshot): void {
    if (typeof snapshot !== 'object' || snapshot === null || !Array.isArray(snapshot.states)) {
      throw restoreFailed('An operator state snapshot has no list of states: it was not made by OperatorStateBackend.snapshot()');
    }
    for (const state of snapshot.states) {
      const { name, mode, values } = state;
      if (typeof name !== 'string' || (mode !== 'split' && mode !== 'union') || !Array.isArray(values)) {
        throw restoreFailed(`An operator state snapshot holds a malformed state ${JSON.stringify(name) ?? String(name)}: each needs a name, mode 'split' or 'union', and values`);
      }
      const registered = this.registered.get(name);
      if (registered === undefined) {
        this.pending.set(name, { mode, values: values.slice() });
        continue;
      }
      checkMode(name, registered.mode, mode, 'restored');
      registered.state.values = fromPlain(values, registered.serializer);
    }
  }

  dispose(): void {
    this.registered.clear();
    this.pending.clear();
  }

  private listState<T>(descriptor: ListStateDescriptor<T>, mode: OperatorStateMode): ListState<T> {
    const registered = this.registered.get(descriptor.name);
    if (registered !== undefined) {
      checkMode(descriptor.name, registered.mode, mode, 'requested');
      return registered.state as HeapOperatorListState<T>;
    }
    const state = new HeapOperatorListState<unknown>();
    const serializer: StateSerializer<unknown> | undefined = descriptor.serializer;
    const restored = this.pending.get(descriptor.name);
    if (restored !== undefined) {
      checkMode(descriptor.name, restored.mode, mode, 'restored');
      state.values = fromPlain(restored.values, serializer);
      this.pending.delete(descriptor.name);
    }
    this.registered.set(descriptor.name, { mode, state, serializer });
    return state as HeapOperatorListState<T>;
  }
}

function fromPlain(values: readonly unknown[], serializer: StateSerializer<unknown> | undefined): unknown[] {
  return serializer === undefined ? values.slice() : values.map((value) => serializer.fromPlain(value));
}

function checkMode(name: string, existing: OperatorStateMode, wanted: OperatorStateMode, how: 'requested' | 'restored'): void {
  if (existing === wanted) return;
  const describe = (mode: OperatorStateMode): string => (mode === 'union' ? 'a union list (getUnionListState)' : 'a split list (getListState)');
  throw new WeirError(
    'STATE_DESCRIPTOR_CONFLICT',
    `Operator state "${name}" is ${describe(existing)} but was ${how} as ${describe(wanted)}: use one kind per name, or a new name`,
  );
}
