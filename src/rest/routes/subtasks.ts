/**
 * A vertex's subtasks one by one (Flink's subtask handlers): the current attempt of a
 * subtask with its I/O metrics, the times each subtask entered its states, and the
 * vertex's subtasks grouped by the TaskManager they run on.
 */
import type { FastifyInstance } from 'fastify';
import { WeirError } from '../../core/errors.js';
import type { SubtaskInfo, VertexInfo } from '../../dispatcher/job-info.js';
import { vertexIOMetrics } from '../../metrics/vertex-io.js';
import { aggregateExecutionState, TERMINAL_EXECUTION_STATES, type ExecutionState } from '../../runtime/deployment.js';
import { paramsSchema } from '../ids.js';
import { checkSubtaskIndex, jobVertex, subtaskParamsSchema } from '../job-vertex.js';
import { subtaskAttemptBody, subtaskHost } from '../job-bodies.js';
import type { JobVertexTaskManagersInfo, SubtaskExecutionAttemptDetailsInfo, SubtasksTimesInfo } from '../messages.js';
import type { RestContext } from '../rest-context.js';
import { metricFetcher } from './metric-fetchers.js';

type VertexParams = { Params: { jobid: string; vertexid: string } };
type SubtaskParams = { Params: { jobid: string; vertexid: string; subtaskindex: string; attempt?: string } };

export function registerSubtaskRoutes(app: FastifyInstance, ctx: RestContext): void {
  const fetcher = metricFetcher(ctx);

  function subtaskOf(vertex: VertexInfo, index: number): SubtaskInfo {
    checkSubtaskIndex(vertex, index);
    // A vertex lists all its subtasks, 0 to parallelism - 1.
    return vertex.subtasks.find((s) => s.subtask === index) as SubtaskInfo;
  }

  async function attemptBody(request: { params: SubtaskParams['Params'] }): Promise<SubtaskExecutionAttemptDetailsInfo> {
    const { jobid, vertexid } = request.params;
    const { info, vertex } = await jobVertex(ctx, jobid, vertexid);
    const subtask = subtaskOf(vertex, Number(request.params.subtaskindex));
    if (request.params.attempt !== undefined && Number(request.params.attempt) !== subtask.attempt) {
      throw new WeirError(
        'REST_NOT_FOUND',
        `subtask ${subtask.subtask} of vertex ${vertexid} is at attempt ${subtask.attempt}; Weir keeps only the current attempt of a subtask`,
      );
    }
    const store = await fetcher.fetch().catch(() => undefined);
    const measured = store?.subtasks(jobid, vertexid).filter((m) => m.subtaskIndex === subtask.subtask && m.attemptNumber === subtask.attempt) ?? [];
    return subtaskAttemptBody(info, subtask, await ctx.dispatcher.requestTaskManagers(), measured.length === 0 ? undefined : vertexIOMetrics(measured, 1));
  }

  app.get<SubtaskParams>('/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex', { schema: { params: subtaskParamsSchema() } }, attemptBody);
  app.get<SubtaskParams>('/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt', { schema: { params: subtaskParamsSchema(true) } }, attemptBody);

  app.get<VertexParams>(
    '/jobs/:jobid/vertices/:vertexid/subtasktimes',
    { schema: { params: paramsSchema('jobid', 'vertexid') } },
    async (request): Promise<SubtasksTimesInfo> => {
      const { info, vertex } = await jobVertex(ctx, request.params.jobid, request.params.vertexid);
      const taskManagers = await ctx.dispatcher.requestTaskManagers();
      return {
        id: vertex.id,
        name: vertex.name,
        now: info.now,
        subtasks: vertex.subtasks.map((subtask) => ({
          subtask: subtask.subtask,
          host: subtaskHost(subtask, taskManagers),
          duration: subtask.duration,
          timestamps: subtask.timestamps,
        })),
      };
    },
  );

  app.get<VertexParams>(
    '/jobs/:jobid/vertices/:vertexid/taskmanagers',
    { schema: { params: paramsSchema('jobid', 'vertexid') } },
    async (request): Promise<JobVertexTaskManagersInfo> => {
      const { jobid, vertexid } = request.params;
      const { info, vertex } = await jobVertex(ctx, jobid, vertexid);
      const taskManagers = await ctx.dispatcher.requestTaskManagers();
      const store = await fetcher.fetch().catch(() => undefined);
      const byTaskManager = new Map<string, SubtaskInfo[]>();
      for (const subtask of vertex.subtasks) {
        const key = subtask.taskManagerId ?? '';
        byTaskManager.set(key, [...(byTaskManager.get(key) ?? []), subtask]);
      }
      return {
        id: vertex.id,
        name: vertex.name,
        now: info.now,
        taskmanagers: [...byTaskManager.values()].map((subtasks) => {
          const first = subtasks[0] as SubtaskInfo;
          const counts = Object.fromEntries(Object.keys(vertex.tasks).map((state) => [state, 0])) as Record<ExecutionState, number>;
          for (const subtask of subtasks) counts[subtask.status]++;
          const indexes = new Set(subtasks.map((s) => s.subtask));
          const measured = store?.subtasks(jobid, vertexid).filter((m) => indexes.has(m.subtaskIndex)) ?? [];
          const starts = subtasks.map((s) => s.startTime).filter((t) => t > 0);
          const startTime = starts.length === 0 ? -1 : Math.min(...starts);
          const ended = subtasks.every((s) => TERMINAL_EXECUTION_STATES.has(s.status) && s.endTime > 0);
          const endTime = ended ? Math.max(...subtasks.map((s) => s.endTime)) : -1;
          return {
            host: subtaskHost(first, taskManagers),
            status: aggregateExecutionState(counts),
            'start-time': startTime,
            'end-time': endTime,
            duration: startTime < 0 ? -1 : (endTime > 0 ? endTime : info.now) - startTime,
            metrics: vertexIOMetrics(measured, subtasks.length),
            'status-counts': counts,
            'taskmanager-id': first.taskManagerId ?? '(unassigned)',
          };
        }),
      };
    },
  );
}
