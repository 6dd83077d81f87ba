/**
 * Backpressure of a vertex from its subtasks' time metrics, as Flink has computed it since
 * 1.13 (no stack sampling): a subtask's ratio is the share of each second it spent
 * waiting for output credit, and the level follows Flink's thresholds.
 */
import type { SubtaskMetrics } from './metric-store.js';
import { numberOf } from './vertex-io.js';

export type BackPressureLevel = 'ok' | 'low' | 'high';

/** Flink's JobVertexBackPressureHandler thresholds: ok ≤ 10% < low ≤ 50% < high. */
export function backPressureLevel(ratio: number): BackPressureLevel {
  if (ratio <= 0.1) return 'ok';
  if (ratio <= 0.5) return 'low';
  return 'high';
}

export interface SubtaskBackPressure {
  readonly subtask: number;
  readonly 'attempt-number': number;
  readonly backpressureLevel: BackPressureLevel;
  readonly ratio: number;
  readonly idleRatio: number;
  readonly busyRatio: number;
}

export type JobVertexBackPressure =
  | {
      readonly status: 'ok';
      readonly backpressureLevel: BackPressureLevel;
      readonly 'end-timestamp': number;
      readonly subtasks: readonly SubtaskBackPressure[];
    }
  /** Flink's answer while no subtask has reported metrics yet. */
  | { readonly status: 'deprecated' };

function perSecondRatio(subtask: SubtaskMetrics, id: string): number {
  return Math.min(1, Math.max(0, numberOf(subtask.metrics, id) / 1000));
}

export function vertexBackPressure(subtasks: readonly SubtaskMetrics[], now = Date.now()): JobVertexBackPressure {
  if (subtasks.length === 0) return { status: 'deprecated' };
  const entries = subtasks.map((subtask): SubtaskBackPressure => {
    const ratio = perSecondRatio(subtask, 'backPressuredTimeMsPerSecond');
    return {
      subtask: subtask.subtaskIndex,
      'attempt-number': subtask.attemptNumber,
      backpressureLevel: backPressureLevel(ratio),
      ratio,
      idleRatio: perSecondRatio(subtask, 'idleTimeMsPerSecond'),
      busyRatio: perSecondRatio(subtask, 'busyTimeMsPerSecond'),
    };
  });
  const worst = Math.max(...entries.map((e) => e.ratio));
  return { status: 'ok', backpressureLevel: backPressureLevel(worst), 'end-timestamp': now, subtasks: entries };
}
