/** The routes that read and cancel jobs. Submission is in job-submit.ts. */
import type { FastifyInstance } from 'fastify';
import { TERMINAL_JOB_STATES } from '../../api/job-client.js';
import { WeirError, errorMessage } from '../../core/errors.js';
import { paramsSchema } from '../ids.js';
import { jobVertex } from '../job-vertex.js';
import { jobDetailsBody, jobExceptionsBody, jobOverviewEntry, vertexDetailsBody } from '../job-bodies.js';
import { IN_PROGRESS, executionResultBody } from '../job-result-body.js';
import type {
  JobDetailsInfo,
  JobExceptionsInfoWithHistory,
  JobExecutionResultResponseBody,
  JobIdsWithStatusOverview,
  JobConfigInfo,
  JobPlanInfo,
  JobStatusInfo,
  JobVertexDetailsInfo,
  MultipleJobsDetails,
} from '../messages.js';
import type { RestContext } from '../rest-context.js';

interface JobParams {
  Params: { jobid: string };
}

const jobParams = { params: paramsSchema('jobid') };

/** Flink's default `web.exception-history-size`. */
const DEFAULT_MAX_EXCEPTIONS = 16;

export function registerJobRoutes(app: FastifyInstance, ctx: RestContext): void {
  const { dispatcher } = ctx;

  app.get('/jobs', async (): Promise<JobIdsWithStatusOverview> => ({
    jobs: (await dispatcher.listJobs()).map((job) => ({ id: job.jobId, status: job.state })),
  }));

  app.get('/jobs/overview', async (): Promise<MultipleJobsDetails> => {
    const jobs = await dispatcher.listJobs();
    const entries = await Promise.all(
      jobs.map(async (job) => {
        const info = await dispatcher.requestJobDetails(job.jobId).catch((error: unknown) => {
          // One job without details (its JobMaster still starting) must not hide the others.
          ctx.log.debug(`no details for job ${job.jobId} in /jobs/overview: ${errorMessage(error)}`);
          return undefined;
        });
        return jobOverviewEntry(job, info);
      }),
    );
    return { jobs: entries };
  });

  app.get<JobParams>('/jobs/:jobid', { schema: jobParams }, async (request): Promise<JobDetailsInfo> =>
    jobDetailsBody(await dispatcher.requestJobDetails(request.params.jobid)),
  );

  app.get<JobParams>('/jobs/:jobid/plan', { schema: jobParams }, async (request): Promise<JobPlanInfo> => ({
    plan: (await dispatcher.requestJobDetails(request.params.jobid)).plan,
  }));

  app.get<JobParams>('/jobs/:jobid/config', { schema: jobParams }, async (request): Promise<JobConfigInfo> => {
    const details = await dispatcher.requestJobDetails(request.params.jobid);
    const config = details.executionConfig;
    return {
      jid: details.jobId,
      name: details.name,
      'execution-config': {
        'execution-mode': 'PIPELINED',
        'restart-strategy': config.restartStrategy,
        'job-parallelism': config.jobParallelism,
        'object-reuse-mode': false,
        'user-config': config.userConfig,
      },
    };
  });

  app.get<JobParams>('/jobs/:jobid/status', { schema: jobParams }, async (request): Promise<JobStatusInfo> => ({
    status: await dispatcher.requestJobStatus(request.params.jobid),
  }));

  app.get<JobParams & { Querystring: { maxExceptions?: string } }>(
    '/jobs/:jobid/exceptions',
    {
      schema: {
        ...jobParams,
        querystring: { type: 'object', properties: { maxExceptions: { type: 'string', pattern: '^[0-9]{1,6}$' } } },
      },
    },
    async (request): Promise<JobExceptionsInfoWithHistory> => {
      const max = request.query.maxExceptions;
      const info = await dispatcher.requestJobDetails(request.params.jobid);
      return jobExceptionsBody(info, max === undefined ? DEFAULT_MAX_EXCEPTIONS : Number(max), await dispatcher.requestTaskManagers());
    },
  );

  app.get<JobParams>(
    '/jobs/:jobid/execution-result',
    { schema: jobParams },
    async (request): Promise<JobExecutionResultResponseBody> => {
      const jobId = request.params.jobid;
      const status = await dispatcher.requestJobStatus(jobId);
      if (!TERMINAL_JOB_STATES.has(status)) return IN_PROGRESS;
      return executionResultBody(await dispatcher.requestJobResult(jobId));
    },
  );

  app.patch<JobParams & { Querystring: { mode?: string } }>(
    '/jobs/:jobid',
    {
      schema: {
        ...jobParams,
        querystring: { type: 'object', properties: { mode: { type: 'string', enum: ['cancel', 'CANCEL', 'stop', 'STOP'] } } },
      },
    },
    async (request, reply) => {
      const jobId = request.params.jobid;
      if (request.query.mode?.toLowerCase() === 'stop') {
        throw new WeirError('REST_BAD_REQUEST', "mode 'stop' is not supported: stop with a savepoint through POST /jobs/:jobid/stop, or use mode=cancel");
      }
      const status = await dispatcher.requestJobStatus(jobId);
      if (TERMINAL_JOB_STATES.has(status) && status !== 'CANCELED') {
        throw new WeirError('REST_CONFLICT', `job ${jobId} cannot be cancelled: it already ended ${status}`);
      }
      await dispatcher.cancelJob(jobId);
      return reply.code(202).send({});
    },
  );

  app.get<{ Params: { jobid: string; vertexid: string } }>(
    '/jobs/:jobid/vertices/:vertexid',
    { schema: { params: paramsSchema('jobid', 'vertexid') } },
    async (request): Promise<JobVertexDetailsInfo> => {
      const { info, vertex } = await jobVertex(ctx, request.params.jobid, request.params.vertexid);
      return vertexDetailsBody(info, vertex, await dispatcher.requestTaskManagers());
    },
  );
}
