/**
 * The cluster routes (`/config`, `/overview`, `/cluster`, `/taskmanagers`, `/jobmanager/config`) and
 * the answers every route shares: 404 for an unknown path, 405 for a wrong method.
 */
import assert from 'node:assert/strict';
import { availableParallelism, totalmem } from 'node:os';
import { after, before, describe, test } from 'node:test';
import type {
  ClusterOverviewWithVersion,
  ConfigurationInfoEntry,
  DashboardConfiguration,
  TaskManagerDetailsInfo,
  TaskManagersInfo,
} from '../../src/rest/messages.js';
import { WEIR_VERSION } from '../../src/rest/version.js';
import { assertError, call, startFixture, type RestFixture } from './rest-fixture.js';

describe('REST cluster routes', { timeout: 60_000 }, () => {
  let fx: RestFixture;
  before(async () => {
    fx = await startFixture();
  });
  after(async () => {
    await fx.close();
  });

  test('GET /config reports Weir as the version and the enabled features', async () => {
    const answer = await call<DashboardConfiguration>(fx.app, { method: 'GET', url: '/config' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body['flink-version'], WEIR_VERSION);
    assert.match(WEIR_VERSION, /^\d+\.\d+\.\d+/);
    assert.equal(answer.body['refresh-interval'], 3000);
    assert.equal(typeof answer.body['timezone-name'], 'string');
    assert.equal(typeof answer.body['timezone-offset'], 'number');
    assert.deepEqual(answer.body.features, { 'web-submit': true, 'web-cancel': true, 'web-rescale': false, 'web-history': false });
  });

  test('GET /config follows web.submit.enable and web.cancel.enable', async () => {
    const app = await fx.app2({ 'web.submit.enable': 'false', 'web.cancel.enable': 'false' });
    const answer = await call<DashboardConfiguration>(app, { method: 'GET', url: '/config' });
    assert.equal(answer.body.features['web-submit'], false);
    assert.equal(answer.body.features['web-cancel'], false);
  });

  test('GET /overview counts TaskManagers, slots and jobs', async () => {
    const answer = await call<ClusterOverviewWithVersion>(fx.app, { method: 'GET', url: '/overview' });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      taskmanagers: 1,
      'taskmanagers-blocked': 0,
      'slots-total': 2,
      'slots-available': 2,
      'slots-free-and-blocked': 0,
      'jobs-running': 0,
      'jobs-finished': 0,
      'jobs-cancelled': 0,
      'jobs-failed': 0,
      'flink-version': WEIR_VERSION,
      'flink-commit': 'unknown',
    });
  });

  test('GET /taskmanagers lists the TaskManager with its slots', async () => {
    const answer = await call<TaskManagersInfo>(fx.app, { method: 'GET', url: '/taskmanagers' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.taskmanagers.length, 1);
    const tm = answer.body.taskmanagers[0];
    assert.ok(tm !== undefined);
    assert.match(tm.id, /^[0-9a-f]{32}$/);
    assert.equal(tm.slotsNumber, 2);
    assert.equal(tm.freeSlots, 2);
    assert.equal(tm.jmxPort, -1);
    assert.equal(tm.blocked, false);
    assert.equal(typeof tm.path, 'string');
    assert.ok(tm.timeSinceLastHeartbeat >= 0);
  });

  test('GET /taskmanagers tells each TaskManager’s hardware, memory and slot resources as Flink does', async () => {
    const answer = await call<TaskManagersInfo>(fx.app, { method: 'GET', url: '/taskmanagers' });
    const tm = answer.body.taskmanagers[0];
    assert.ok(tm !== undefined);
    const MIB = 1024 * 1024;
    // Two slots with the default heap of 512 MiB each.
    const slotProfile = { cpuCores: 2, taskHeapMemory: 1024, taskOffHeapMemory: 0, managedMemory: 0, networkMemory: 0, extendedResources: {} };
    assert.deepEqual(tm.totalResource, slotProfile);
    assert.deepEqual(tm.freeResource, slotProfile);
    assert.equal(tm.hardware.cpuCores, availableParallelism());
    assert.equal(tm.hardware.physicalMemory, totalmem());
    const memory = tm.memoryConfiguration;
    assert.equal(memory.taskHeap, 1024 * MIB);
    assert.ok(memory.frameworkHeap > 16 * MIB, `framework heap ${memory.frameworkHeap}`);
    assert.equal(memory.totalProcessMemory, memory.frameworkHeap + memory.taskHeap);
    assert.equal(tm.hardware.freeMemory, memory.totalProcessMemory);
  });

  test('GET /taskmanagers/:taskmanagerid: details, malformed id 400, unknown id 404', async () => {
    const list = await call<TaskManagersInfo>(fx.app, { method: 'GET', url: '/taskmanagers' });
    const id = list.body.taskmanagers[0]?.id ?? '';
    const answer = await call<TaskManagerDetailsInfo>(fx.app, { method: 'GET', url: `/taskmanagers/${id}` });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.id, id);
    assert.equal(answer.body.slotsNumber, 2);
    assert.deepEqual(answer.body.allocatedSlots, []);

    assertError(await call(fx.app, { method: 'GET', url: '/taskmanagers/not-an-id' }), 400, "path parameter 'taskmanagerid'", '32 hexadecimal');
    assertError(await call(fx.app, { method: 'GET', url: `/taskmanagers/${'0'.repeat(32)}` }), 404, `no TaskManager with id ${'0'.repeat(32)}`);
  });

  test('GET /jobmanager/config lists every effective option as {key, value}', async () => {
    const answer = await call<ConfigurationInfoEntry[]>(fx.app, { method: 'GET', url: '/jobmanager/config' });
    assert.equal(answer.status, 200);
    const map = new Map(answer.body.map((e) => [e.key, e.value]));
    assert.equal(map.get('rest.port'), '8081');
    assert.equal(map.get('rest.bind-address'), '127.0.0.1');
    assert.ok(map.has('taskmanager.numberOfTaskSlots'));
    const keys = answer.body.map((e) => e.key);
    assert.deepEqual(keys, [...keys].sort((a, b) => a.localeCompare(b)));
  });

  test('DELETE /cluster answers {} and then shuts the cluster down, once', async () => {
    const shutdowns: string[] = [];
    const app = await fx.app2({}, { shutDownCluster: () => shutdowns.push('shutdown') });
    const answer = await call(app, { method: 'DELETE', url: '/cluster' });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {});
    assert.deepEqual(shutdowns, ['shutdown']);
  });

  test('DELETE /cluster on a cluster that ends with its program answers 409 and leaves it running', async () => {
    assertError(await call(fx.app, { method: 'DELETE', url: '/cluster' }), 409, 'cannot be shut down over REST', 'cancel or stop its jobs');
    assert.equal((await call<ClusterOverviewWithVersion>(fx.app, { method: 'GET', url: '/overview' })).status, 200);
  });

  test('an unknown path answers 404 in the error format', async () => {
    assertError(await call(fx.app, { method: 'GET', url: '/no/such/route' }), 404, 'Not found: /no/such/route');
  });

  test('a wrong method answers 405 with the allowed ones', async () => {
    for (const [method, url] of [
      ['POST', '/overview'],
      ['DELETE', '/config'],
      ['PUT', '/taskmanagers'],
      ['POST', '/jobmanager/config'],
      ['DELETE', '/jobs'],
      ['PUT', `/jobs/${'a'.repeat(32)}`],
      ['PUT', '/jars/upload'],
    ] as const) {
      const answer = await call(fx.app, { method, url });
      assertError(answer, 405, `method ${method} is not allowed`);
      assert.ok(typeof answer.headers['allow'] === 'string' && answer.headers['allow'].length > 0, `${method} ${url}: no Allow header`);
    }
    const jobs = await call(fx.app, { method: 'DELETE', url: '/jobs' });
    assert.equal(jobs.headers['allow'], 'GET, HEAD, POST');
  });
});
