/** What the runtime needs to build a window operator: one member of OperatorSpec. */
import type { KeySelector } from '../functions.js';
import type { AggregateFunction } from '../state/state.js';
import type { Evictor } from './evictors.js';
import type { InternalWindowFunction } from './internal-window-function.js';
import type { Trigger } from './trigger.js';
import type { WindowAssigner } from './window-assigner.js';
import type { Window } from './windows.js';

/** How a window keeps its elements until it fires. */
export type WindowContentsSpec =
  | { readonly kind: 'list' }
  | { readonly kind: 'reduce'; readonly reduce: (a: unknown, b: unknown) => unknown }
  | { readonly kind: 'aggregate'; readonly aggregate: AggregateFunction<unknown, unknown, unknown> };

export interface WindowOperatorSpec {
  readonly kind: 'window';
  readonly keySelector: KeySelector<unknown, unknown>;
  readonly assigner: WindowAssigner<unknown, Window>;
  readonly trigger: Trigger<unknown, Window>;
  readonly evictor: Evictor<unknown, Window> | undefined;
  readonly allowedLatenessMs: number;
  /** The side output (OutputTag id) for elements too late for every window. */
  readonly lateDataTag: string | undefined;
  readonly contents: WindowContentsSpec;
  readonly windowFunction: InternalWindowFunction;
  /** The user's function object, whose open/close and checkpoint hooks the operator runs. */
  readonly userFunction: unknown;
}
