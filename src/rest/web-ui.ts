/**
 * Serves the web dashboard (web/dist, built by `npm run build`) from the REST server:
 * `/` is the page and `/assets/*` its files. The dashboard routes by the URL's hash, so
 * every client route is `/` to the server and no fallback can shadow an API path: an
 * unknown API route still answers the JSON 404 that clients rely on.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** web/dist from dist/src/rest/, where this module runs after the build. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Weir</title>
<p>The Weir dashboard is not built. Run <code>npm run build</code> in the Weir checkout and reload.
The REST API works without it (docs/rest.md).</p>`;

export interface WebUiOptions {
  /** The built dashboard; default web/dist of this checkout. */
  readonly root?: string;
}

/**
 * The file under `root` that `requested` names, or undefined when it is not a regular file
 * inside `root`: `..`, absolute paths, NUL bytes and symbolic links out of it are refused.
 */
export async function resolveInside(root: string, requested: string): Promise<string | undefined> {
  if (requested.includes('\0') || requested.includes('\\') || isAbsolute(requested)) return undefined;
  const candidate = resolve(root, requested);
  const inside = (path: string, base: string): boolean => {
    const rel = relative(base, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  if (!inside(candidate, root)) return undefined;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!inside(realFile, realRoot) || !(await stat(realFile)).isFile()) return undefined;
    return realFile;
  } catch {
    return undefined;
  }
}

function sendFile(reply: FastifyReply, path: string, body: Buffer): FastifyReply {
  return reply
    .type(CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream')
    // File names are not content-hashed, so browsers must revalidate after an upgrade.
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

/** Registers `GET /` and `GET /assets/*`. */
export function registerWebUi(app: FastifyInstance, options: WebUiOptions = {}): void {
  const root = resolve(options.root ?? DEFAULT_WEB_ROOT);

  const index = async (_request: unknown, reply: FastifyReply): Promise<FastifyReply> => {
    const path = await resolveInside(root, 'index.html');
    if (path === undefined) return reply.code(404).type('text/html; charset=utf-8').send(NOT_BUILT);
    return sendFile(reply, path, await readFile(path));
  };
  app.get('/', index);
  app.get('/index.html', index);

  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const path = await resolveInside(root, `assets/${request.params['*']}`);
    if (path === undefined) {
      return reply.code(404).type('application/json; charset=utf-8').send({ errors: [`Not found: ${request.url.split('?')[0] ?? ''}`] });
    }
    return sendFile(reply, path, await readFile(path));
  });
}
