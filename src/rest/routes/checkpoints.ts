/**
 * Checkpoint routes: trigger one now (an asynchronous operation with a trigger id), read
 * the job's checkpoint statistics and configuration, and one checkpoint's details down to
 * its subtasks. The figures come from the CheckpointCoordinator's snapshot; a finished
 * job answers from the snapshot the Dispatcher archived when it ended.
 */
import type { FastifyInstance } from 'fastify';
import { STATE_BACKEND } from '../../config/index.js';
import { WeirError, serializeError } from '../../core/errors.js';
import { AsyncOperations } from '../async-operations.js';
import { checkpointDetails, checkpointingStatistics } from '../checkpoint-bodies.js';
import { checkpointConfigBody } from '../checkpoint-config-body.js';
import { subtaskCheckpointDetails } from '../checkpoint-subtask-bodies.js';
import type {
  AsynchronousOperationResult,
  CheckpointConfigInfo,
  CheckpointInfo,
  CheckpointingStatistics,
  CheckpointStatistics,
  CheckpointTriggerRequestBody,
  TaskCheckpointStatisticsWithSubtaskDetails,
  TriggerResponse,
} from '../checkpoint-messages.js';
import { HEX_ID_PATTERN, paramsSchema } from '../ids.js';
import { serializedThrowable } from '../job-result-body.js';
import type { RestContext } from '../rest-context.js';

const triggerBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    checkpointType: { type: 'string', enum: ['CONFIGURED', 'FULL', 'INCREMENTAL'] },
    triggerId: { type: 'string', pattern: HEX_ID_PATTERN },
  },
};

interface JobParams {
  Params: { jobid: string };
}

interface CheckpointParams {
  Params: { jobid: string; checkpointid: string };
}

export function registerCheckpointRoutes(app: FastifyInstance, ctx: RestContext): void {
  const { dispatcher } = ctx;
  const operations = new AsyncOperations<{ readonly checkpointId: number }>();
  const jobParams = { params: paramsSchema('jobid') };

  function unknownCheckpoint(jobId: string, checkpointId: string): WeirError {
    return new WeirError(
      'REST_NOT_FOUND',
      `job ${jobId} has no checkpoint ${checkpointId} in its statistics (they keep the last 10 and the retained ones); GET /jobs/${jobId}/checkpoints lists them`,
    );
  }

  app.post<JobParams & { Body: CheckpointTriggerRequestBody | null | undefined }>(
    '/jobs/:jobid/checkpoints',
    { schema: { ...jobParams, body: triggerBody } },
    async (request, reply) => {
      const jobId = request.params.jobid;
      const body = request.body ?? {};
      if (body.checkpointType === 'INCREMENTAL') {
        throw new WeirError('REST_BAD_REQUEST', "checkpointType 'INCREMENTAL' is not supported: Weir's checkpoints are always full; leave it out or send 'FULL'");
      }
      await dispatcher.requestJobStatus(jobId);
      const triggerId = operations.start(jobId, body.triggerId, async () => ({ checkpointId: (await dispatcher.triggerCheckpoint(jobId)).checkpointId }));
      const answer: TriggerResponse = { 'request-id': triggerId };
      return reply.code(202).send(answer);
    },
  );

  app.get<JobParams>('/jobs/:jobid/checkpoints', { schema: jobParams }, async (request): Promise<CheckpointingStatistics> =>
    checkpointingStatistics(await dispatcher.requestCheckpointStats(request.params.jobid), Date.now()),
  );

  app.get<JobParams>('/jobs/:jobid/checkpoints/config', { schema: jobParams }, async (request): Promise<CheckpointConfigInfo> => {
    const jobId = request.params.jobid;
    const { settings } = await dispatcher.requestCheckpointStats(jobId);
    if (settings.intervalMs === undefined) {
      // Flink's answer for a job without periodic checkpoints; savepoints still work.
      throw new WeirError(
        'REST_NOT_FOUND',
        `checkpointing is not enabled for job ${jobId}: the program calls env.enableCheckpointing(ms), or set execution.checkpointing.interval`,
      );
    }
    return checkpointConfigBody(settings, ctx.configuration.get(STATE_BACKEND));
  });

  app.get<CheckpointParams>(
    '/jobs/:jobid/checkpoints/details/:checkpointid',
    { schema: { params: paramsSchema('jobid', 'checkpointid') } },
    async (request): Promise<CheckpointStatistics> => {
      const { jobid, checkpointid } = request.params;
      const details = checkpointDetails(await dispatcher.requestCheckpointStats(jobid), Number(checkpointid), Date.now());
      if (details === undefined) throw unknownCheckpoint(jobid, checkpointid);
      return details;
    },
  );

  app.get<{ Params: CheckpointParams['Params'] & { vertexid: string } }>(
    '/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid',
    { schema: { params: paramsSchema('jobid', 'checkpointid', 'vertexid') } },
    async (request): Promise<TaskCheckpointStatisticsWithSubtaskDetails> => {
      const { jobid, checkpointid, vertexid } = request.params;
      const stats = await dispatcher.requestCheckpointStats(jobid);
      const now = Date.now();
      if (checkpointDetails(stats, Number(checkpointid), now) === undefined) throw unknownCheckpoint(jobid, checkpointid);
      const details = subtaskCheckpointDetails(stats, Number(checkpointid), vertexid, now);
      if (details === undefined) {
        throw new WeirError(
          'REST_NOT_FOUND',
          `vertex ${vertexid} has no part in checkpoint ${checkpointid} of job ${jobid} (a failed checkpoint keeps no per-task figures); GET /jobs/${jobid}/checkpoints/details/${checkpointid} lists its vertices`,
        );
      }
      return details;
    },
  );

  app.get<{ Params: { jobid: string; triggerid: string } }>(
    '/jobs/:jobid/checkpoints/:triggerid',
    { schema: { params: paramsSchema('jobid', 'triggerid') } },
    async (request): Promise<AsynchronousOperationResult<CheckpointInfo>> => {
      const { jobid, triggerid } = request.params;
      const state = operations.get(jobid, triggerid);
      if (state === undefined) {
        throw new WeirError(
          'REST_NOT_FOUND',
          `there is no checkpoint operation with trigger id ${triggerid} for job ${jobid}; trigger ids are kept 5 minutes after the operation ends`,
        );
      }
      if (state.status === 'IN_PROGRESS') return { status: { id: 'IN_PROGRESS' } };
      if (state.status === 'SUCCEEDED') return { status: { id: 'COMPLETED' }, operation: { checkpointId: state.value.checkpointId } };
      return { status: { id: 'COMPLETED' }, operation: { failureCause: serializedThrowable(serializeError(state.error)) } };
    },
  );
}
