/**
 * Backpressure and watermarks of a vertex, both read from its subtasks' metrics, as
 * Flink's web UI shows them.
 */
import type { FastifyInstance } from 'fastify';
import { vertexBackPressure, type JobVertexBackPressure } from '../../metrics/backpressure.js';
import type { MetricEntry } from '../../metrics/metric-query.js';
import { paramsSchema } from '../ids.js';
import { jobVertex } from '../job-vertex.js';
import type { RestContext } from '../rest-context.js';
import { metricFetcher } from './metric-fetchers.js';

interface VertexParams {
  Params: { jobid: string; vertexid: string };
}

const vertexParams = { params: paramsSchema('jobid', 'vertexid') };

export function registerBackPressureRoutes(app: FastifyInstance, ctx: RestContext): void {
  const fetcher = metricFetcher(ctx);

  app.get<VertexParams>('/jobs/:jobid/vertices/:vertexid/backpressure', { schema: vertexParams }, async (request): Promise<JobVertexBackPressure> => {
    const { jobid, vertexid } = request.params;
    await jobVertex(ctx, jobid, vertexid);
    return vertexBackPressure((await fetcher.fetch()).subtasks(jobid, vertexid));
  });

  app.get<VertexParams>('/jobs/:jobid/vertices/:vertexid/watermarks', { schema: vertexParams }, async (request): Promise<MetricEntry[]> => {
    const { jobid, vertexid } = request.params;
    await jobVertex(ctx, jobid, vertexid);
    return (await fetcher.fetch())
      .subtasks(jobid, vertexid)
      .filter((s) => s.metrics['currentInputWatermark'] !== undefined)
      .map((s) => ({ id: `${s.subtaskIndex}.currentInputWatermark`, value: String(s.metrics['currentInputWatermark']) }));
  });
}
