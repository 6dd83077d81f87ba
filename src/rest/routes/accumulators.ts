/**
 * Accumulators as Flink's REST API shows them: merged over the whole job, over one
 * vertex's subtasks, and per subtask. Values are the JobMaster's latest: from the
 * TaskManagers' heartbeats while tasks run, and final once they end.
 */
import type { FastifyInstance } from 'fastify';
import { accumulatorText, accumulatorType, mergeAccumulators, type AccumulatorResult, type AccumulatorSnapshot } from '../../api/accumulators.js';
import type { VertexInfo } from '../../dispatcher/job-info.js';
import { paramsSchema } from '../ids.js';
import { subtaskHost } from '../job-bodies.js';
import { encodeAccumulators } from '../job-result-body.js';
import { jobVertex } from '../job-vertex.js';
import type { JobAccumulatorsInfo, SubtasksAllAccumulatorsInfo, UserAccumulator, VertexAccumulatorsInfo } from '../messages.js';
import type { RestContext } from '../rest-context.js';

type JobParams = { Params: { jobid: string }; Querystring: { includeSerializedValue?: string } };
type VertexParams = { Params: { jobid: string; vertexid: string } };

/** Flink's StringifiedAccumulatorResult: the value as text, with the accumulator's kind as its type. */
function userAccumulators(results: readonly AccumulatorResult[]): UserAccumulator[] {
  return results.map((result) => ({ name: result.name, type: accumulatorType(result), value: accumulatorText(result) }));
}

function vertexSnapshots(vertex: VertexInfo): AccumulatorSnapshot[] {
  return vertex.subtasks.flatMap((subtask) => subtask.accumulators);
}

export function registerAccumulatorRoutes(app: FastifyInstance, ctx: RestContext): void {
  app.get<JobParams>(
    '/jobs/:jobid/accumulators',
    {
      schema: {
        params: paramsSchema('jobid'),
        querystring: { type: 'object', properties: { includeSerializedValue: { type: 'string', enum: ['true', 'false'] } } },
      },
    },
    async (request): Promise<JobAccumulatorsInfo> => {
      const info = await ctx.dispatcher.requestJobDetails(request.params.jobid);
      const merged = mergeAccumulators(info.vertices.flatMap(vertexSnapshots));
      return {
        'job-accumulators': [],
        'user-task-accumulators': userAccumulators(merged),
        'serialized-user-task-accumulators': request.query.includeSerializedValue === 'true' ? encodeAccumulators(merged) : {},
      };
    },
  );

  app.get<VertexParams>(
    '/jobs/:jobid/vertices/:vertexid/accumulators',
    { schema: { params: paramsSchema('jobid', 'vertexid') } },
    async (request): Promise<VertexAccumulatorsInfo> => {
      const { vertex } = await jobVertex(ctx, request.params.jobid, request.params.vertexid);
      return { id: vertex.id, 'user-accumulators': userAccumulators(mergeAccumulators(vertexSnapshots(vertex))) };
    },
  );

  app.get<VertexParams>(
    '/jobs/:jobid/vertices/:vertexid/subtasks/accumulators',
    { schema: { params: paramsSchema('jobid', 'vertexid') } },
    async (request): Promise<SubtasksAllAccumulatorsInfo> => {
      const { vertex } = await jobVertex(ctx, request.params.jobid, request.params.vertexid);
      const taskManagers = await ctx.dispatcher.requestTaskManagers();
      return {
        id: vertex.id,
        parallelism: vertex.parallelism,
        subtasks: vertex.subtasks.map((subtask) => ({
          subtask: subtask.subtask,
          attempt: subtask.attempt,
          host: subtaskHost(subtask, taskManagers),
          'user-accumulators': userAccumulators(mergeAccumulators(subtask.accumulators)),
        })),
      };
    },
  );
}
