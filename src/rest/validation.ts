/**
 * Turns JSON-schema validation errors into one sentence that names the field, so a
 * client learns what to fix without reading a schema.
 */
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { WeirError } from '../core/errors.js';
import { PATH_PARAMETERS, type PathParameter } from './ids.js';

/** The parts of a request fastify validates, and the job submission's own files. */
export type ValidatedPart = 'body' | 'params' | 'querystring' | 'headers' | 'request field' | 'job graph file' | 'program output';

const SUBJECT: Record<ValidatedPart, string> = {
  body: 'request body',
  params: 'path parameter',
  querystring: 'query parameter',
  headers: 'header',
  'request field': "multipart field 'request'",
  'job graph file': 'job graph file',
  'program output': "the program's job graph",
};

/** `/vertices/0/nodeIds/2` → `vertices[0].nodeIds[2]`. */
function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((name, segment) => (/^\d+$/.test(segment) ? `${name}[${segment}]` : name === '' ? segment : `${name}.${segment}`), '');
}

function describe(error: FastifySchemaValidationError, part: ValidatedPart): string {
  const subject = SUBJECT[part];
  const field = fieldName(error.instancePath);
  if (part === 'params' && field in PATH_PARAMETERS) {
    return `path parameter '${field}' must be ${PATH_PARAMETERS[field as PathParameter].description}`;
  }
  // A query parameter or header is itself the field; in a JSON document the field is inside the subject.
  const named = part === 'params' || part === 'querystring' || part === 'headers';
  const where = field === '' ? subject : named ? `${subject} '${field}'` : `${subject} field '${field}'`;
  const params = error.params;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown field '${String(params['additionalProperty'])}'`;
    case 'required':
      return `${where} lacks the required field '${String(params['missingProperty'])}'`;
    case 'type':
      return field === '' && part === 'body'
        ? `the request body must be a JSON ${String(params['type'])}`
        : `${where} must be ${article(String(params['type']))}`;
    case 'enum':
      return `${where} must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${where} has the wrong format (it must match ${String(params['pattern'])})`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function validationMessage(errors: readonly FastifySchemaValidationError[], part: ValidatedPart): string {
  const first = errors[0];
  return first === undefined ? `the ${SUBJECT[part]} is invalid` : describe(first, part);
}

/** fastify's `schemaErrorFormatter`: every schema failure becomes a REST_BAD_REQUEST. */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  return new WeirError('REST_BAD_REQUEST', validationMessage(errors, dataVar as ValidatedPart));
}

/** Checks a value that did not arrive as a body (a file, a field, a program's output) with the app's validator. */
export function validateWith<T>(request: FastifyRequest, schema: object, value: unknown, part: ValidatedPart): T {
  const check = request.compileValidationSchema(schema);
  if (!check(value)) throw new WeirError('REST_BAD_REQUEST', validationMessage((check.errors ?? []) as FastifySchemaValidationError[], part));
  return value as T;
}
