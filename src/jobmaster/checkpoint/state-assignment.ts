/**
 * Decides what each new subtask restores from a checkpoint (Flink's
 * StateAssignmentOperation): operators are matched by operator id, which is derived from
 * the uid when one is set; keyed state goes by key group, operator state is split evenly
 * (or unioned) over the new parallelism.
 */
import { WeirError } from '../../core/errors.js';
import type { JobGraph, JobVertex } from '../../graph/job-graph.js';
import type { KeyedStateHandle, TaskRestoreDescriptor } from '../../runtime/checkpoint/state-handles.js';
import { computeKeyGroupRangeForOperatorIndex } from '../../runtime/partitioning/key-groups.js';
import { redistributeOperatorState, type OperatorStateSnapshot } from '../../runtime/state/state-backend.js';
import type { CheckpointMetadata } from './checkpoint-metadata.js';

export interface RestoreSource {
  readonly metadata: CheckpointMetadata;
  readonly directory: string;
}

/** Fails when the checkpoint has state the job cannot take, unless that is allowed. */
export function checkRestorable(source: RestoreSource, jobGraph: JobGraph, allowNonRestoredState: boolean): void {
  const known = new Map(jobGraph.streamNodes.map((n) => [n.operatorId, n]));
  for (const [operatorId, state] of Object.entries(source.metadata.operators)) {
    const node = known.get(operatorId);
    if (node === undefined) {
      if (allowNonRestoredState) continue;
      throw new WeirError(
        'CHECKPOINT_STATE_NOT_RESTORED',
        `the checkpoint at ${source.directory} has state for operator ${operatorId}, which this job does not have: give the operator the same uid(...) as before, or allow dropping the state with --allow-non-restored-state`,
      );
    }
    const hasKeyed = Object.values(state.subtasks).some((s) => s.keyed !== undefined);
    if (hasKeyed && state.maxParallelism !== node.maxParallelism) {
      throw new WeirError(
        'CHECKPOINT_STATE_NOT_RESTORED',
        `operator '${node.name}' had max parallelism ${state.maxParallelism} in the checkpoint but has ${node.maxParallelism} now; keyed state is split into that many key groups, so keep setMaxParallelism(${state.maxParallelism})`,
      );
    }
  }
}

export function restoreForSubtask(source: RestoreSource, jobGraph: JobGraph, vertex: JobVertex, subtask: number): TaskRestoreDescriptor {
  const range = computeKeyGroupRangeForOperatorIndex(vertex.maxParallelism, vertex.parallelism, subtask);
  const operators: Record<string, { keyed: KeyedStateHandle[]; operator: OperatorStateSnapshot | undefined }> = {};
  for (const nodeId of vertex.nodeIds) {
    const node = jobGraph.streamNodes.find((n) => n.id === nodeId);
    if (node === undefined) continue;
    const state = source.metadata.operators[node.operatorId];
    if (state === undefined) continue;
    const old = Object.entries(state.subtasks)
      .map(([index, s]) => [Number(index), s] as const)
      .sort(([a], [b]) => a - b)
      .map(([, s]) => s);
    const keyed = old
      .map((s) => s.keyed)
      .filter((h): h is KeyedStateHandle => h !== undefined && h.keyGroups.some(([kg]) => kg >= range.start && kg <= range.end));
    const operatorStates = old.map((s) => s.operator ?? { states: [] });
    const operator = operatorStates.some((s) => s.states.length > 0)
      ? assignOperatorState(operatorStates, vertex.parallelism, subtask)
      : undefined;
    operators[node.operatorId] = { keyed, operator };
  }
  return { checkpointId: source.metadata.checkpointId, directory: source.directory, operators };
}

/**
 * At an unchanged parallelism each subtask keeps its own split state (as Flink does), so
 * state such as a sink's part counter stays with the subtask whose files it names; only a
 * rescale redistributes it.
 */
function assignOperatorState(old: readonly OperatorStateSnapshot[], parallelism: number, subtask: number): OperatorStateSnapshot {
  const redistributed = redistributeOperatorState(old, parallelism, subtask);
  const own = old.length === parallelism ? old[subtask] : undefined;
  if (own === undefined) return redistributed;
  return {
    states: redistributed.states.map((state) =>
      state.mode === 'split' ? (own.states.find((o) => o.name === state.name) ?? { ...state, values: [] }) : state,
    ),
  };
}
