/**
 * The live numbers on the job graph: records in and out, busy and backpressured ratios per
 * vertex. They come from Flink's aggregated subtask metrics; without that route, from the
 * backpressure route and the I/O counts in GET /jobs/:id; without those, "—".
 */
import { useRef } from 'preact/hooks';
import { getOptional } from '../../api/client.js';
import type { AggregatedMetric, IoMetrics, JobDetails, VertexBackpressure } from '../../api/flink-types.js';
import { aggregatedMetrics } from '../../api/metrics.js';
import { usePoll } from '../../hooks/use-poll.js';

export interface VertexLoad {
  readonly recordsIn?: number;
  readonly recordsOut?: number;
  readonly busy?: number;
  readonly backpressure?: number;
}

const METRIC_IDS = ['numRecordsIn', 'numRecordsOut', 'busyTimeMsPerSecond', 'backPressuredTimeMsPerSecond'] as const;
/** How long to trust "this cluster has no metrics route" before asking again. */
const ABSENT_RETRY_MS = 30_000;

function pick(metrics: readonly AggregatedMetric[], id: string, agg: 'sum' | 'max'): number | undefined {
  const value = metrics.find((metric) => metric.id === id)?.[agg];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A count from the job details only when the cluster says it is complete, or it is not 0. */
export function ioCount(metrics: IoMetrics | undefined, field: 'read-records' | 'write-records'): number | undefined {
  const value = metrics?.[field];
  if (value === undefined) return undefined;
  return metrics?.[`${field}-complete`] === true || value > 0 ? value : undefined;
}

function ratio(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.min(1, Math.max(0, ms / 1000));
}

function maxOf(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  return known.length === 0 ? undefined : Math.max(...known);
}

export interface VertexLoads {
  readonly loads: ReadonlyMap<string, VertexLoad>;
  /** False when the cluster has neither metrics nor backpressure routes. */
  readonly available: boolean | undefined;
}

export function useVertexLoads(job: JobDetails | undefined, live: boolean): VertexLoads {
  const absentUntil = useRef(0);
  const vertices = job?.vertices ?? [];
  const interval = !live ? 0 : vertices.length > 20 ? 5000 : 2000;
  const poll = usePoll(
    async (signal): Promise<VertexLoads> => {
      const loads = new Map<string, VertexLoad>();
      const askMetrics = Date.now() >= absentUntil.current;
      let anyRoute = false;
      await Promise.all(
        vertices.map(async (vertex) => {
          const base = `jobs/${job?.jid ?? ''}/vertices/${vertex.id}`;
          const metrics = askMetrics ? await aggregatedMetrics(`${base}/subtasks/metrics`, METRIC_IDS, ['sum', 'max'], signal) : undefined;
          let busy = ratio(metrics && pick(metrics, 'busyTimeMsPerSecond', 'max'));
          let backpressure = ratio(metrics && pick(metrics, 'backPressuredTimeMsPerSecond', 'max'));
          if (askMetrics && busy === undefined && backpressure === undefined) {
            const sampled = await getOptional<VertexBackpressure>(`${base}/backpressure`, signal);
            if (sampled !== undefined) anyRoute = true;
            busy = maxOf(sampled?.subtasks?.map((s) => s.busyRatio) ?? []);
            backpressure = maxOf(sampled?.subtasks?.map((s) => s.ratio) ?? []);
          }
          if (metrics !== undefined) anyRoute = true;
          loads.set(vertex.id, {
            ...optional('recordsIn', (metrics && pick(metrics, 'numRecordsIn', 'sum')) ?? ioCount(vertex.metrics, 'read-records')),
            ...optional('recordsOut', (metrics && pick(metrics, 'numRecordsOut', 'sum')) ?? ioCount(vertex.metrics, 'write-records')),
            ...optional('busy', busy),
            ...optional('backpressure', backpressure),
          });
        }),
      );
      if (askMetrics && !anyRoute) absentUntil.current = Date.now() + ABSENT_RETRY_MS;
      return { loads, available: askMetrics ? anyRoute : false };
    },
    interval,
    [job?.jid, vertices.map((v) => v.id).join(','), interval],
  );
  return poll.data ?? { loads: new Map(), available: undefined };
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}
