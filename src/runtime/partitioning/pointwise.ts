/**
 * Which subtasks a POINTWISE edge (forward, rescale) connects, exactly as Flink's
 * `EdgeManagerBuildUtil.connectPointwise`: with equal parallelism subtask i feeds subtask i;
 * with more upstream than downstream subtasks each downstream subtask reads a contiguous
 * range of upstream ones; with fewer, each upstream subtask feeds a contiguous range of
 * downstream ones.
 *
 * ```ts
 * pointwiseTargets(0, 2, 4); // [0, 1]: upstream 0 of 2 rescales over downstream 0 and 1 of 4
 * pointwiseSources(1, 4, 2); // [2, 3]: downstream 1 of 2 reads upstream 2 and 3 of 4
 * ```
 */

import { WeirError } from '../../core/errors.js';

/**
 * The downstream subtasks upstream subtask `upstreamIndex` sends to, in ascending order.
 * A rescale or forward partitioner's channel `c` is the downstream subtask `targets[c]`.
 */
export function pointwiseTargets(upstreamIndex: number, upstreamParallelism: number, downstreamParallelism: number): number[] {
  checkArguments(upstreamIndex, upstreamParallelism, downstreamParallelism, 'Upstream');
  const u = upstreamParallelism;
  const d = downstreamParallelism;
  if (u === d) return [upstreamIndex];
  if (u > d) {
    // The one j whose source range [floor(j*u/d), floor((j+1)*u/d)) contains upstreamIndex.
    return [Math.floor(((upstreamIndex + 1) * d - 1) / u)];
  }
  return range(Math.floor((upstreamIndex * d + u - 1) / u), Math.floor(((upstreamIndex + 1) * d + u - 1) / u));
}

/** The upstream subtasks downstream subtask `downstreamIndex` reads from, in ascending order. */
export function pointwiseSources(downstreamIndex: number, upstreamParallelism: number, downstreamParallelism: number): number[] {
  checkArguments(downstreamIndex, downstreamParallelism, upstreamParallelism, 'Downstream');
  const u = upstreamParallelism;
  const d = downstreamParallelism;
  if (u === d) return [downstreamIndex];
  if (u > d) {
    return range(Math.floor((downstreamIndex * u) / d), Math.floor(((downstreamIndex + 1) * u) / d));
  }
  // The one i whose target range [ceil(i*d/u), ceil((i+1)*d/u)) contains downstreamIndex.
  return [Math.floor((downstreamIndex * u) / d)];
}

function range(start: number, end: number): number[] {
  const result = new Array<number>(end - start);
  for (let i = start; i < end; i++) result[i - start] = i;
  return result;
}

function checkArguments(index: number, ownParallelism: number, otherParallelism: number, side: string): void {
  for (const parallelism of [ownParallelism, otherParallelism]) {
    if (!Number.isInteger(parallelism) || parallelism <= 0) {
      throw new WeirError('GRAPH_INVALID', `Parallelism ${parallelism} of a pointwise edge must be a positive integer`);
    }
  }
  if (!Number.isInteger(index) || index < 0 || index >= ownParallelism) {
    throw new WeirError('GRAPH_INVALID', `${side} subtask index ${index} is outside [0, ${ownParallelism})`);
  }
}
