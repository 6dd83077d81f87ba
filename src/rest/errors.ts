/**
 * Every REST failure answers `{"errors": ["…"]}` with the status that says whose fault
 * it was. A message the client can act on goes out as it is; an unexpected failure is
 * logged here and answered with a generic 500, so no stack or internal detail leaks.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WeirError, type WeirErrorCode } from '../core/errors.js';
import { REST_MAX_CONTENT_LENGTH, formatMemorySize } from '../config/index.js';
import type { RpcLogger } from '../rpc/index.js';
import type { ErrorResponseBody } from './messages.js';

const STATUS_OF_CODE: Partial<Record<WeirErrorCode, number>> = {
  REST_BAD_REQUEST: 400,
  REST_NOT_FOUND: 404,
  REST_METHOD_NOT_ALLOWED: 405,
  REST_CONFLICT: 409,
  REST_PAYLOAD_TOO_LARGE: 413,
  JOB_NOT_FOUND: 404,
  GRAPH_INVALID: 400,
  GRAPH_MISMATCH: 400,
  ARTIFACT_LOAD_FAILED: 400,
  ARTIFACT_LOAD_TIMEOUT: 400,
  CONFIG_INVALID_VALUE: 400,
  CONFIG_UNKNOWN_KEY: 400,
  // A savepoint path or state that a submission cannot restore from is the request's fault.
  CHECKPOINT_NOT_FOUND: 400,
  CHECKPOINT_CORRUPT: 400,
  CHECKPOINT_STATE_NOT_RESTORED: 400,
};

/** Fastify's own 413 codes for bodies and uploads past the size limit. */
const TOO_LARGE_CODES = new Set(['FST_ERR_CTP_BODY_TOO_LARGE', 'FST_REQ_FILE_TOO_LARGE']);
/** The multipart parser's 413 codes for more parts than a route takes. */
const TOO_MANY_PARTS_CODES = new Set(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT']);

export const INTERNAL_ERROR_MESSAGE = "Internal server error: the JobManager's log has the details";

/** The 404 of every route under `/taskmanagers/:taskmanagerid`. */
export function unknownTaskManager(id: string): WeirError {
  return new WeirError('REST_NOT_FOUND', `no TaskManager with id ${id} is registered; GET /taskmanagers lists them`);
}

export function payloadTooLarge(limitBytes: number): WeirError {
  return new WeirError(
    'REST_PAYLOAD_TOO_LARGE',
    `the request is larger than the server accepts (${formatMemorySize(limitBytes)}); raise ${REST_MAX_CONTENT_LENGTH.key} on the JobManager to accept it`,
  );
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

interface Answer {
  readonly status: number;
  readonly message: string;
}

function answerFor(error: unknown, maxContentLength: number): Answer | undefined {
  if (error instanceof WeirError) {
    const status = STATUS_OF_CODE[error.code];
    return status === undefined ? undefined : { status, message: error.message };
  }
  if (!isFastifyError(error)) return undefined;
  if (TOO_LARGE_CODES.has(error.code)) return { status: 413, message: payloadTooLarge(maxContentLength).message };
  if (TOO_MANY_PARTS_CODES.has(error.code)) {
    return { status: 413, message: 'the multipart request has more parts than this route takes (docs/rest.md lists them)' };
  }
  const status = error.statusCode ?? 500;
  // Fastify's and the multipart parser's 4xx messages describe the request, not the server.
  return status >= 400 && status < 500 ? { status, message: error.message } : undefined;
}

function send(reply: FastifyReply, status: number, message: string): FastifyReply {
  const body: ErrorResponseBody = { errors: [message] };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** A route as registered, for telling "no such path" (404) from "not with this method" (405). */
interface RouteShape {
  readonly methods: readonly string[];
  readonly pattern: RegExp;
}

function routePattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

export interface ErrorHandlingOptions {
  readonly maxContentLength: number;
  readonly log: RpcLogger;
}

/** Installs the error handler, the 404/405 handler and the route table it needs; call before adding routes. */
export function installErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions): void {
  const routes: RouteShape[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({ methods: methods.map(String), pattern: routePattern(route.url ?? route.path) });
  });

  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const answer = answerFor(error, options.maxContentLength);
    if (answer !== undefined) return send(reply, answer.status, answer.message);
    options.log.error(`REST ${request.method} ${request.url} failed`, error);
    return send(reply, 500, INTERNAL_ERROR_MESSAGE);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const allowed = new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods));
    if (allowed.size > 0 && !allowed.has(request.method)) {
      const methods = [...allowed].sort();
      reply.header('allow', methods.join(', '));
      const choices = methods.length > 1 ? `${methods.slice(0, -1).join(', ')} or ${methods.at(-1) ?? ''}` : methods.join('');
      return send(reply, 405, `method ${request.method} is not allowed on ${path}; use ${choices}`);
    }
    return send(reply, 404, `Not found: ${path}`);
  });
}
