/**
 * Metric routes answer Flink's bodies as bare arrays; some clusters wrap them in
 * `{"metrics": [...]}`. These helpers accept both and turn values into numbers.
 */
import { getOptional } from './client.js';
import type { AggregatedMetric, MetricValue } from './flink-types.js';

type MetricList<T> = readonly T[] | { readonly metrics?: readonly T[] };

function unwrap<T>(body: MetricList<T> | undefined): readonly T[] | undefined {
  if (body === undefined) return undefined;
  return Array.isArray(body) ? body : ((body as { metrics?: readonly T[] }).metrics ?? []);
}

/** Metric ids and values; undefined when the route does not exist. */
export async function metricValues(path: string, ids?: readonly string[], signal?: AbortSignal): Promise<readonly MetricValue[] | undefined> {
  const query = ids === undefined ? '' : `${path.includes('?') ? '&' : '?'}get=${ids.map(encodeURIComponent).join(',')}`;
  return unwrap(await getOptional<MetricList<MetricValue>>(`${path}${query}`, signal));
}

/** Aggregated subtask metrics (`/subtasks/metrics?get=…&agg=…`); undefined when the route does not exist. */
export async function aggregatedMetrics(
  path: string,
  ids: readonly string[],
  aggregations: readonly string[],
  signal?: AbortSignal,
): Promise<readonly AggregatedMetric[] | undefined> {
  const query = `?get=${ids.map(encodeURIComponent).join(',')}&agg=${aggregations.join(',')}`;
  return unwrap(await getOptional<MetricList<AggregatedMetric>>(`${path}${query}`, signal));
}

/** All metrics a route lists, with their values, asked for in batches to keep URLs short. */
export async function allMetrics(path: string, signal?: AbortSignal): Promise<readonly MetricValue[] | undefined> {
  const listed = await metricValues(path, undefined, signal);
  if (listed === undefined) return undefined;
  if (listed.every((metric) => metric.value !== undefined)) return listed;
  const ids = listed.map((metric) => metric.id);
  const batches: (readonly MetricValue[])[] = [];
  for (let start = 0; start < ids.length; start += 40) {
    batches.push((await metricValues(path, ids.slice(start, start + 40), signal)) ?? []);
  }
  return batches.flat().sort((a, b) => a.id.localeCompare(b.id));
}

export function numericValue(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
