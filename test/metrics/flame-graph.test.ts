/**
 * Flame graphs: a V8 profile as Flink's `{name, value, children}` tree, merging and the
 * three views, then `/jobs/:jobid/vertices/:vertexid/flamegraph` on a mini cluster whose
 * map spends its time in one named function; and `/taskmanagers/:id/thread-dump` finding
 * a slot thread stuck in a user function that never returns.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildArtifact } from '../../src/client/artifact.js';
import { MiniCluster } from '../../src/cluster/mini-cluster.js';
import { Configuration } from '../../src/config/index.js';
import { flameGraphOfProfile, flameGraphOfType, mergeFlameGraphs, type CpuProfile, type FlameGraphNode } from '../../src/metrics/flame-graph.js';
import { createJarRunner } from '../../src/rest/jar-runner.js';
import type { JobDetailsInfo, JobVertexFlameGraph, TaskManagersInfo, ThreadDumpInfo } from '../../src/rest/messages.js';
import { buildRestApp } from '../../src/rest/rest-server.js';
import { assertError, call, jarForm, waitForStatus, waitForTasksRunning } from '../rest/rest-fixture.js';
import { pollFor } from '../support/poll.js';
import { repoPath } from '../support/weir-cli.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

/** (root) → (idle) ×5, (program) ×1, run ×1 → map ×6 → hot ×3 */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 4] },
    { id: 2, callFrame: frame('(idle)'), hitCount: 5 },
    { id: 3, callFrame: frame('(program)'), hitCount: 1 },
    { id: 4, callFrame: frame('run', 'file:///app/dist/src/taskmanager/task/stream-task.js', 9), hitCount: 1, children: [5] },
    { id: 5, callFrame: frame('map', 'file:///app/blobs/job.mjs?load=1', 41), hitCount: 6, children: [6] },
    { id: 6, callFrame: frame(''), hitCount: 3 },
  ],
};

function find(node: FlameGraphNode, part: string): FlameGraphNode | undefined {
  if (node.name.includes(part)) return node;
  for (const child of node.children) {
    const found = find(child, part);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe('flame graph trees', () => {
  test('a profile becomes Flink’s tree: each value counts the frame and its callees', () => {
    const graph = flameGraphOfProfile(PROFILE, 100);
    assert.equal(graph.name, 'root');
    assert.equal(graph.value, 16);
    assert.deepEqual(
      graph.children.map((c) => [c.name, c.value]),
      [
        ['run (task/stream-task.js:10)', 10],
        ['(idle)', 5],
        ['(program)', 1],
      ],
    );
    const map = find(graph, 'map');
    assert.deepEqual([map?.name, map?.value, map?.children[0]?.name, map?.children[0]?.value], ['map (blobs/job.mjs:42)', 9, '(anonymous)', 3]);
  });

  test('frames deeper than the stack depth count in the deepest one kept', () => {
    const graph = flameGraphOfProfile(PROFILE, 1);
    assert.deepEqual(
      graph.children.map((c) => [c.name, c.value, c.children.length]),
      [
        ['run (task/stream-task.js:10)', 10, 0],
        ['(idle)', 5, 0],
        ['(program)', 1, 0],
      ],
    );
  });

  test('graphs of two slot threads merge frame by frame; ON_CPU leaves out idle time and OFF_CPU keeps only it', () => {
    const one = flameGraphOfProfile(PROFILE, 100);
    const merged = mergeFlameGraphs([one, one]);
    assert.equal(merged.value, 32);
    assert.equal(find(merged, 'map')?.value, 18);
    const onCpu = flameGraphOfType(merged, 'ON_CPU');
    assert.deepEqual([onCpu.value, onCpu.children.map((c) => c.name).includes('(idle)')], [22, false]);
    const offCpu = flameGraphOfType(merged, 'OFF_CPU');
    assert.deepEqual([offCpu.value, offCpu.children.map((c) => c.name)], [10, ['(idle)']]);
  });
});

describe('GET /jobs/:jobid/vertices/:vertexid/flamegraph', { timeout: 120_000 }, () => {
  let cluster: MiniCluster;
  let app: FastifyInstance;
  let disabled: FastifyInstance;
  let jarId: string;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weir-flamegraph-'));
    cluster = await MiniCluster.start({ configuration: Configuration.fromMap({ 'taskmanager.numberOfTaskSlots': '3' }) });
    const dispatcher = await cluster.dispatcherGateway();
    const settings = {
      'rest.flamegraph.enabled': 'true',
      'rest.flamegraph.num-samples': '40',
      'rest.flamegraph.delay-between-samples': '10 ms',
      'rest.flamegraph.refresh-interval': '1 s',
    };
    app = buildRestApp({ dispatcher, configuration: Configuration.fromMap(settings), uploadDir: join(dir, 'uploads'), runJar: createJarRunner() });
    disabled = buildRestApp({ dispatcher, configuration: Configuration.empty(), uploadDir: join(dir, 'uploads-2'), runJar: createJarRunner() });
    await Promise.all([app.ready(), disabled.ready()]);
    const upload = await call<{ filename: string }>(app, {
      method: 'POST',
      url: '/jars/upload',
      payload: jarForm((await buildArtifact(repoPath('test/metrics/jobs/metrics-job.ts'))).bytes, 'metrics-job.mjs'),
    });
    assert.equal(upload.status, 200, JSON.stringify(upload.body));
    jarId = upload.body.filename.split(/[\\/]/).at(-1) ?? '';
  });

  after(async () => {
    await app.close();
    await disabled.close();
    await cluster.close();
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (mode: string): Promise<string> => {
    const answer = await call<{ jobid: string }>(app, { method: 'POST', url: `/jars/${jarId}/run`, payload: { programArgsList: ['--mode', mode, '--records', '500'] } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.jobid;
  };

  const vertexNamed = async (jobId: string, name: string): Promise<string> => {
    const vertex = (await call<JobDetailsInfo>(app, { method: 'GET', url: `/jobs/${jobId}` })).body.vertices.find((v) => v.name.includes(name));
    assert.ok(vertex !== undefined, `no vertex named ${name}`);
    return vertex.id;
  };

  test('a busy vertex: waiting first, then a graph in which its hot function shows; the three views; bad parameters', async () => {
    const jobId = await run('busy');
    await waitForTasksRunning(app, jobId);
    const vertexId = await vertexNamed(jobId, 'busy map');
    const url = `/jobs/${jobId}/vertices/${vertexId}/flamegraph`;

    const first = await call<JobVertexFlameGraph>(app, { method: 'GET', url });
    assert.deepEqual(first.body, { endTimestamp: -3 }, 'the first request starts a sampling and waits for it');
    const full = await pollFor('a sampled flame graph', async () => {
      const body = (await call<JobVertexFlameGraph>(app, { method: 'GET', url })).body;
      return body.endTimestamp > 0 ? body : undefined;
    });
    const data = full.data;
    assert.ok(data !== undefined);
    assert.equal(data.name, 'root');
    const hot = find(data, 'burnCpuForFlameGraph');
    assert.ok(hot !== undefined && hot.value > 0, `the map's hot function is in the graph: ${JSON.stringify(data).slice(0, 400)}`);
    assert.ok(data.value >= hot.value);

    const onCpu = (await call<JobVertexFlameGraph>(app, { method: 'GET', url: `${url}?type=ON_CPU` })).body.data;
    assert.ok(onCpu !== undefined && !onCpu.children.some((c) => c.name === '(idle)'));
    const offCpu = (await call<JobVertexFlameGraph>(app, { method: 'GET', url: `${url}?type=OFF_CPU` })).body.data;
    assert.ok(offCpu !== undefined && offCpu.children.every((c) => c.name === '(idle)'));

    const one = `${url}?subtaskindex=1`;
    await call(app, { method: 'GET', url: one });
    const subtask = await pollFor('a flame graph of subtask 1', async () => {
      const body = (await call<JobVertexFlameGraph>(app, { method: 'GET', url: one })).body;
      return body.endTimestamp > 0 ? body : undefined;
    });
    assert.ok(find(subtask.data as FlameGraphNode, 'burnCpuForFlameGraph') !== undefined);

    assertError(await call(app, { method: 'GET', url: `${url}?type=HOT` }), 400, 'type');
    assertError(await call(app, { method: 'GET', url: `${url}?subtaskindex=7` }), 404, 'has 2 subtasks');
    assert.deepEqual((await call<JobVertexFlameGraph>(disabled, { method: 'GET', url })).body, { endTimestamp: -2 }, 'off unless rest.flamegraph.enabled');

    assert.equal((await call(app, { method: 'PATCH', url: `/jobs/${jobId}?mode=cancel` })).status, 202);
    await waitForStatus(app, jobId, ['CANCELED']);
    assert.deepEqual((await call<JobVertexFlameGraph>(app, { method: 'GET', url })).body, { endTimestamp: -1 }, 'an ended vertex has no flame graph');
  });

  test('a thread dump shows the stack of a slot thread stuck in a user function that never returns, and the JobManager dumps its coordinator threads', async () => {
    const jobId = await run('stuck');
    await waitForTasksRunning(app, jobId);
    const taskManagers = await call<TaskManagersInfo>(app, { method: 'GET', url: '/taskmanagers' });
    const tmId = taskManagers.body.taskmanagers[0]?.id ?? assert.fail('no TaskManager');
    const dump = await pollFor('the stuck map in a thread dump', async () => {
      const body = (await call<ThreadDumpInfo>(app, { method: 'GET', url: `/taskmanagers/${tmId}/thread-dump` })).body;
      return body.threadInfos.some((t) => t.stringifiedThreadInfo.includes('spinForever')) ? body : undefined;
    });
    const stuck = dump.threadInfos.find((t) => t.stringifiedThreadInfo.includes('spinForever'));
    assert.ok(stuck !== undefined);
    assert.match(stuck.threadName, /^slot \d+$/);
    assert.match(stuck.stringifiedThreadInfo, new RegExp(`^"slot \\d+" job ${jobId}, tasks: .*stuck map.* \\(1/1\\)`));
    assert.match(stuck.stringifiedThreadInfo, /\n {4}at spinForever \(.*\.mjs:\d+:\d+\)/);
    assertError(await call(app, { method: 'GET', url: `/taskmanagers/${'f'.repeat(32)}/thread-dump` }), 404, 'no TaskManager with id');

    // The JobManager's side: the job's coordinator thread, which holds its source's enumerator.
    const jobManager = (await call<ThreadDumpInfo>(app, { method: 'GET', url: '/jobmanager/thread-dump' })).body;
    const coordinator = jobManager.threadInfos.find((t) => t.threadName === `coordinator of job ${jobId}`);
    assert.ok(coordinator !== undefined, `no coordinator thread in ${JSON.stringify(jobManager.threadInfos.map((t) => t.threadName))}`);
    assert.match(coordinator.stringifiedThreadInfo, /^"coordinator of job [0-9a-f]{32}" job 'metrics stuck job': its split enumerators\n {4}(at |\(idle)/);
  });
});
