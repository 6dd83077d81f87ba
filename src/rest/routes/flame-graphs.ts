/**
 * `GET /jobs/:jobid/vertices/:vertexid/flamegraph`, as Flink answers it: the first request
 * starts a sampling and answers "waiting"; later ones get the latest graph, and a graph
 * older than `rest.flamegraph.refresh-interval` is served while a new one is sampled.
 * `endTimestamp` -1 means the vertex has ended, -2 that flame graphs are off, -3 waiting.
 */
import type { FastifyInstance } from 'fastify';
import {
  FLAMEGRAPH_CLEANUP_INTERVAL,
  FLAMEGRAPH_DELAY,
  FLAMEGRAPH_ENABLED,
  FLAMEGRAPH_NUM_SAMPLES,
  FLAMEGRAPH_REFRESH_INTERVAL,
  FLAMEGRAPH_STACK_DEPTH,
} from '../../config/index.js';
import { flameGraphOfType, type FlameGraphNode, type FlameGraphSampling, type FlameGraphType } from '../../metrics/flame-graph.js';
import { TERMINAL_EXECUTION_STATES } from '../../runtime/deployment.js';
import { paramsSchema } from '../ids.js';
import { checkSubtaskIndex, jobVertex } from '../job-vertex.js';
import type { JobVertexFlameGraph } from '../messages.js';
import type { RestContext } from '../rest-context.js';

const TERMINATED: JobVertexFlameGraph = { endTimestamp: -1 };
const DISABLED: JobVertexFlameGraph = { endTimestamp: -2 };
const WAITING: JobVertexFlameGraph = { endTimestamp: -3 };

type FlameGraphRequest = {
  Params: { jobid: string; vertexid: string };
  Querystring: { type?: FlameGraphType; subtaskindex?: string };
};

interface Sampled {
  graph: FlameGraphNode | undefined;
  endTimestamp: number;
  lastAsked: number;
  sampling: Promise<void> | undefined;
}

export function registerFlameGraphRoutes(app: FastifyInstance, ctx: RestContext): void {
  const config = ctx.configuration;
  const enabled = config.get(FLAMEGRAPH_ENABLED);
  const delay = config.get(FLAMEGRAPH_DELAY);
  const sampling: FlameGraphSampling = { durationMs: config.get(FLAMEGRAPH_NUM_SAMPLES) * delay, intervalMs: delay, stackDepth: config.get(FLAMEGRAPH_STACK_DEPTH) };
  const refreshMs = config.get(FLAMEGRAPH_REFRESH_INTERVAL);
  const cleanupMs = config.get(FLAMEGRAPH_CLEANUP_INTERVAL);
  const sampled = new Map<string, Sampled>();

  const forgetUnasked = (now: number): void => {
    for (const [key, entry] of sampled) if (entry.sampling === undefined && now - entry.lastAsked > cleanupMs) sampled.delete(key);
  };

  const startSampling = (entry: Sampled, jobId: string, vertexId: string, subtask: number | null): void => {
    entry.sampling = ctx.dispatcher
      .requestFlameGraph(jobId, vertexId, subtask, sampling)
      .then(
        (graph) => {
          entry.graph = graph ?? undefined;
          entry.endTimestamp = Date.now();
        },
        (error: unknown) => ctx.log.warn(`could not sample a flame graph of vertex ${vertexId} of job ${jobId}`, error),
      )
      .finally(() => {
        entry.sampling = undefined;
      });
  };

  app.get<FlameGraphRequest>(
    '/jobs/:jobid/vertices/:vertexid/flamegraph',
    {
      schema: {
        params: paramsSchema('jobid', 'vertexid'),
        querystring: {
          type: 'object',
          properties: { type: { type: 'string', enum: ['FULL', 'ON_CPU', 'OFF_CPU'] }, subtaskindex: { type: 'string', pattern: '^[0-9]{1,6}$' } },
        },
      },
    },
    async (request): Promise<JobVertexFlameGraph> => {
      if (!enabled) return DISABLED;
      const { jobid, vertexid } = request.params;
      const { vertex } = await jobVertex(ctx, jobid, vertexid);
      const subtask = request.query.subtaskindex === undefined ? null : Number(request.query.subtaskindex);
      if (subtask !== null) checkSubtaskIndex(vertex, subtask);
      if (vertex.subtasks.every((s) => TERMINAL_EXECUTION_STATES.has(s.status))) return TERMINATED;

      const now = Date.now();
      forgetUnasked(now);
      const key = `${jobid}/${vertexid}/${subtask ?? 'all'}`;
      let entry = sampled.get(key);
      if (entry === undefined) {
        entry = { graph: undefined, endTimestamp: 0, lastAsked: now, sampling: undefined };
        sampled.set(key, entry);
      }
      entry.lastAsked = now;
      if (entry.sampling === undefined && (entry.graph === undefined || now - entry.endTimestamp > refreshMs)) startSampling(entry, jobid, vertexid, subtask);
      if (entry.graph === undefined) return WAITING;
      return { endTimestamp: entry.endTimestamp, data: flameGraphOfType(entry.graph, request.query.type ?? 'FULL') };
    },
  );
}
