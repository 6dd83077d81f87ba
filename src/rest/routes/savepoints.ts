/**
 * Savepoints and stop-with-savepoint, in Flink's asynchronous-operation shape:
 * `POST /jobs/:jobid/savepoints` and `POST /jobs/:jobid/stop` answer a trigger id, and
 * `GET /jobs/:jobid/savepoints/:triggerid` tells how either went (as in Flink, a stop is
 * read back through the savepoints route).
 */
import type { FastifyInstance } from 'fastify';
import { WeirError, serializeError } from '../../core/errors.js';
import { AsyncOperations } from '../async-operations.js';
import type {
  AsynchronousOperationResult,
  SavepointInfo,
  SavepointTriggerRequestBody,
  StopWithSavepointRequestBody,
  TriggerResponse,
} from '../checkpoint-messages.js';
import { HEX_ID_PATTERN, paramsSchema } from '../ids.js';
import { serializedThrowable } from '../job-result-body.js';
import { localPath } from '../local-paths.js';
import type { RestContext } from '../rest-context.js';

const FORMAT_TYPE = { type: 'string', enum: ['CANONICAL', 'NATIVE'] };
const TRIGGER_ID = { type: 'string', pattern: HEX_ID_PATTERN };
const DIRECTORY = { type: 'string', minLength: 1, maxLength: 4096 };

const savepointBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { 'target-directory': DIRECTORY, 'cancel-job': { type: 'boolean' }, formatType: FORMAT_TYPE, triggerId: TRIGGER_ID },
};

const stopBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { targetDirectory: DIRECTORY, drain: { type: 'boolean' }, formatType: FORMAT_TYPE, triggerId: TRIGGER_ID },
};

interface JobRoute<Body> {
  Params: { jobid: string };
  Body: Body | null | undefined;
}

/** Savepoint operations share one store: a stop's trigger id is read on the savepoints route. */
export function registerSavepointRoutes(app: FastifyInstance, ctx: RestContext): void {
  const { dispatcher } = ctx;
  const operations = new AsyncOperations<{ readonly location: string }>();

  /** Waits for the job to end and insists it ended as asked; the savepoint is there either way. */
  async function awaitEnd(jobId: string, location: string, wanted: 'FINISHED' | 'CANCELED'): Promise<void> {
    const result = await dispatcher.requestJobResult(jobId);
    if (result.state === wanted) return;
    throw new WeirError(
      'CHECKPOINT_FAILED',
      `the savepoint at ${location} is complete, but job ${jobId} then ended ${result.state}${result.error !== undefined ? `: ${result.error.message}` : ''}`,
    );
  }

  app.post<JobRoute<SavepointTriggerRequestBody>>(
    '/jobs/:jobid/savepoints',
    { schema: { params: paramsSchema('jobid'), body: savepointBody } },
    async (request, reply) => {
      const jobId = request.params.jobid;
      const body = request.body ?? {};
      const target = body['target-directory'];
      const directory = target === undefined ? null : localPath(target, 'target-directory');
      // An unknown job answers 404 now, rather than a failed operation later.
      await dispatcher.requestJobStatus(jobId);
      const triggerId = operations.start(jobId, body.triggerId, async () => {
        const { location } = await dispatcher.triggerSavepoint(jobId, directory);
        if (body['cancel-job'] === true) {
          await dispatcher.cancelJob(jobId);
          await awaitEnd(jobId, location, 'CANCELED');
        }
        return { location };
      });
      const answer: TriggerResponse = { 'request-id': triggerId };
      return reply.code(202).send(answer);
    },
  );

  app.post<JobRoute<StopWithSavepointRequestBody>>(
    '/jobs/:jobid/stop',
    { schema: { params: paramsSchema('jobid'), body: stopBody } },
    async (request, reply) => {
      const jobId = request.params.jobid;
      const body = request.body ?? {};
      const directory = body.targetDirectory === undefined ? null : localPath(body.targetDirectory, 'targetDirectory');
      await dispatcher.requestJobStatus(jobId);
      const triggerId = operations.start(jobId, body.triggerId, async () => {
        const { location } = await dispatcher.stopWithSavepoint(jobId, directory, body.drain ?? false);
        // As in Flink, a stop is done when the job is, not when its savepoint is.
        await awaitEnd(jobId, location, 'FINISHED');
        return { location };
      });
      const answer: TriggerResponse = { 'request-id': triggerId };
      return reply.code(202).send(answer);
    },
  );

  app.get<{ Params: { jobid: string; triggerid: string } }>(
    '/jobs/:jobid/savepoints/:triggerid',
    { schema: { params: paramsSchema('jobid', 'triggerid') } },
    async (request): Promise<AsynchronousOperationResult<SavepointInfo>> => {
      const { jobid, triggerid } = request.params;
      const state = operations.get(jobid, triggerid);
      if (state === undefined) {
        throw new WeirError(
          'REST_NOT_FOUND',
          `there is no savepoint or stop operation with trigger id ${triggerid} for job ${jobid}; trigger ids are kept 5 minutes after the operation ends`,
        );
      }
      if (state.status === 'IN_PROGRESS') return { status: { id: 'IN_PROGRESS' } };
      if (state.status === 'SUCCEEDED') return { status: { id: 'COMPLETED' }, operation: { location: state.value.location } };
      return { status: { id: 'COMPLETED' }, operation: { 'failure-cause': serializedThrowable(serializeError(state.error)) } };
    },
  );
}
