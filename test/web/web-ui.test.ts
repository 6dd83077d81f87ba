/**
 * The dashboard's static serving (src/rest/web-ui.ts): the page and its assets with the
 * right content types, nothing outside the web root, and API 404s left as JSON.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandling } from '../../src/rest/errors.js';
import { DEFAULT_WEB_ROOT, registerWebUi } from '../../src/rest/web-ui.js';

const quiet = { debug: () => {}, warn: () => {}, error: () => {} };

function app(root: string): FastifyInstance {
  const fastify = Fastify({ logger: false });
  installErrorHandling(fastify, { maxContentLength: 1024, log: quiet });
  registerWebUi(fastify, { root });
  fastify.get('/overview', async () => ({ taskmanagers: 0 }));
  return fastify;
}

describe('dashboard static serving', () => {
  let dir: string;
  let root: string;
  let server: FastifyInstance;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weir-web-ui-'));
    root = join(dir, 'dist');
    await mkdir(join(root, 'assets', 'nested'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(root, 'assets', 'app.js'), 'export {};');
    await writeFile(join(root, 'assets', 'app.css'), 'body{}');
    await writeFile(join(root, 'assets', 'nested', 'icon.svg'), '<svg/>');
    await writeFile(join(dir, 'secret.txt'), 'not for the web');
    await symlink(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
    server = app(root);
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('/ is the page, as HTML that browsers revalidate', async () => {
    const answer = await server.inject({ url: '/' });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(answer.headers['cache-control'], 'no-cache');
    assert.match(answer.body, /<title>t<\/title>/);
    assert.equal((await server.inject({ url: '/index.html' })).statusCode, 200);
  });

  test('assets carry their content types', async () => {
    const types: Record<string, string> = {
      '/assets/app.js': 'text/javascript; charset=utf-8',
      '/assets/app.css': 'text/css; charset=utf-8',
      '/assets/nested/icon.svg': 'image/svg+xml',
    };
    for (const [url, type] of Object.entries(types)) {
      const answer = await server.inject({ url });
      assert.equal(answer.statusCode, 200, url);
      assert.equal(answer.headers['content-type'], type, url);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    }
  });

  test('nothing outside the web root is served, however the path is spelled', async () => {
    for (const url of [
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2Fetc%2Fpasswd',
      '/assets/..%5c..%5csecret.txt',
      '/assets/app.js%00.css',
      '/assets/link.txt',
      '/assets/',
      '/assets/nested',
      '/assets/missing.js',
    ]) {
      const answer = await server.inject({ url });
      assert.equal(answer.statusCode, 404, url);
      assert.doesNotMatch(answer.body, /not for the web/, url);
    }
  });

  test('API paths keep their JSON answers, and unknown ones their JSON 404', async () => {
    assert.deepEqual((await server.inject({ url: '/overview' })).json(), { taskmanagers: 0 });
    const missing = await server.inject({ url: '/jobs/0123456789abcdef0123456789abcdef/checkpoints' });
    assert.equal(missing.statusCode, 404);
    assert.match(String(missing.headers['content-type']), /^application\/json/);
    assert.ok(Array.isArray(missing.json<{ errors: unknown }>().errors));
  });

  test('without a build, / says how to build the dashboard', async () => {
    const bare = app(join(dir, 'nowhere'));
    const answer = await bare.inject({ url: '/' });
    assert.equal(answer.statusCode, 404);
    assert.match(answer.body, /npm run build/);
    await bare.close();
  });

  test('the built dashboard is served from web/dist', async () => {
    const built = app(DEFAULT_WEB_ROOT);
    const page = await built.inject({ url: '/' });
    assert.equal(page.statusCode, 200, 'npm run build produces web/dist');
    assert.match(page.body, /assets\/app\.js/);
    const script = await built.inject({ url: '/assets/app.js' });
    assert.equal(script.statusCode, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    await built.close();
  });
});
