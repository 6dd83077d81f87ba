/**
 * The JobManager's REST endpoint (Flink's WebMonitorEndpoint): Flink's REST API v1 paths
 * and JSON shapes over a DispatcherGateway. docs/rest.md lists every route.
 */
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  REST_ADDRESS,
  REST_BIND_ADDRESS,
  REST_MAX_CONTENT_LENGTH,
  REST_PORT,
  WEB_SUBMIT_ENABLE,
  type Configuration,
} from '../config/index.js';
import { WeirError, errorMessage } from '../core/errors.js';
import type { DispatcherGateway } from '../dispatcher/dispatcher-gateway.js';
import { consoleRpcLogger, type RpcLogger } from '../rpc/index.js';
import { installErrorHandling, payloadTooLarge } from './errors.js';
import type { JarRunner } from './jar-runner.js';
import { JarStore } from './jar-store.js';
import type { RestContext } from './rest-context.js';
import { registerClusterRoutes } from './routes/cluster.js';
import { registerCheckpointRoutes } from './routes/checkpoints.js';
import { registerCoordinatorRoutes } from './routes/coordinators.js';
import { registerJarRoutes } from './routes/jars.js';
import { registerJobSubmitRoute } from './routes/job-submit.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerBackPressureRoutes } from './routes/backpressure.js';
import { registerLogRoutes } from './routes/logs.js';
import { registerMetricRoutes } from './routes/metrics.js';
import { registerSubtaskRoutes } from './routes/subtasks.js';
import { registerAccumulatorRoutes } from './routes/accumulators.js';
import { registerFlameGraphRoutes } from './routes/flame-graphs.js';
import { registerSavepointRoutes } from './routes/savepoints.js';
import { schemaErrorFormatter } from './validation.js';
import { registerWebUi } from './web-ui.js';

export interface RestAppOptions {
  readonly dispatcher: DispatcherGateway;
  readonly configuration: Configuration;
  /** Where uploaded artifacts live; nothing outside it is read or written through a request. */
  readonly uploadDir: string;
  readonly runJar: JarRunner;
  readonly log?: RpcLogger;
  /** The base URL clients reach the server at; default `http://<rest.address>:<rest.port>`. */
  readonly webAddress?: () => string;
  /**
   * Stops the cluster this server answers for (`DELETE /cluster`), called once the reply
   * is sent. Absent where the cluster ends with its program (mini and application clusters).
   */
  readonly shutDownCluster?: () => void;
}

export interface RestServerOptions extends Omit<RestAppOptions, 'webAddress'> {
  /** Default `rest.bind-address` (127.0.0.1). */
  readonly bindAddress?: string;
  /** Default `rest.port` (8081); 0 picks a free port. */
  readonly port?: number;
}

export interface RestServer {
  readonly port: number;
  /** The base URL to reach the server at, e.g. `http://127.0.0.1:8081`. */
  readonly address: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
  readonly app: FastifyInstance;
}

// Jar ids are a uuid and a file name, longer than find-my-way's default limit of 100.
const MAX_PARAM_LENGTH = 300;

/**
 * The REST app, not yet listening: tests call its routes with `app.inject()`.
 * @example
 * const app = buildRestApp({ dispatcher, configuration, uploadDir, runJar: createJarRunner() });
 * const response = await app.inject({ method: 'GET', url: '/overview' });
 */
export function buildRestApp(options: RestAppOptions): FastifyInstance {
  const { configuration } = options;
  const maxContentLength = configuration.get(REST_MAX_CONTENT_LENGTH);
  const log = options.log ?? consoleRpcLogger;
  const app = Fastify({
    logger: false,
    bodyLimit: maxContentLength,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // Bodies are checked as sent: no coercion ("4" is not 4) and unknown fields rejected, not dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
    schemaErrorFormatter,
    forceCloseConnections: true,
  });
  installErrorHandling(app, { maxContentLength, log });

  // A declared length over the limit is refused before any of the body is read.
  app.addHook('onRequest', async (request) => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > maxContentLength) throw payloadTooLarge(maxContentLength);
  });

  // Flink's clients send POSTs with a JSON content type and no body; that is an empty request, not bad JSON.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body !== 'string' || body.trim() === '') {
      done(null, null);
      return;
    }
    void parseJson(request, body, (error, value) => {
      if (error === null) done(null, value);
      else done(new WeirError('REST_BAD_REQUEST', `the request body is not valid JSON: ${errorMessage(error)}`), undefined);
    });
  });

  const ctx: RestContext = {
    dispatcher: options.dispatcher,
    configuration,
    jars: new JarStore(options.uploadDir),
    runJar: options.runJar,
    maxContentLength,
    log,
    webAddress: options.webAddress ?? (() => `http://${configuration.get(REST_ADDRESS)}:${configuration.get(REST_PORT)}`),
    ...(options.shutDownCluster !== undefined ? { shutDownCluster: options.shutDownCluster } : {}),
  };

  void app.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: maxContentLength } });
  // Routes go in after the multipart plugin has loaded, so every route can read uploads.
  void app.register(async (scope) => {
    registerClusterRoutes(scope, ctx);
    registerJobRoutes(scope, ctx);
    registerAccumulatorRoutes(scope, ctx);
    registerFlameGraphRoutes(scope, ctx);
    registerJobSubmitRoute(scope, ctx);
    registerCoordinatorRoutes(scope, ctx);
    registerWebUi(scope);
    registerCheckpointRoutes(scope, ctx);
    registerSavepointRoutes(scope, ctx);
    registerMetricRoutes(scope, ctx);
    registerSubtaskRoutes(scope, ctx);
    registerBackPressureRoutes(scope, ctx);
    registerLogRoutes(scope, ctx);
    // As in Flink, without web submission the jar routes do not exist: they answer 404.
    if (configuration.get(WEB_SUBMIT_ENABLE)) registerJarRoutes(scope, ctx);
  });
  return app;
}

/**
 * Starts the REST server.
 * @example
 * const server = await startRestServer({ dispatcher, configuration, uploadDir, runJar: createJarRunner(), port: 0 });
 * const overview = await new RestClient({ baseUrl: server.address }).overview();
 */
export async function startRestServer(options: RestServerOptions): Promise<RestServer> {
  const host = options.bindAddress ?? options.configuration.get(REST_BIND_ADDRESS);
  let address = '';
  const app = buildRestApp({ ...options, webAddress: () => address });
  const port = options.port ?? options.configuration.get(REST_PORT);
  try {
    await app.listen({ host, port });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new WeirError(
      'REST_SERVER_ERROR',
      code === 'EADDRINUSE'
        ? `the REST API cannot listen on ${host}:${port}: the port is in use; stop what runs there or set rest.port to a free port`
        : `the REST API cannot listen on ${host}:${port}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const bound = app.server.address();
  if (bound === null || typeof bound === 'string') throw new WeirError('REST_SERVER_ERROR', `the REST server did not bind a TCP port on ${host}`);
  // A wildcard bind is reached through the address clients are told to use.
  const reachableHost = host === '0.0.0.0' || host === '::' ? options.configuration.get(REST_ADDRESS) : host;
  address = `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${bound.port}`;
  return {
    port: bound.port,
    address,
    close: () => app.close(),
    app,
  };
}
