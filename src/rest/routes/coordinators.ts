/**
 * Flink's ClientCoordinationHandler route, which a remote `executeAndCollect` polls for
 * a collect sink's records (see coordination.ts for the payload encoding).
 */
import type { FastifyInstance } from 'fastify';
import { decodeCollectRequest, encodeCollectBatch } from '../coordination.js';
import { paramsSchema } from '../ids.js';
import type { ClientCoordinationRequestBody, ClientCoordinationResponseBody } from '../messages.js';
import type { RestContext } from '../rest-context.js';

const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['serializedCoordinationRequest'],
  properties: { serializedCoordinationRequest: { type: 'string' } },
};

export function registerCoordinatorRoutes(app: FastifyInstance, ctx: RestContext): void {
  app.post<{ Params: { jobid: string; operatorid: string }; Body: ClientCoordinationRequestBody }>(
    '/jobs/:jobid/coordinators/:operatorid',
    { schema: { params: paramsSchema('jobid', 'operatorid'), body: bodySchema } },
    async (request): Promise<ClientCoordinationResponseBody> => {
      const { jobid, operatorid } = request.params;
      const { offset } = decodeCollectRequest(request.body.serializedCoordinationRequest);
      const batch = await ctx.dispatcher.fetchCollectResults(jobid, operatorid, offset);
      return { serializedCoordinationResult: encodeCollectBatch(batch) };
    },
  );
}
