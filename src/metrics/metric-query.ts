/**
 * The metric bodies of Flink's REST API, as pure functions over stored values:
 * `?get=a,b` selects metrics (without it, the ids available), `?agg=min,max` picks the
 * aggregations across subtasks, `?subtasks=0,2-3` the subtasks aggregated over.
 */
import { WeirError } from '../core/errors.js';
import type { MetricValues } from './metric-snapshot.js';
import type { SubtaskMetrics } from './metric-store.js';

/** Flink's Metric: `value` is a string, and absent when only ids were asked for. */
export interface MetricEntry {
  readonly id: string;
  readonly value?: string;
}

export type AggregationMode = 'min' | 'max' | 'avg' | 'sum';

export interface AggregatedMetric {
  readonly id: string;
  readonly min?: number;
  readonly max?: number;
  readonly avg?: number;
  readonly sum?: number;
}

const AGGREGATIONS: readonly AggregationMode[] = ['min', 'max', 'avg', 'sum'];

/** The ids of `?get=`; undefined when absent (list the ids instead). */
export function parseGet(get: string | undefined): readonly string[] | undefined {
  if (get === undefined) return undefined;
  return get
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

export function parseAggregations(agg: string | undefined): readonly AggregationMode[] {
  if (agg === undefined || agg.trim() === '') return AGGREGATIONS;
  return agg.split(',').map((raw) => {
    const mode = raw.trim().toLowerCase();
    if (!(AGGREGATIONS as readonly string[]).includes(mode)) {
      throw new WeirError('REST_BAD_REQUEST', `query parameter 'agg' takes min, max, avg and sum, separated by commas; got '${raw.trim()}'`);
    }
    return mode as AggregationMode;
  });
}

/** `?subtasks=1,3,5-9` as a set of indices; undefined when absent (all subtasks). */
export function parseSubtaskRanges(spec: string | undefined): ReadonlySet<number> | undefined {
  if (spec === undefined || spec.trim() === '') return undefined;
  const selected = new Set<number>();
  for (const part of spec.split(',')) {
    const match = /^\s*(\d{1,6})(?:\s*-\s*(\d{1,6}))?\s*$/.exec(part);
    if (match === null) {
      throw new WeirError('REST_BAD_REQUEST', `query parameter 'subtasks' takes indices and ranges like '0,2-4'; got '${part.trim()}'`);
    }
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) selected.add(i);
  }
  return selected;
}

/** A MetricCollectionResponseBody's list: every id without `get`, else the asked-for ids that exist. */
export function metricCollection(values: MetricValues, get: readonly string[] | undefined): MetricEntry[] {
  if (get === undefined) return Object.keys(values).sort().map((id) => ({ id }));
  return get.filter((id) => Object.hasOwn(values, id)).map((id) => ({ id, value: String(values[id]) }));
}

/** A subtask's metrics as `/subtasks/:idx/metrics` names them: task metrics bare, operator ones `<operator>.<name>`. */
export function subtaskValues(subtask: SubtaskMetrics): MetricValues {
  const values: Record<string, number | string> = { ...subtask.metrics };
  for (const [operator, metrics] of Object.entries(subtask.operators)) {
    for (const [name, value] of Object.entries(metrics)) values[`${operator}.${name}`] = value;
  }
  return values;
}

/** A vertex's metrics as `/vertices/:vid/metrics` names them: each prefixed by its subtask index. */
export function vertexValues(subtasks: readonly SubtaskMetrics[]): MetricValues {
  const values: Record<string, number | string> = {};
  for (const subtask of subtasks) {
    for (const [name, value] of Object.entries(subtaskValues(subtask))) values[`${subtask.subtaskIndex}.${name}`] = value;
  }
  return values;
}

/** The aggregated body: per id, the asked-for aggregations over the subtasks that have a numeric value. */
export function aggregateMetrics(
  perSubtask: readonly MetricValues[],
  get: readonly string[] | undefined,
  modes: readonly AggregationMode[],
): AggregatedMetric[] | MetricEntry[] {
  const ids = new Set<string>();
  for (const values of perSubtask) for (const id of Object.keys(values)) ids.add(id);
  if (get === undefined) return [...ids].sort().map((id) => ({ id }));
  const result: AggregatedMetric[] = [];
  for (const id of get) {
    const numbers = perSubtask.map((values) => values[id]).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
    if (numbers.length === 0) continue;
    const sum = numbers.reduce((a, b) => a + b, 0);
    const all: Required<Omit<AggregatedMetric, 'id'>> = {
      min: Math.min(...numbers),
      max: Math.max(...numbers),
      avg: sum / numbers.length,
      sum,
    };
    result.push({ id, ...Object.fromEntries(modes.map((mode) => [mode, all[mode]])) });
  }
  return result;
}
