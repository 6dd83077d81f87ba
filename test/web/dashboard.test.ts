/**
 * The web dashboard in a real browser against a real cluster: a `weir jobmanager` and a
 * `weir taskmanager` process, jobs submitted through the REST API and through the
 * Submit page, headless Debian Chromium driven by playwright-core. Every page is saved
 * as a screenshot under test-artifacts/dashboard/ for a person to look at.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../support/weir-cli.js';
import { browserMissing, launchBrowser, type Browser } from './support/browser.js';
import { startProcessCluster, type ProcessCluster } from './support/process-cluster.js';
import { SYNTHETIC_JOB_ID, SYNTHETIC_JOB_NAME, syntheticJobDetails, syntheticMetrics, vertexId } from './support/synthetic-job.js';
import { pollFor } from '../support/poll.js';

const SHOTS = join(REPO_ROOT, 'test-artifacts', 'dashboard');
const JOB_FILE = join(REPO_ROOT, 'test', 'web', 'jobs', 'dashboard-job.ts');

interface PlanNode {
  readonly id: string;
  readonly inputs?: readonly { readonly id: string }[];
}
interface JobDetails {
  readonly jid: string;
  readonly name: string;
  readonly state: string;
  readonly vertices: readonly { readonly id: string; readonly parallelism: number; readonly tasks: Readonly<Record<string, number>> }[];
  readonly plan: { readonly nodes: readonly PlanNode[] };
}

describe('web dashboard in a browser', { skip: browserMissing(), timeout: 600_000 }, () => {
  let work: string;
  let cluster: ProcessCluster;
  let browser: Browser;
  let page: Page;
  let artifactPath: string;
  let pipelineJob: string;
  let slowJob: string;
  let jarId: string;

  async function rest<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
    const response = await fetch(`${cluster.restUrl}/${path.replace(/^\//, '')}`, init);
    const text = await response.text();
    return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T };
  }

  async function uploadArtifact(): Promise<string> {
    const form = new FormData();
    form.append('jarfile', new Blob([await readFile(artifactPath)], { type: 'text/javascript' }), 'dashboard-job.mjs');
    const answer = await rest<{ filename: string }>('jars/upload', { method: 'POST', body: form });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.filename.split(/[\\/]/).at(-1) ?? '';
  }

  async function runJar(jarId: string, args: readonly string[], parallelism: number): Promise<string> {
    const answer = await rest<{ jobid: string }>(`jars/${jarId}/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ programArgsList: args, parallelism }),
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.jobid;
  }

  async function tasksRunning(jobId: string): Promise<JobDetails> {
    return pollFor(`every task of ${jobId} running`, async () => {
      const { body } = await rest<JobDetails>(`jobs/${jobId}`);
      return body.vertices.length > 0 && body.vertices.every((v) => (v.tasks['RUNNING'] ?? 0) === v.parallelism) ? body : undefined;
    });
  }

  async function open(hash: string): Promise<void> {
    await page.goto(`${cluster.restUrl}/#${hash}`);
  }

  async function shot(name: string, fullPage = true): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
  }

  /** Whether a route exists yet: the metrics and backpressure routes are newer than the dashboard. */
  async function routeExists(path: string): Promise<boolean> {
    return (await rest(path)).status !== 404;
  }

  /** The elements that stick out past the window's right edge, as `tag.class`; none when the layout holds. */
  async function spills(): Promise<string[]> {
    const found = await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap, .dag, pre, .panel-body'))
      .slice(0, 8)
      .map((e) => e.tagName.toLowerCase() + '.' + String(e.className.baseVal ?? e.className).replace(/ /g, '.') + ' ' + Math.round(e.getBoundingClientRect().right))`);
    const [scroll, inner] = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
    return scroll > inner + 1 ? ['page scrolls sideways', ...(found as string[])] : [];
  }

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'weir-dashboard-'));
    await mkdir(SHOTS, { recursive: true });
    artifactPath = join(work, 'dashboard-job.mjs');
    await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'scripts', 'bundle-job.mjs'), JOB_FILE, artifactPath], { cwd: REPO_ROOT });
    cluster = await startProcessCluster({
      slots: 6,
      logDir: join(work, 'log'),
      defines: [
        'execution.checkpointing.interval=2 s',
        `execution.checkpointing.dir=${join(work, 'checkpoints')}`,
        `execution.checkpointing.savepoint-dir=${join(work, 'savepoints')}`,
        // A failing job fails at once instead of restarting, so the exceptions test need not wait.
        'restart-strategy.type=none',
        // Live accumulators reach the JobMaster with heartbeats.
        'heartbeat.interval=1 s',
        'rest.flamegraph.enabled=true',
        'rest.flamegraph.num-samples=30',
        'rest.flamegraph.delay-between-samples=10 ms',
      ],
    });
    jarId = await uploadArtifact();
    pipelineJob = await runJar(jarId, ['--mode', 'pipeline', '--rate', '400'], 2);
    slowJob = await runJar(jarId, ['--mode', 'slow', '--sleep-ms', '20'], 1);
    await tasksRunning(pipelineJob);
    await tasksRunning(slowJob);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await cluster?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  test('the overview shows the cluster and the running jobs', async () => {
    await open('/overview');
    await page.locator(`tr[data-job-id="${pipelineJob}"]`).waitFor({ timeout: 15_000 });
    const stats = await page.locator('.stat').allInnerTexts();
    assert.ok(stats.some((s) => /^1\s+TaskManagers$/i.test(s.trim())), stats.join(' | '));
    assert.ok(stats.some((s) => /^6\s+Slots total$/i.test(s.trim())), stats.join(' | '));
    assert.ok(stats.some((s) => /^2\s+Running jobs$/i.test(s.trim())), stats.join(' | '));
    await shot('overview');
  });

  test('running jobs list the job with its state, times and task counts', async () => {
    await open('/jobs/running');
    const row = page.locator(`tr[data-job-id="${pipelineJob}"]`);
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.innerText(), /Dashboard pipeline/);
    assert.equal(await row.locator('.badge').first().getAttribute('data-state'), 'RUNNING');
    assert.ok((await row.locator('.task-seg.state-RUNNING').count()) === 1, 'a green segment for the running tasks');
    const tasks = (await rest<JobDetails>(`jobs/${pipelineJob}`)).body.vertices.reduce((sum, v) => sum + v.parallelism, 0);
    assert.equal((await row.locator('.task-total').innerText()).trim(), String(tasks));
    await shot('jobs-running');
  });

  test('the job graph draws one box per plan vertex', async () => {
    const plan = (await rest<{ plan: { nodes: readonly PlanNode[] } }>(`jobs/${pipelineJob}/plan`)).body.plan;
    await open(`/jobs/${pipelineJob}/overview`);
    await page.locator('svg.dag-svg g.vertex').first().waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('svg.dag-svg g.vertex').count(), plan.nodes.length);
    for (const node of plan.nodes) assert.equal(await page.locator(`g.vertex[data-vertex-id="${node.id}"]`).count(), 1, node.id);
    assert.equal(await page.locator('.dag .edge').count(), plan.nodes.reduce((n, node) => n + (node.inputs?.length ?? 0), 0));
    await shot('job-graph');
  });

  test('the job graph shows live record counts that grow', async (t) => {
    const plan = (await rest<{ plan: { nodes: readonly PlanNode[] } }>(`jobs/${pipelineJob}/plan`)).body.plan;
    const first = plan.nodes[0]?.id ?? '';
    if (!(await routeExists(`jobs/${pipelineJob}/vertices/${first}/subtasks/metrics`))) {
      t.skip('GET /jobs/:id/vertices/:vid/subtasks/metrics does not exist yet: the dashboard shows — for record counts');
      return;
    }
    await open(`/jobs/${pipelineJob}/overview`);
    const total = async (): Promise<number | undefined> => {
      const values = await Promise.all((await page.locator('svg.dag-svg g.vertex').all()).map((vertex) => vertex.getAttribute('data-records-out')));
      const numbers = values.filter((v): v is string => v !== null && v !== '').map(Number);
      return numbers.length === 0 ? undefined : numbers.reduce((a, b) => a + b, 0);
    };
    const before = await pollFor('record counts on the graph', async () => {
      const sum = await total();
      return sum !== undefined && sum > 0 ? sum : undefined;
    });
    const later = await pollFor('record counts to grow', async () => {
      const sum = await total();
      return sum !== undefined && sum > before ? sum : undefined;
    }, 20_000);
    assert.ok(later > before);
    assert.match(await page.locator('g.vertex .vertex-records').first().textContent() ?? '', /Records: .*\d/);
    await shot('job-graph-live');
  });

  test('a vertex opens a side panel with its subtasks', async () => {
    await open(`/jobs/${pipelineJob}/overview`);
    const vertex = page.locator('svg.dag-svg g.vertex').nth(1);
    await vertex.waitFor({ timeout: 15_000 });
    await vertex.click();
    const panel = page.locator('aside.side-panel');
    await panel.waitFor({ timeout: 10_000 });
    await panel.locator('tbody tr .badge[data-state="RUNNING"]').first().waitFor({ timeout: 10_000 });
    assert.equal(await panel.locator('tbody tr').count(), 2, 'one row per subtask at parallelism 2');
    assert.ok((await panel.locator('tbody a[href*="#/taskmanagers/"]').count()) > 0, 'subtasks link to their TaskManager');
    assert.match(page.url(), /#\/jobs\/[0-9a-f]{32}\/overview\/[0-9a-f]{32}$/);
    await shot('vertex-subtasks');
    for (const tab of ['Watermarks', 'Accumulators', 'Flame Graph', 'Metrics']) {
      await panel.getByRole('tab', { name: tab }).click();
      await panel.locator('.panel-body table, .panel-body .notice, .panel-body .flame-graph').first().waitFor({ timeout: 10_000 });
      if (tab === 'Accumulators') await panel.locator('.panel-body td', { hasText: 'sums written' }).first().waitFor({ timeout: 15_000 });
      if (tab === 'Flame Graph') await panel.locator('.flame-frame').first().waitFor({ timeout: 15_000 });
      await shot(`vertex-${tab.toLowerCase().replace(' ', '-')}`);
    }
  });

  test('a generator before a slow sink shows high backpressure', async (t) => {
    const plan = (await rest<JobDetails>(`jobs/${slowJob}`)).body.plan;
    const source = plan.nodes.find((n) => (n.inputs ?? []).length === 0)?.id ?? '';
    if (!(await routeExists(`jobs/${slowJob}/vertices/${source}/backpressure`))) {
      t.skip('GET /jobs/:id/vertices/:vid/backpressure does not exist yet: the dashboard shows — for backpressure');
      return;
    }
    await open(`/jobs/${slowJob}/overview/${source}`);
    const panel = page.locator('aside.side-panel');
    await panel.getByRole('tab', { name: 'Backpressure' }).click();
    await panel.locator('.bp-summary .badge[data-level="high"]').waitFor({ timeout: 60_000 });
    assert.equal((await panel.locator('.bp-summary .badge').innerText()).trim(), 'high');
    await shot('vertex-backpressure');
  });

  test('the exceptions, checkpoints and configuration tabs render', async () => {
    for (const tab of ['exceptions', 'checkpoints', 'configuration']) {
      await open(`/jobs/${pipelineJob}/${tab}`);
      await page.locator('.tab.active').filter({ hasText: new RegExp(tab, 'i') }).waitFor({ timeout: 10_000 });
      await page.locator('.job-page .card, .job-page .notice').first().waitFor({ timeout: 10_000 });
      assert.equal(await page.locator('.job-page .notice-error').count(), 0, `${tab}: no error`);
      await shot(`job-${tab}`);
    }
    assert.ok((await page.locator('td.key', { hasText: 'rest.port' }).count()) > 0, 'the cluster configuration lists rest.port');
  });

  test('a failed job shows its exception with the stack trace, and lists as FAILED', async () => {
    const failing = await runJar(jarId, ['--mode', 'fail'], 1);
    await pollFor('the failing job to fail', async () => ((await rest<JobDetails>(`jobs/${failing}`)).body.state === 'FAILED' ? true : undefined), 60_000);
    await open(`/jobs/${failing}/exceptions`);
    const root = page.locator('.exceptions pre.stack').first();
    await root.waitFor({ timeout: 15_000 });
    assert.match(await root.innerText(), /reading 17 is out of range/);
    const history = page.locator('.exceptions details').first();
    await history.locator('summary').click();
    assert.match(await history.locator('pre.stack').innerText(), /reading 17 is out of range/);
    await shot('job-exceptions-failed');
    await open('/jobs/completed');
    const row = page.locator(`tr[data-job-id="${failing}"]`);
    await row.waitFor({ timeout: 15_000 });
    assert.equal(await row.locator('.badge').first().getAttribute('data-state'), 'FAILED');
    await shot('jobs-completed');
  });

  test('TaskManagers: the list, then one with its slots and tasks', async () => {
    await open('/taskmanagers');
    const row = page.locator('tr[data-taskmanager-id]');
    await row.first().waitFor({ timeout: 10_000 });
    assert.equal(await row.count(), 1);
    const free = (await rest<{ taskmanagers: { freeSlots: number }[] }>('taskmanagers')).body.taskmanagers[0]?.freeSlots;
    assert.match(await row.innerText(), new RegExp(`${free ?? '?'} / 6 free`));
    await shot('taskmanagers');
    await row.locator('a').first().click();
    await page.locator('text=Slots and tasks').waitFor();
    await page.locator('td', { hasText: 'Dashboard pipeline' }).first().waitFor({ timeout: 15_000 });
    await shot('taskmanager-slots');
    for (const tab of ['Metrics', 'Logs']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.locator('.card').nth(1).waitFor();
      await page.waitForTimeout(500);
      await shot(`taskmanager-${tab.toLowerCase()}`);
    }
    await page.getByRole('tab', { name: 'Thread dump' }).click();
    await page.locator('pre.thread-dump', { hasText: '"slot ' }).waitFor({ timeout: 15_000 });
    assert.match(await page.locator('pre.thread-dump').innerText(), /"slot \d+" job [0-9a-f]{32}, tasks: /);
    await shot('taskmanager-thread-dump');
  });

  test('JobManager: configuration, logs and thread dump', async () => {
    await open('/jobmanager/configuration');
    await page.locator('td.key', { hasText: 'jobmanager.rpc.address' }).waitFor({ timeout: 10_000 });
    await shot('jobmanager-configuration');
    await open('/jobmanager/logs');
    await page.locator('.log-content pre.log, .log-content .notice').first().waitFor({ timeout: 10_000 });
    await shot('jobmanager-logs');
    await open('/jobmanager/thread-dump');
    await page.locator('pre.thread-dump', { hasText: `"coordinator of job ${pipelineJob}"` }).waitFor({ timeout: 15_000 });
    await shot('jobmanager-thread-dump');
  });

  test('Submit: upload an artifact, see its plan, run it, then cancel it from the job page', async () => {
    await open('/submit');
    await page.locator('input[type=file]').setInputFiles(artifactPath);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('.run-card').waitFor({ timeout: 15_000 });
    await page.locator('input[name=parallelism]').fill('1');
    await page.locator('input[name=programArgs]').fill("--mode pipeline --rate 50 --name 'Submitted from the dashboard'");
    await page.getByRole('button', { name: 'Show plan' }).click();
    await page.locator('.plan g.vertex').first().waitFor({ timeout: 30_000 });
    assert.ok((await page.locator('.plan g.vertex').count()) >= 2);
    await shot('submit-plan');

    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/#\/jobs\/[0-9a-f]{32}\/overview$/, { timeout: 30_000 });
    const jobId = /#\/jobs\/([0-9a-f]{32})/.exec(page.url())?.[1] ?? '';
    await page.locator('.job-title h1', { hasText: 'Submitted from the dashboard' }).waitFor({ timeout: 15_000 });
    await tasksRunning(jobId);
    await page.locator('.job-meta .badge[data-state="RUNNING"]').waitFor({ timeout: 15_000 });
    await shot('submitted-job');

    await page.getByRole('button', { name: 'Cancel job' }).click();
    await page.getByRole('dialog').waitFor();
    await shot('cancel-dialog');
    await page.getByRole('button', { name: 'Yes, cancel job' }).click();
    await page.locator('.job-meta .badge[data-state="CANCELED"]').waitFor({ timeout: 60_000 });
    assert.equal((await rest<JobDetails>(`jobs/${jobId}`)).body.state, 'CANCELED');
    assert.equal(await page.getByRole('button', { name: 'Cancel job' }).count(), 0, 'no cancel button on an ended job');
    await shot('canceled-job');
  });

  test('web.submit.enable and web.cancel.enable off hide Submit and Cancel', async () => {
    const isConfig = (url: URL): boolean => url.pathname === '/config';
    await page.route(
      isConfig,
      async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { features: Record<string, boolean> };
        await route.fulfill({ response, json: { ...body, features: { ...body.features, 'web-submit': false, 'web-cancel': false } } });
      },
    );
    try {
      await open(`/jobs/${pipelineJob}/overview`);
      // /config is read when the dashboard loads.
      await page.reload();
      await page.locator('.job-meta .badge[data-state="RUNNING"]').waitFor({ timeout: 15_000 });
      await page.waitForTimeout(500);
      assert.equal(await page.getByRole('button', { name: 'Cancel job' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Stop with savepoint' }).count(), 0);
      assert.equal(await page.locator('a.nav-link', { hasText: 'Submit' }).count(), 0);
      await open('/submit');
      await page.locator('text=Web submission is disabled').waitFor({ timeout: 10_000 });
    } finally {
      await page.unroute(isConfig);
      await page.reload();
    }
  });

  test('100 vertices and very long names: every box drawn, nothing spills', async () => {
    const vertices = 100;
    const pattern = new RegExp(`/jobs/${SYNTHETIC_JOB_ID}(/.*)?$`);
    await page.route(pattern, async (route) => {
      const path = new URL(route.request().url()).pathname;
      const metrics = /\/vertices\/([0-9a-f]{32})\/subtasks\/metrics$/.exec(path);
      if (path === `/jobs/${SYNTHETIC_JOB_ID}`) await route.fulfill({ json: syntheticJobDetails(vertices, Date.now()) });
      else if (metrics !== null) await route.fulfill({ json: syntheticMetrics(parseInt(metrics[1] ?? '0', 16)) });
      else await route.fulfill({ status: 404, json: { errors: [`Not found: ${path}`] } });
    });
    const isJobList = (url: URL): boolean => url.pathname === '/jobs/overview';
    await page.route(
      isJobList,
      async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { jobs: unknown[] };
        const fake = syntheticJobDetails(vertices, Date.now()) as Record<string, unknown>;
        const entry = { jid: SYNTHETIC_JOB_ID, name: SYNTHETIC_JOB_NAME, state: 'RUNNING', 'start-time': fake['start-time'], 'end-time': -1, duration: fake['duration'], tasks: { running: 200, total: 200 } };
        await route.fulfill({ response, json: { jobs: [entry, ...body.jobs] } });
      },
    );
    try {
      await open('/jobs/running');
      await page.locator(`tr[data-job-id="${SYNTHETIC_JOB_ID}"]`).waitFor({ timeout: 10_000 });
      assert.deepEqual(await spills(), [], 'a long job name does not widen the page');
      await shot('jobs-long-names');

      await open(`/jobs/${SYNTHETIC_JOB_ID}/overview`);
      await page.locator('svg.dag-svg g.vertex').first().waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('svg.dag-svg g.vertex').count(), vertices);
      await page.locator(`g.vertex[data-vertex-id="${vertexId(99)}"][data-records-out]`).waitFor({ state: 'attached' });
      const title = await page.locator(`g.vertex[data-vertex-id="${vertexId(0)}"] title`).textContent();
      assert.match(title ?? '', /card-transactions-eu-west-1-production-topic-with-a-very-long-name/, 'the whole name is in the tooltip');
      const label = await page.locator(`g.vertex[data-vertex-id="${vertexId(0)}"] .vertex-name`).textContent();
      assert.ok((label ?? '').endsWith('…'), `a long name is cut: ${label ?? ''}`);
      assert.deepEqual(await spills(), [], 'the graph does not widen the page');
      await page.waitForTimeout(2500);
      await shot('graph-100-vertices', false);
      await page.getByRole('button', { name: 'Fit' }).click();
      await shot('graph-100-vertices-fit', false);

      await page.locator(`g.vertex[data-vertex-id="${vertexId(10)}"]`).click({ force: true });
      await page.locator('aside.side-panel').waitFor();
      await page.locator('aside.side-panel .notice').first().waitFor({ timeout: 10_000 });
      assert.deepEqual(await spills(), [], 'the side panel does not widen the page');
      await shot('graph-100-vertices-panel', false);
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.waitForTimeout(300);
      await shot('graph-100-vertices-narrow', false);
      assert.deepEqual(await spills(), [], 'nothing spills at 1024 px either');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.unroute(pattern);
      await page.unroute(isJobList);
    }
  });

  test('without the metrics routes the graph shows — and says why', async () => {
    const pattern = /\/(subtasks\/metrics|backpressure)(\?.*)?$/;
    await page.route(pattern, (route) => route.fulfill({ status: 404, json: { errors: ['Not found'] } }));
    const isJob = (url: URL): boolean => url.pathname === `/jobs/${pipelineJob}`;
    await page.route(
      isJob,
      async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { vertices: Record<string, unknown>[] };
        // As before the metrics work: I/O counts of 0 marked incomplete.
        const vertices = body.vertices.map((v) => ({ ...v, metrics: { 'read-records': 0, 'read-records-complete': false, 'write-records': 0, 'write-records-complete': false } }));
        await route.fulfill({ response, json: { ...body, vertices } });
      },
    );
    try {
      await open(`/jobs/${pipelineJob}/overview`);
      await page.locator('.notice-missing', { hasText: 'no task metrics' }).waitFor({ timeout: 15_000 });
      assert.match((await page.locator('g.vertex .vertex-records').first().textContent()) ?? '', /Records: —/);
      await shot('job-graph-without-metrics');
    } finally {
      await page.unroute(pattern);
      await page.unroute(isJob);
    }
  });

  test('Stop with savepoint ends the job and says where the savepoint went', async () => {
    await open(`/jobs/${pipelineJob}/checkpoints`);
    await page.locator('.checkpoints .grid .badge[data-state="COMPLETED"]').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
    await shot('job-checkpoints-history');
    await open(`/jobs/${pipelineJob}/overview`);
    await page.getByRole('button', { name: 'Stop with savepoint' }).click();
    await page.getByRole('dialog').waitFor();
    await shot('stop-dialog');
    await page.getByRole('button', { name: 'Stop job' }).click();
    await page.locator('.job-actions .notice, .page-head .notice', { hasText: /Stopped; savepoint at|Could not stop/ }).waitFor({ timeout: 60_000 });
    const message = await page.locator('.page-head .notice').innerText();
    assert.match(message, /Stopped; savepoint at \S+/);
    await page.locator('.job-meta .badge[data-state="FINISHED"]').waitFor({ timeout: 30_000 });
    await shot('stopped-job');
  });
});
