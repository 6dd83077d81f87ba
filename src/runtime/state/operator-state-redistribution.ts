import { WeirError } from '../../core/errors.js';
import type { OperatorStateMode, OperatorStateSnapshot } from './state-backend.js';

/**
 * Flink's redistribution on rescale: 'split' lists are concatenated over the old subtasks
 * in order and cut into `newParallelism` contiguous near-equal parts (subtask i gets part
 * i); 'union' lists: every new subtask gets the concatenation.
 *
 * ```ts
 * redistributeOperatorState([{ states: [{ name: 'offsets', mode: 'split', values: [1, 2, 3] }] }], 2, 1);
 * // { states: [{ name: 'offsets', mode: 'split', values: [2, 3] }] }
 * ```
 */
export function redistributeOperatorState(
  old: readonly OperatorStateSnapshot[],
  newParallelism: number,
  subtaskIndex: number,
): OperatorStateSnapshot {
  if (!Number.isInteger(newParallelism) || newParallelism < 1) {
    throw new WeirError('GRAPH_INVALID', `Cannot redistribute operator state over a parallelism of ${newParallelism}: it must be a positive integer`);
  }
  if (!Number.isInteger(subtaskIndex) || subtaskIndex < 0 || subtaskIndex >= newParallelism) {
    throw new WeirError('GRAPH_INVALID', `Subtask index ${subtaskIndex} is outside [0, ${newParallelism})`);
  }

  // Insertion order keeps the states in the order the old subtasks listed them.
  const merged = new Map<string, { mode: OperatorStateMode; values: unknown[] }>();
  for (const snapshot of old) {
    for (const state of snapshot.states) {
      const seen = merged.get(state.name);
      if (seen === undefined) {
        merged.set(state.name, { mode: state.mode, values: [...state.values] });
        continue;
      }
      if (seen.mode !== state.mode) {
        throw new WeirError(
          'STATE_RESTORE_FAILED',
          `Operator state "${state.name}" is a ${seen.mode} list in one old subtask and a ${state.mode} list in another: the snapshots come from different jobs`,
        );
      }
      for (const value of state.values) seen.values.push(value);
    }
  }

  const states: { name: string; mode: OperatorStateMode; values: unknown[] }[] = [];
  for (const [name, { mode, values }] of merged) {
    if (mode === 'union') {
      states.push({ name, mode, values });
      continue;
    }
    // floor(i * n / p) cuts n elements into p contiguous parts whose sizes differ by at most one.
    const from = Math.floor((subtaskIndex * values.length) / newParallelism);
    const to = Math.floor(((subtaskIndex + 1) * values.length) / newParallelism);
    states.push({ name, mode, values: values.slice(from, to) });
  }
  return { states };
}
