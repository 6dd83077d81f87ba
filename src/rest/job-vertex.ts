/**
 * Finding a job's vertex, and a subtask of it, for the routes under
 * `/jobs/:jobid/vertices/:vertexid`, with the 404s that say where to look.
 */
import { WeirError } from '../core/errors.js';
import type { JobDetailsInfo, VertexInfo } from '../dispatcher/job-info.js';
import { paramsSchema } from './ids.js';
import type { RestContext } from './rest-context.js';

/** The job's details and the vertex, or a 404 naming what lists the job's vertices. */
export async function jobVertex(ctx: RestContext, jobId: string, vertexId: string): Promise<{ info: JobDetailsInfo; vertex: VertexInfo }> {
  const info = await ctx.dispatcher.requestJobDetails(jobId);
  const vertex = info.vertices.find((v) => v.id === vertexId);
  if (vertex === undefined) {
    throw new WeirError('REST_NOT_FOUND', `job ${jobId} has no vertex ${vertexId}; GET /jobs/${jobId} lists its vertices`);
  }
  return { info, vertex };
}

/** A 404 unless `index` is one of the vertex's subtasks. */
export function checkSubtaskIndex(vertex: VertexInfo, index: number): void {
  if (index >= vertex.parallelism) {
    throw new WeirError('REST_NOT_FOUND', `vertex ${vertex.id} has ${vertex.parallelism} subtasks (0 to ${vertex.parallelism - 1}); there is no subtask ${index}`);
  }
}

const INDEX = { type: 'string', pattern: '^[0-9]{1,6}$' };

/** Path parameters jobid, vertexid and subtaskindex, and `attempt` too when asked. */
export function subtaskParamsSchema(withAttempt = false): object {
  return {
    type: 'object',
    required: ['jobid', 'vertexid', 'subtaskindex', ...(withAttempt ? ['attempt'] : [])],
    properties: {
      ...(paramsSchema('jobid', 'vertexid') as { properties: object }).properties,
      subtaskindex: INDEX,
      ...(withAttempt ? { attempt: INDEX } : {}),
    },
  };
}
