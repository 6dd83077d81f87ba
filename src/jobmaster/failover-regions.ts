/**
 * Pipelined regions (Flink's failover regions): subtasks connected by data exchange fail
 * and restart together. All-to-all edges join whole vertices; pointwise edges join only
 * the subtasks they wire, so a job of independent parallel pipelines has one region per
 * pipeline.
 */
import type { JobGraph } from '../graph/job-graph.js';
import { pointwiseTargets } from '../runtime/partitioning/pointwise.js';

/** A subtask as "vertexId#index". */
export type SubtaskKey = string;

export function subtaskKey(vertexId: string, subtask: number): SubtaskKey {
  return `${vertexId}#${subtask}`;
}

/** Regions as sets of subtask keys, each subtask in exactly one. */
export function computeFailoverRegions(jobGraph: JobGraph): SubtaskKey[][] {
  const parent = new Map<SubtaskKey, SubtaskKey>();
  const find = (key: SubtaskKey): SubtaskKey => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root) as SubtaskKey;
    parent.set(key, root);
    return root;
  };
  const union = (a: SubtaskKey, b: SubtaskKey): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const parallelism = new Map(jobGraph.vertices.map((v) => [v.id, v.parallelism]));
  for (const v of jobGraph.vertices) for (let i = 0; i < v.parallelism; i++) parent.set(subtaskKey(v.id, i), subtaskKey(v.id, i));
  for (const v of jobGraph.vertices) {
    for (const edge of v.inputs) {
      const up = parallelism.get(edge.sourceVertexId) ?? 0;
      if (edge.distribution === 'ALL_TO_ALL') {
        for (let p = 0; p < up; p++) for (let c = 0; c < v.parallelism; c++) union(subtaskKey(edge.sourceVertexId, p), subtaskKey(v.id, c));
      } else {
        for (let p = 0; p < up; p++) for (const c of pointwiseTargets(p, up, v.parallelism)) union(subtaskKey(edge.sourceVertexId, p), subtaskKey(v.id, c));
      }
    }
  }
  const regions = new Map<SubtaskKey, SubtaskKey[]>();
  for (const key of parent.keys()) {
    const root = find(key);
    const members = regions.get(root) ?? [];
    members.push(key);
    regions.set(root, members);
  }
  return [...regions.values()];
}
