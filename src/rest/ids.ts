/**
 * The ids that appear in REST paths, and the rules that keep a jar id from naming any
 * file but the artifact it was issued for.
 */
import { randomUUID } from 'node:crypto';
import { basename, extname, join, relative, isAbsolute, sep } from 'node:path';
import { WeirError } from '../core/errors.js';

export const HEX_ID_PATTERN = '^[0-9a-f]{32}$';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const MAX_NAME_LENGTH = 100;

/**
 * `<uuid>_<name>.mjs`, where name starts with a letter or digit and holds only letters,
 * digits, `.`, `_` and `-`: no separator, no leading dot, nothing a filesystem reads specially.
 */
export const JAR_ID_PATTERN = `^${UUID}_[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_NAME_LENGTH - 1}}\\.mjs$`;
const JAR_ID = new RegExp(JAR_ID_PATTERN);

/** What each path parameter must be, for the 400 answer that names it. */
export const PATH_PARAMETERS = {
  jobid: { pattern: HEX_ID_PATTERN, description: 'a JobID: 32 hexadecimal characters (see GET /jobs)' },
  vertexid: { pattern: HEX_ID_PATTERN, description: 'a JobVertexID: 32 hexadecimal characters (see GET /jobs/:jobid)' },
  taskmanagerid: { pattern: HEX_ID_PATTERN, description: 'a TaskManager id: 32 hexadecimal characters (see GET /taskmanagers)' },
  operatorid: { pattern: HEX_ID_PATTERN, description: 'an OperatorID: 32 hexadecimal characters' },
  triggerid: { pattern: HEX_ID_PATTERN, description: 'a trigger id: 32 hexadecimal characters, as the POST that started the operation answered it' },
  checkpointid: { pattern: '^[1-9][0-9]{0,14}$', description: 'a checkpoint id: a positive whole number (see GET /jobs/:jobid/checkpoints)' },
  jarid: { pattern: JAR_ID_PATTERN, description: 'a jar id as POST /jars/upload returned it (<uuid>_<name>.mjs; see GET /jars)' },
} as const;

export type PathParameter = keyof typeof PATH_PARAMETERS;

/** A fastify params schema for the given parameters, so a malformed id never reaches a handler. */
export function paramsSchema(...names: readonly PathParameter[]): object {
  return {
    type: 'object',
    required: [...names],
    properties: Object.fromEntries(names.map((name) => [name, { type: 'string', pattern: PATH_PARAMETERS[name].pattern }])),
  };
}

export const ARTIFACT_EXTENSIONS: readonly string[] = ['.mjs', '.js'];

/**
 * A fresh jar id for an uploaded file name. The id is ours, never the client's text:
 * only the base name's safe characters survive, and it always ends in `.mjs` so Node
 * loads the artifact as the ES module it is wherever it is stored.
 */
export function newJarId(uploadedName: string): string {
  const base = basename(uploadedName.replaceAll('\\', '/'));
  const stem = base.slice(0, base.length - extname(base).length);
  const safe = stem.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, MAX_NAME_LENGTH - 4);
  return `${randomUUID()}_${safe === '' ? 'job' : safe}.mjs`;
}

export function isJarId(value: string): boolean {
  return JAR_ID.test(value);
}

/** The name a jar was uploaded as (Flink shows the file name without the uuid). */
export function jarName(jarId: string): string {
  return jarId.slice(jarId.indexOf('_') + 1);
}

/**
 * The jar's path inside `dir`. The pattern already excludes separators and `..`; the
 * containment check keeps that true even if the pattern is ever loosened.
 */
export function jarPath(dir: string, jarId: string): string {
  if (!isJarId(jarId)) {
    throw new WeirError('REST_BAD_REQUEST', `path parameter 'jarid' must be ${PATH_PARAMETERS.jarid.description}`);
  }
  const path = join(dir, jarId);
  const rel = relative(dir, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel) || rel.includes(sep)) {
    throw new WeirError('REST_BAD_REQUEST', `path parameter 'jarid' must name a file in the upload directory`);
  }
  return path;
}
