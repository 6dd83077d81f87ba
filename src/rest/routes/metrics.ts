/**
 * The metric routes (Flink's metric handlers). As in Flink, the answers are JSON arrays:
 * `[{"id": "numRecordsIn"}]` lists what exists, `?get=numRecordsIn` adds values (as
 * strings), and the aggregating routes (over subtasks, jobs or TaskManagers) answer
 * `[{"id": …, "min": …, "max": …}]`.
 * Task metrics come from the TaskManagers through a short cache; JobManager and job
 * metrics are read when asked.
 */
import type { FastifyInstance } from 'fastify';
import { WeirError } from '../../core/errors.js';
import { jobManagerMetricValues } from '../../metrics/job-manager-metrics.js';
import { jobMetricValues } from '../../metrics/job-metrics.js';
import {
  aggregateMetrics,
  metricCollection,
  parseAggregations,
  parseGet,
  parseSubtaskRanges,
  subtaskValues,
  vertexValues,
} from '../../metrics/metric-query.js';
import { vertexIOMetrics } from '../../metrics/vertex-io.js';
import { paramsSchema } from '../ids.js';
import { checkSubtaskIndex, jobVertex, subtaskParamsSchema } from '../job-vertex.js';
import type { JobDetailsInfo } from '../messages.js';
import type { RestContext } from '../rest-context.js';
import { metricFetcher } from './metric-fetchers.js';

interface Query {
  Querystring: { get?: string; agg?: string; subtasks?: string; jobs?: string; taskmanagers?: string };
}

const querystring = {
  type: 'object',
  properties: {
    get: { type: 'string' },
    agg: { type: 'string' },
    subtasks: { type: 'string' },
    jobs: { type: 'string', pattern: '^[0-9a-fA-F]{32}(,[0-9a-fA-F]{32})*$' },
    taskmanagers: { type: 'string', pattern: '^[0-9a-fA-F]{32}(,[0-9a-fA-F]{32})*$' },
  },
};

/** A `jobs=` or `taskmanagers=` selection (ids already checked by the schema); undefined selects all. */
function parseIds(spec: string | undefined): ReadonlySet<string> | undefined {
  return spec === undefined ? undefined : new Set(spec.toLowerCase().split(','));
}

export function registerMetricRoutes(app: FastifyInstance, ctx: RestContext): void {
  const fetcher = metricFetcher(ctx);

  app.get<Query>('/jobmanager/metrics', { schema: { querystring } }, async (request) =>
    metricCollection(await jobManagerMetricValues(ctx.dispatcher), parseGet(request.query.get)),
  );

  app.get<Query>('/taskmanagers/metrics', { schema: { querystring } }, async (request) => {
    const selected = parseIds(request.query.taskmanagers);
    const store = await fetcher.fetch();
    const values = (await ctx.dispatcher.requestTaskManagers())
      .filter((tm) => selected?.has(tm.id) ?? true)
      .map((tm) => store.taskManager(tm.id) ?? {});
    return aggregateMetrics(values, parseGet(request.query.get), parseAggregations(request.query.agg));
  });

  app.get<Query>('/jobs/metrics', { schema: { querystring } }, async (request) => {
    const selected = parseIds(request.query.jobs);
    const jobIds = (await ctx.dispatcher.listJobs()).map((job) => job.jobId).filter((id) => selected?.has(id) ?? true);
    const values = await Promise.all(
      jobIds.map(async (jobId) => {
        const details = await ctx.dispatcher.requestJobDetails(jobId);
        const checkpoints = await ctx.dispatcher.requestCheckpointStats(jobId).catch(() => undefined);
        return jobMetricValues(details, checkpoints);
      }),
    );
    return aggregateMetrics(values, parseGet(request.query.get), parseAggregations(request.query.agg));
  });

  app.get<Query & { Params: { taskmanagerid: string } }>(
    '/taskmanagers/:taskmanagerid/metrics',
    { schema: { params: paramsSchema('taskmanagerid'), querystring } },
    async (request) => {
      const id = request.params.taskmanagerid;
      if (!(await ctx.dispatcher.requestTaskManagers()).some((tm) => tm.id === id)) {
        throw new WeirError('REST_NOT_FOUND', `no TaskManager with id ${id} is registered; GET /taskmanagers lists them`);
      }
      return metricCollection((await fetcher.fetch()).taskManager(id) ?? {}, parseGet(request.query.get));
    },
  );

  app.get<Query & { Params: { jobid: string } }>(
    '/jobs/:jobid/metrics',
    { schema: { params: paramsSchema('jobid'), querystring } },
    async (request) => {
      const jobId = request.params.jobid;
      const details = await ctx.dispatcher.requestJobDetails(jobId);
      // A job whose JobMaster is gone or not yet started has no checkpoint statistics; its other metrics still count.
      const checkpoints = await ctx.dispatcher.requestCheckpointStats(jobId).catch(() => undefined);
      return metricCollection(jobMetricValues(details, checkpoints), parseGet(request.query.get));
    },
  );

  app.get<Query & { Params: { jobid: string; vertexid: string } }>(
    '/jobs/:jobid/vertices/:vertexid/metrics',
    { schema: { params: paramsSchema('jobid', 'vertexid'), querystring } },
    async (request) => {
      const { jobid, vertexid } = request.params;
      await jobVertex(ctx, jobid, vertexid);
      return metricCollection(vertexValues((await fetcher.fetch()).subtasks(jobid, vertexid)), parseGet(request.query.get));
    },
  );

  app.get<Query & { Params: { jobid: string; vertexid: string } }>(
    '/jobs/:jobid/vertices/:vertexid/subtasks/metrics',
    { schema: { params: paramsSchema('jobid', 'vertexid'), querystring } },
    async (request) => {
      const { jobid, vertexid } = request.params;
      await jobVertex(ctx, jobid, vertexid);
      const selected = parseSubtaskRanges(request.query.subtasks);
      const modes = parseAggregations(request.query.agg);
      const subtasks = (await fetcher.fetch()).subtasks(jobid, vertexid).filter((s) => selected?.has(s.subtaskIndex) ?? true);
      return aggregateMetrics(subtasks.map(subtaskValues), parseGet(request.query.get), modes);
    },
  );

  app.get<Query & { Params: { jobid: string; vertexid: string; subtaskindex: string } }>(
    '/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics',
    { schema: { params: subtaskParamsSchema(), querystring } },
    async (request) => {
      const { jobid, vertexid } = request.params;
      const index = Number(request.params.subtaskindex);
      checkSubtaskIndex((await jobVertex(ctx, jobid, vertexid)).vertex, index);
      const subtask = (await fetcher.fetch()).subtasks(jobid, vertexid).find((s) => s.subtaskIndex === index);
      return metricCollection(subtask === undefined ? {} : subtaskValues(subtask), parseGet(request.query.get));
    },
  );

  // GET /jobs/:jobid is jobs.ts's; the I/O numbers of its vertices come from here, on the way out.
  app.addHook('preSerialization', async (request, _reply, payload: unknown) => {
    if (request.method !== 'GET' || request.routeOptions.url !== '/jobs/:jobid' || !isJobDetails(payload)) return payload;
    const store = await fetcher.fetch().catch(() => undefined);
    if (store === undefined) return payload;
    return {
      ...payload,
      vertices: payload.vertices.map((vertex) => {
        const subtasks = store.subtasks(payload.jid, vertex.id);
        return subtasks.length === 0 ? vertex : { ...vertex, metrics: vertexIOMetrics(subtasks, vertex.parallelism) };
      }),
    };
  });
}

function isJobDetails(payload: unknown): payload is JobDetailsInfo {
  return typeof payload === 'object' && payload !== null && 'jid' in payload && Array.isArray((payload as { vertices?: unknown }).vertices);
}
