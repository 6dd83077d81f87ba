/** The cluster's routes: dashboard config, overview, shutdown, JobManager config, TaskManagers and their thread dumps. */
import type { FastifyInstance } from 'fastify';
import { WEB_CANCEL_ENABLE, WEB_SUBMIT_ENABLE } from '../../config/index.js';
import { WeirError } from '../../core/errors.js';
import { unknownTaskManager } from '../errors.js';
import { paramsSchema } from '../ids.js';
import { slotsResource, taskManagerBody } from '../job-bodies.js';
import type {
  ClusterOverviewWithVersion,
  ConfigurationInfoEntry,
  DashboardConfiguration,
  TaskManagerDetailsInfo,
  TaskManagersInfo,
  ThreadDumpInfo,
} from '../messages.js';
import type { RestContext } from '../rest-context.js';
import { WEIR_REVISION, WEIR_VERSION } from '../version.js';

/** Flink's default `web.refresh-interval`: how often the dashboard polls. */
const REFRESH_INTERVAL_MS = 3000;

export function registerClusterRoutes(app: FastifyInstance, ctx: RestContext): void {
  app.get('/config', async (): Promise<DashboardConfiguration> => {
    const now = new Date();
    return {
      'refresh-interval': REFRESH_INTERVAL_MS,
      'timezone-name': Intl.DateTimeFormat().resolvedOptions().timeZone,
      'timezone-offset': -now.getTimezoneOffset() * 60_000,
      'flink-version': WEIR_VERSION,
      'flink-revision': WEIR_REVISION,
      features: {
        'web-submit': ctx.configuration.get(WEB_SUBMIT_ENABLE),
        'web-cancel': ctx.configuration.get(WEB_CANCEL_ENABLE),
        'web-rescale': false,
        'web-history': false,
      },
    };
  });

  app.get('/overview', async (): Promise<ClusterOverviewWithVersion> => {
    const overview = await ctx.dispatcher.requestClusterOverview();
    return {
      ...overview,
      // Weir never blocks TaskManagers or slots.
      'taskmanagers-blocked': 0,
      'slots-free-and-blocked': 0,
      'flink-version': WEIR_VERSION,
      'flink-commit': WEIR_REVISION,
    };
  });

  app.delete(
    '/cluster',
    {
      // After the reply is sent: shutting down closes this server, which would cut the request short.
      onResponse: async (_request, reply) => {
        if (reply.statusCode === 200) ctx.shutDownCluster?.();
      },
    },
    async (): Promise<Record<string, never>> => {
      if (ctx.shutDownCluster === undefined) {
        throw new WeirError(
          'REST_CONFLICT',
          'this cluster cannot be shut down over REST: it ends with the program that started it (an embedded mini cluster or an application cluster); cancel or stop its jobs instead',
        );
      }
      return {};
    },
  );

  app.get('/jobmanager/config', async (): Promise<ConfigurationInfoEntry[]> =>
    Object.entries(ctx.configuration.effectiveMap())
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => ({ key, value })),
  );

  app.get('/taskmanagers', async (): Promise<TaskManagersInfo> => ({
    taskmanagers: (await ctx.dispatcher.requestTaskManagers()).map(taskManagerBody),
  }));

  app.get<{ Params: { taskmanagerid: string } }>(
    '/taskmanagers/:taskmanagerid',
    { schema: { params: paramsSchema('taskmanagerid') } },
    async (request): Promise<TaskManagerDetailsInfo> => {
      const id = request.params.taskmanagerid;
      const info = (await ctx.dispatcher.requestTaskManagers()).find((tm) => tm.id === id);
      if (info === undefined) throw unknownTaskManager(id);
      return {
        ...taskManagerBody(info),
        allocatedSlots: info.slots.flatMap((slot) => (slot.jobId === null ? [] : [{ jobId: slot.jobId, resource: slotsResource(info, 1) }])),
      };
    },
  );

  app.get('/jobmanager/thread-dump', async (): Promise<ThreadDumpInfo> => {
    const threadInfos = await ctx.dispatcher.requestThreadDump?.();
    if (threadInfos === undefined) throw new WeirError('REST_NOT_FOUND', 'this JobManager takes no thread dumps');
    return { threadInfos };
  });

  app.get<{ Params: { taskmanagerid: string } }>(
    '/taskmanagers/:taskmanagerid/thread-dump',
    { schema: { params: paramsSchema('taskmanagerid') } },
    async (request): Promise<ThreadDumpInfo> => {
      const threadInfos = await ctx.dispatcher.requestTaskManagerThreadDump?.(request.params.taskmanagerid);
      if (threadInfos === undefined || threadInfos === null) throw unknownTaskManager(request.params.taskmanagerid);
      return { threadInfos };
    },
  );
}
