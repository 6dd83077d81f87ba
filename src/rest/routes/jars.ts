/**
 * Flink's web submission routes (`/jars/*`): upload a job artifact, list and delete
 * uploads, run one (its main runs in a JarRunner thread and the first job it builds is
 * submitted) or show the plan of that job. Registered only with `web.submit.enable`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { extname } from 'node:path';
import { environmentDefaults } from '../../cluster/settings.js';
import { WeirError } from '../../core/errors.js';
import type { JobSubmission } from '../../dispatcher/dispatcher-gateway.js';
import { jobPlan } from '../../graph/plan.js';
import type { ProgramSpec } from '../../runtime/deployment.js';
import { payloadTooLarge } from '../errors.js';
import { ARTIFACT_EXTENSIONS, HEX_ID_PATTERN, jarName, paramsSchema } from '../ids.js';
import type { JarListInfo, JarRunRequestBody, JarRunResponseBody, JarUploadResponseBody, JobPlanInfo } from '../messages.js';
import { JOB_GRAPH_FILE_SCHEMA, checkJobGraph, type JobGraphFile } from '../job-graph-file.js';
import { programArguments } from '../program-args.js';
import { savepointRestore } from '../local-paths.js';
import type { StoredJar } from '../jar-store.js';
import type { RestContext } from '../rest-context.js';
import { validateWith } from '../validation.js';

const JAR_FIELD = 'jarfile';

const runBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    entryClass: { type: 'string' },
    programArgs: { type: 'string' },
    programArgsList: { type: 'array', items: { type: 'string' } },
    parallelism: { type: 'integer', minimum: 1, maximum: 32768 },
    jobId: { type: 'string', pattern: HEX_ID_PATTERN },
    savepointPath: { type: 'string' },
    allowNonRestoredState: { type: 'boolean' },
    restoreMode: { type: 'string' },
    flinkConfiguration: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/** Flink's query parameters of run and plan; the body wins where both are given. */
const runQuerySchema = {
  type: 'object',
  properties: {
    parallelism: { type: 'string', pattern: '^[1-9][0-9]{0,4}$' },
    programArg: { type: 'string' },
    'program-args': { type: 'string' },
    'entry-class': { type: 'string' },
    savepointPath: { type: 'string' },
    allowNonRestoredState: { type: 'string', enum: ['true', 'false'] },
  },
};

interface RunQuery {
  readonly parallelism?: string;
  readonly programArg?: string;
  readonly 'program-args'?: string;
  readonly savepointPath?: string;
  readonly allowNonRestoredState?: 'true' | 'false';
}

interface JarRoute {
  Params: { jarid: string };
  Body: JarRunRequestBody | null | undefined;
  Querystring: RunQuery;
}

const UPLOAD_USAGE = `POST /jars/upload takes multipart/form-data with the artifact (a .mjs or .js file built by Weir) in a field named '${JAR_FIELD}'`;

function bad(message: string): WeirError {
  return new WeirError('REST_BAD_REQUEST', message);
}

export function registerJarRoutes(app: FastifyInstance, ctx: RestContext): void {
  const { jars } = ctx;

  /** Runs the jar's main with the request's arguments; its first job is submitted as asked (savepoint included). */
  async function buildJob(request: FastifyRequest<JarRoute>): Promise<JobSubmission> {
    const id = request.params.jarid;
    const artifactPath = await jars.path(id);
    const body = request.body ?? {};
    const query = request.query;
    if (body.restoreMode !== undefined && body.restoreMode !== 'NO_CLAIM') {
      throw bad(
        `restoreMode '${body.restoreMode}' is not supported: Weir restores as NO_CLAIM does (it never takes over or deletes a savepoint); leave it out or send 'NO_CLAIM'`,
      );
    }
    const queryAllow = query.allowNonRestoredState === undefined ? undefined : query.allowNonRestoredState === 'true';
    const restore = savepointRestore(body.savepointPath ?? query.savepointPath, body.allowNonRestoredState ?? queryAllow);
    if (body.flinkConfiguration !== undefined && Object.keys(body.flinkConfiguration).length > 0) {
      throw bad('flinkConfiguration is not supported yet: set configuration on the cluster (config.yaml or -D)');
    }
    const artifact = await jars.read(id);
    const args = programArguments({
      programArgsList: body.programArgsList,
      programArgs: body.programArgs,
      programArgQuery: query.programArg,
      programArgsQuery: query['program-args'],
    });
    const defaults = environmentDefaults(ctx.configuration);
    const parallelism = body.parallelism ?? (query.parallelism === undefined ? defaults.parallelism : Number(query.parallelism));
    // The slots rebuild the job from this spec, so they see the arguments the jar ran with.
    const program: ProgramSpec = { entry: jarName(id), args, defaults: { ...defaults, parallelism } };
    const built = await ctx.runJar({ artifactPath, program, ...(body.jobId !== undefined ? { jobId: body.jobId } : {}) });
    // The program's thread runs user code, which can post anything: its graph is checked like an uploaded one.
    const { jobGraph } = validateWith<JobGraphFile>(request, JOB_GRAPH_FILE_SCHEMA, { jobGraph: built, program }, 'program output');
    checkJobGraph(jobGraph);
    return { jobGraph, program, artifact, ...restore };
  }

  app.get('/jars', async (): Promise<JarListInfo> => ({ address: ctx.webAddress(), files: await jars.list() }));

  app.post('/jars/upload', async (request): Promise<JarUploadResponseBody> => {
    if (!request.isMultipart()) throw bad(UPLOAD_USAGE);
    let stored: StoredJar | undefined;
    try {
      // Read to the end, so a second part is refused rather than silently dropped.
      for await (const part of request.parts({ limits: { fileSize: ctx.maxContentLength, parts: 1 } })) {
        if (part.type === 'field') throw bad(`the upload has a field '${part.fieldname}' and no file; ${UPLOAD_USAGE}`);
        if (part.fieldname !== JAR_FIELD) throw bad(`the file is in field '${part.fieldname}'; ${UPLOAD_USAGE}`);
        if (!ARTIFACT_EXTENSIONS.includes(extname(part.filename))) {
          throw bad(`only job artifacts (${ARTIFACT_EXTENSIONS.join(' or ')} files) can be uploaded, not '${part.filename}'`);
        }
        stored = await jars.save(part.filename, part.file, () => payloadTooLarge(ctx.maxContentLength));
      }
    } catch (error) {
      if (stored !== undefined) await jars.delete(stored.id).catch(() => undefined);
      if ((error as { code?: unknown }).code === 'FST_PARTS_LIMIT') throw bad(`send exactly one file; ${UPLOAD_USAGE}`);
      throw error;
    }
    if (stored === undefined) throw bad(`the upload holds no file; ${UPLOAD_USAGE}`);
    return { filename: stored.path, status: 'success' };
  });

  app.delete<{ Params: { jarid: string } }>('/jars/:jarid', { schema: { params: paramsSchema('jarid') } }, async (request) => {
    await jars.delete(request.params.jarid);
    return {};
  });

  const runSchema = { params: paramsSchema('jarid'), body: runBodySchema, querystring: runQuerySchema };

  app.post<JarRoute>('/jars/:jarid/run', { schema: runSchema }, async (request): Promise<JarRunResponseBody> => {
    const { jobId } = await ctx.dispatcher.submitJob(await buildJob(request));
    return { jobid: jobId };
  });

  // Flink 1.x answers plans on GET (query parameters) and POST (body); both are kept.
  const planHandler = async (request: FastifyRequest<JarRoute>): Promise<JobPlanInfo> => ({
    plan: jobPlan((await buildJob(request)).jobGraph),
  });
  app.get<JarRoute>('/jars/:jarid/plan', { schema: { params: paramsSchema('jarid'), querystring: runQuerySchema } }, planHandler);
  app.post<JarRoute>('/jars/:jarid/plan', { schema: runSchema }, planHandler);
}
