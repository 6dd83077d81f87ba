/**
 * Real clusters for tests and benchmarks: a `weir jobmanager` process and `weir
 * taskmanager` processes on 127.0.0.1 with free ports, jobs submitted over the REST API
 * (`POST /jobs`) with their main run in this process, and bounded waits on what the REST
 * API reports. Every process is started in its own process group, so killing the group
 * also ends the TaskManagers a JobManager started in native mode; `killAllClusterProcesses`
 * (and process exit) end whatever a test left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setPipelineExecutor, type EnvironmentDefaults, type PipelineExecutor } from '../../src/api/execution-context.js';
import type { JobClient, JobStatus } from '../../src/api/job-client.js';
import { TERMINAL_JOB_STATES } from '../../src/api/job-client.js';
import { buildArtifact, type Artifact } from '../../src/client/artifact.js';
import { RestClient } from '../../src/client/rest-client.js';
import { WeirError } from '../../src/core/errors.js';
import type { JobSubmission } from '../../src/dispatcher/dispatcher-gateway.js';
import { createJobGraph } from '../../src/graph/job-graph.js';
import type { JobDetailsInfo, JobVertexDetailsInfo } from '../../src/rest/messages.js';
import { installApiForArtifacts } from '../../src/runtime/program/api-global.js';
import { pollFor } from './poll.js';
import { REPO_ROOT, WEIR_BIN } from './weir-cli.js';

export { REPO_ROOT };

// ---- processes ----

const live = new Set<WeirProcess>();

/** Kills every process group a test started and has not stopped yet. */
export function killAllClusterProcesses(): void {
  for (const proc of live) proc.kill('SIGKILL');
}

// Whatever happens to this process, its clusters must not outlive it: the groups are
// detached, so nothing else would end them.
process.on('exit', killAllClusterProcesses);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllClusterProcesses();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** One `weir …` child process, in a process group of its own, with its output kept. */
export class WeirProcess {
  readonly exited: Promise<Exit>;
  #output = '';
  #exit: Exit | undefined;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    live.add(this);
    const keep = (chunk: string): void => {
      this.#output += chunk;
      // Long runs log a lot; the tail is what explains a failure.
      if (this.#output.length > 1_000_000) this.#output = this.#output.slice(-500_000);
    };
    child.stdout?.setEncoding('utf8').on('data', keep);
    child.stderr?.setEncoding('utf8').on('data', keep);
    this.exited = new Promise((resolveExit) => {
      child.on('close', (code, signal) => {
        this.#exit = { code, signal };
        live.delete(this);
        resolveExit(this.#exit);
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get output(): string {
    return this.#output;
  }

  get alive(): boolean {
    return this.#exit === undefined;
  }

  /** Signals the whole process group: the process and any TaskManagers it started. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.pid <= 0) return;
    for (const target of [-this.pid, this.pid]) {
      try {
        process.kill(target, signal);
      } catch {
        // Already gone.
      }
    }
  }

  /** SIGTERM, then SIGKILL of the group if it is not gone within `graceMs`. */
  async stop(graceMs = 10_000): Promise<Exit> {
    if (!this.alive) return this.exited;
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
      // Children that ignored the JobManager's own shutdown go with the group.
      this.kill('SIGKILL');
    }
  }

  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return waitFor(`${this.name} to print ${pattern}`, timeoutMs, () => {
      const match = this.#output.match(pattern);
      if (match !== null) return match;
      if (!this.alive) throw new Error(`${this.name} exited (${JSON.stringify(this.#exit)}) before printing ${pattern}:\n${this.tail()}`);
      return undefined;
    });
  }

  tail(chars = 4000): string {
    return this.#output.slice(-chars);
  }
}

export function spawnWeir(name: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): WeirProcess {
  const child = spawn(process.execPath, [WEIR_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  return new WeirProcess(name, child);
}

/** Process ids whose parent is `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses; the fields after its last ')' do not.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid && fields[0] !== 'Z') children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** Live (non-zombie) processes of process group `pgid`. */
export function processGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

/** Resident set size of a process in MB, or NaN when it is gone. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? NaN : Number(match[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** The kernel's high-water mark of a process's resident set (VmHWM) in MB, or NaN when it is gone. */
export function peakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? NaN : Number(match[1]) / 1024;
  } catch {
    return NaN;
  }
}

// ---- waiting ----

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * Polls `probe` until it returns something other than undefined; fails after `timeoutMs`
 * saying what it waited for. A probe that throws a plain Error means "give up now"; a
 * WeirError (the REST endpoint not up yet, say) is worth another try.
 */
export function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>, intervalMs = 100): Promise<T> {
  return pollFor(what, probe, timeoutMs, intervalMs, (error) => error instanceof WeirError);
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `weir-${prefix}-`));
}

// ---- output files ----

/** Lines of the committed (visible) files under `dir`: hidden in-progress and pending part files are skipped. */
export function committedLines(dir: string): string[] {
  const lines: string[] = [];
  if (!existsSync(dir)) return lines;
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      lines.push(...committedLines(path));
      continue;
    }
    for (const line of readFileSync(path, 'utf8').split('\n')) if (line !== '') lines.push(line);
  }
  return lines;
}

// ---- jobs ----

/** Programs are bundled once per test process: esbuild is the slow part of a submission. */
const artifacts = new Map<string, Promise<{ artifact: Artifact; file: string }>>();
const artifactDir = scratchDir('test-artifacts');
process.on('exit', () => rmSync(artifactDir, { recursive: true, force: true }));
let runs = 0;
let submitting: Promise<unknown> = Promise.resolve();

function artifactFor(jobFile: string): Promise<{ artifact: Artifact; file: string }> {
  const path = resolve(REPO_ROOT, jobFile);
  let entry = artifacts.get(path);
  if (entry === undefined) {
    entry = buildArtifact(path).then((artifact) => {
      const file = join(artifactDir, `${artifact.hash}.mjs`);
      writeFileSync(file, artifact.bytes);
      return { artifact, file };
    });
    artifacts.set(path, entry);
  }
  return entry;
}

/** How a finished program's JobClient looks to a program whose jobs are followed over REST by the test instead. */
function detachedClient(jobId: string): JobClient {
  // Never settles and holds no timer: the program's `await env.execute()` simply stays
  // pending, as with `weir run --detached`, and does not keep this process alive.
  const never = new Promise<never>(() => {});
  return {
    jobId,
    getJobStatus: () => never,
    cancel: () => never,
    getJobExecutionResult: () => never,
    fetchCollectResults: () => never,
  };
}

export interface SubmitOptions {
  readonly defaults?: Partial<EnvironmentDefaults>;
  /** Start from a savepoint or retained checkpoint. */
  readonly savepointRestore?: { readonly path: string; readonly allowNonRestoredState: boolean };
}

export type SubmitTransport = (submission: JobSubmission) => Promise<void>;

/**
 * Runs the job file's main in this process, as `weir run --jobmanager` would, and hands
 * the job it builds to `transport`; resolves with the job id once the cluster took the
 * job. The program's own `await env.execute()` never returns (see detachedClient).
 */
export async function submitProgram(
  transport: SubmitTransport,
  jobFile: string,
  args: readonly string[],
  options: SubmitOptions = {},
): Promise<string> {
  const { artifact, file } = await artifactFor(jobFile);
  const defaults: EnvironmentDefaults = { parallelism: 1, maxParallelism: 128, chainingEnabled: true, ...options.defaults };
  const program = { entry: jobFile, args: [...args], defaults };
  // The executor slot and process.argv are per process: one program at a time.
  const previous = submitting;
  let release: () => void = () => {};
  submitting = new Promise<void>((done) => (release = done));
  await previous;
  const argv = process.argv;
  try {
    let submitted: (jobId: string) => void = () => {};
    let failed: (error: unknown) => void = () => {};
    const jobId = new Promise<string>((ok, fail) => {
      submitted = ok;
      failed = fail;
    });
    const executor: PipelineExecutor = {
      defaults,
      async execute(request) {
        const jobGraph = createJobGraph(request.streamGraph, {
          executionOrdinal: request.ordinal,
          jobParameters: request.jobParameters,
          checkpointing: request.checkpointing,
        });
        try {
          await transport({
            jobGraph,
            program,
            artifact: artifact.bytes,
            ...(options.savepointRestore !== undefined ? { savepointRestore: options.savepointRestore } : {}),
          });
        } catch (error) {
          failed(error);
          throw error;
        }
        submitted(jobGraph.jobId);
        return detachedClient(jobGraph.jobId);
      },
    };
    await installApiForArtifacts();
    setPipelineExecutor(executor);
    process.argv = [argv[0] ?? 'node', jobFile, ...args];
    // A fresh URL per run: a module evaluates once per URL.
    import(`${pathToFileURL(file).href}?run=${++runs}`).then(
      () => failed(new Error(`${jobFile} ended without submitting a job`)),
      (error: unknown) => failed(error),
    );
    return await jobId;
  } finally {
    process.argv = argv;
    release();
  }
}

// ---- clusters ----

export interface ClusterOptions {
  /** TaskManagers started by hand (standalone); default 0. */
  readonly taskManagers?: number;
  /** taskmanager.numberOfTaskSlots; default 1. */
  readonly slots?: number;
  /** -D pairs for every process. */
  readonly config?: Readonly<Record<string, string>>;
  /** Extra environment for every process. */
  readonly env?: NodeJS.ProcessEnv;
}

/** A REST answer outside 2xx. */
/** Quick failure detection and restarts, for tests that kill a TaskManager under a checkpointed job. */
export function failoverConfig(checkpointDir: string): Record<string, string> {
  return {
    'heartbeat.interval': '500ms',
    'heartbeat.timeout': '2s',
    'restart-strategy.type': 'fixed-delay',
    'restart-strategy.fixed-delay.attempts': '5',
    'restart-strategy.fixed-delay.delay': '300ms',
    'execution.checkpointing.dir': checkpointDir,
    'pipeline.auto-watermark-interval': '10ms',
  };
}

export class RestCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
  }
}

/** Flink's AsynchronousOperationResult<SavepointInfo>. */
interface SavepointStatus {
  readonly status: { readonly id: 'IN_PROGRESS' | 'COMPLETED' };
  readonly operation?: { readonly location?: string; readonly 'failure-cause'?: unknown };
}

/** The parts of Flink's CheckpointingStatistics the tests read. */
export interface CheckpointingStatistics {
  readonly counts: { readonly restored: number; readonly total: number; readonly in_progress: number; readonly completed: number; readonly failed: number };
  readonly latest: {
    readonly completed: { readonly id: number; readonly external_path?: string; readonly state_size?: number; readonly end_to_end_duration?: number } | null;
    readonly failed: { readonly id: number; readonly failure_message?: string } | null;
    readonly savepoint: unknown;
    readonly restored: unknown;
  };
  readonly history: readonly { readonly id: number; readonly status: string; readonly end_to_end_duration?: number; readonly state_size?: number; readonly checkpointed_size?: number }[];
}

export interface RunningTaskManagerProcess {
  readonly resourceId: string;
  readonly process: WeirProcess;
}

const START_TIMEOUT_MS = 30_000;

/**
 * A session cluster of real processes. Ports are chosen free at start and kept, so the
 * JobManager can be restarted where the TaskManagers look for it.
 *
 * @example
 * const cluster = await TestCluster.start({ taskManagers: 2 });
 * const jobId = await cluster.submit('test/cluster/jobs/keyed-sequence.ts', ['--out', dir]);
 * await cluster.waitForJobStatus(jobId, ['FINISHED']);
 * await cluster.close();
 */
export class TestCluster {
  readonly rest: RestClient;
  readonly taskManagers: RunningTaskManagerProcess[] = [];
  jobManager: WeirProcess | undefined;
  #tmCount = 0;

  private constructor(
    readonly dir: string,
    readonly logDir: string,
    readonly rpcPort: number,
    readonly restPort: number,
    readonly options: ClusterOptions,
  ) {
    this.rest = new RestClient({ baseUrl: this.restUrl, timeoutMs: 10_000 });
  }

  static async start(options: ClusterOptions = {}): Promise<TestCluster> {
    const dir = scratchDir('cluster');
    const cluster = new TestCluster(dir, join(dir, 'log'), await freePort(), await freePort(), options);
    try {
      await cluster.startJobManager();
      const count = options.taskManagers ?? 0;
      for (let i = 0; i < count; i++) cluster.startTaskManager();
      if (count > 0) await cluster.waitForTaskManagers(count);
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.restPort}`;
  }

  get rpcHostPort(): string {
    return `127.0.0.1:${this.rpcPort}`;
  }

  /** The -D flags every process of this cluster gets. */
  defines(extra: Readonly<Record<string, string>> = {}): string[] {
    const config: Record<string, string> = {
      'jobmanager.rpc.address': '127.0.0.1',
      'jobmanager.rpc.port': String(this.rpcPort),
      'rest.port': String(this.restPort),
      'taskmanager.numberOfTaskSlots': String(this.options.slots ?? 1),
      ...this.options.config,
      ...extra,
    };
    return Object.entries(config).flatMap(([key, value]) => ['-D', `${key}=${value}`]);
  }

  #env(): NodeJS.ProcessEnv {
    return { WEIR_LOG_DIR: this.logDir, ...this.options.env };
  }

  /** Starts (or restarts) the JobManager on the cluster's ports and waits until REST answers. */
  async startJobManager(): Promise<WeirProcess> {
    if (this.jobManager?.alive === true) throw new Error('the JobManager is still running');
    const jm = spawnWeir('jobmanager', ['jobmanager', ...this.defines()], this.#env());
    this.jobManager = jm;
    await jm.waitForOutput(/JobManager running/, START_TIMEOUT_MS);
    await waitFor('the REST API', START_TIMEOUT_MS, () => this.rest.overview());
    return jm;
  }

  /** Starts a TaskManager process; it registers by itself (see waitForTaskManagers). */
  startTaskManager(extra: Readonly<Record<string, string>> = {}): RunningTaskManagerProcess {
    const resourceId = randomBytes(16).toString('hex');
    const proc = spawnWeir(
      `taskmanager-${this.#tmCount++}`,
      ['taskmanager', '--jobmanager', this.rpcHostPort, '--resource-id', resourceId, ...this.defines(extra)],
      this.#env(),
    );
    const tm = { resourceId, process: proc };
    this.taskManagers.push(tm);
    return tm;
  }

  /** Waits until GET /taskmanagers lists at least `count` TaskManagers. */
  async waitForTaskManagers(count: number, timeoutMs = START_TIMEOUT_MS): Promise<string[]> {
    return waitFor(`${count} TaskManagers in GET /taskmanagers`, timeoutMs, async () => {
      const ids = (await this.rest.taskManagers()).taskmanagers.map((tm) => tm.id);
      return ids.length >= count ? ids : undefined;
    });
  }

  taskManager(resourceId: string): RunningTaskManagerProcess {
    const tm = this.taskManagers.find((t) => t.resourceId === resourceId);
    if (tm === undefined) throw new Error(`no TaskManager ${resourceId} was started by this test`);
    return tm;
  }

  /** Submits a job over REST (`POST /jobs`, with `savepointPath` when it starts from a savepoint). */
  submit(jobFile: string, args: readonly string[], options: SubmitOptions = {}): Promise<string> {
    return submitProgram(
      async (submission) => {
        await this.rest.submitJob(submission);
      },
      jobFile,
      args,
      options,
    );
  }

  /**
   * A REST call by Flink's path and JSON shape, for routes the test reads as a Flink tool
   * would (savepoints, checkpoint statistics). Non-2xx answers reject with the server's
   * `errors` and the status.
   */
  async restCall<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.restUrl}${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new RestCallError(`${method} ${path} answered ${response.status}: ${text}`, response.status, text);
    return (text === '' ? {} : JSON.parse(text)) as T;
  }

  /**
   * `POST /jobs/:id/stop` then polls `GET /jobs/:id/savepoints/:trigger` until the
   * savepoint completes; resolves with its location, rejects with its failure.
   */
  async stopWithSavepoint(jobId: string, targetDirectory: string, timeoutMs = 30_000): Promise<string> {
    const trigger = await this.restCall<{ 'request-id': string }>('POST', `/jobs/${jobId}/stop`, { targetDirectory, drain: false });
    return this.#savepointOutcome(jobId, trigger['request-id'], timeoutMs);
  }

  /** `POST /jobs/:id/savepoints` (the job keeps running); resolves with the savepoint's location. */
  async triggerSavepoint(jobId: string, targetDirectory: string, timeoutMs = 30_000): Promise<string> {
    const trigger = await this.restCall<{ 'request-id': string }>('POST', `/jobs/${jobId}/savepoints`, { 'target-directory': targetDirectory, 'cancel-job': false });
    return this.#savepointOutcome(jobId, trigger['request-id'], timeoutMs);
  }

  async #savepointOutcome(jobId: string, triggerId: string, timeoutMs: number): Promise<string> {
    return waitFor(`savepoint ${triggerId} of job ${jobId}`, timeoutMs, async () => {
      const result = await this.restCall<SavepointStatus>('GET', `/jobs/${jobId}/savepoints/${triggerId}`);
      if (result.status.id !== 'COMPLETED') return undefined;
      const location = result.operation?.location;
      if (location !== undefined) return location;
      throw new Error(`savepoint of job ${jobId} failed: ${JSON.stringify(result.operation?.['failure-cause'] ?? result)}`);
    });
  }

  async waitForCompletedCheckpoint(jobId: string, timeoutMs = 20_000): Promise<void> {
    await waitFor(`a completed checkpoint of job ${jobId}`, timeoutMs, async () => ((await this.checkpointStatistics(jobId)).counts.completed > 0 ? true : undefined));
  }

  /** `GET /jobs/:id/checkpoints`. */
  checkpointStatistics(jobId: string): Promise<CheckpointingStatistics> {
    return this.restCall('GET', `/jobs/${jobId}/checkpoints`);
  }

  async jobStatus(jobId: string): Promise<JobStatus> {
    return (await this.rest.jobStatus(jobId)).status;
  }

  /** Waits for one of `states`; a terminal state that is not among them fails at once, with the job's exceptions. */
  async waitForJobStatus(jobId: string, states: readonly JobStatus[], timeoutMs = 60_000): Promise<JobStatus> {
    return waitFor(`job ${jobId} to be ${states.join(' or ')}`, timeoutMs, async () => {
      const status = await this.jobStatus(jobId);
      if (states.includes(status)) return status;
      if (TERMINAL_JOB_STATES.has(status)) {
        throw new Error(`job ${jobId} ended ${status}, expected ${states.join(' or ')}: ${await this.rootException(jobId)}`);
      }
      return undefined;
    });
  }

  /** Waits until the job and every one of its subtasks run. */
  async waitForRunning(jobId: string, timeoutMs = 60_000): Promise<JobDetailsInfo> {
    return waitFor(`every subtask of job ${jobId} to run`, timeoutMs, async () => {
      const details = await this.rest.jobDetails(jobId);
      if (TERMINAL_JOB_STATES.has(details.state)) {
        throw new Error(`job ${jobId} ended ${details.state} before it ran: ${await this.rootException(jobId)}`);
      }
      return details.state === 'RUNNING' && details.vertices.every((v) => v.status === 'RUNNING') ? details : undefined;
    }, 25);
  }

  async subtasks(jobId: string): Promise<JobVertexDetailsInfo['subtasks'][number][]> {
    const details = await this.rest.jobDetails(jobId);
    const vertices = await Promise.all(details.vertices.map((v) => this.rest.vertexDetails(jobId, v.id)));
    return vertices.flatMap((v) => v.subtasks);
  }

  /** Resource ids of the TaskManagers that run a subtask of the job now. */
  async taskManagersOf(jobId: string): Promise<string[]> {
    const subtasks = await this.subtasks(jobId);
    return [...new Set(subtasks.filter((s) => s.status === 'RUNNING').map((s) => s['taskmanager-id']))];
  }

  async rootException(jobId: string): Promise<string> {
    try {
      const exceptions = await this.rest.jobExceptions(jobId);
      return exceptions['root-exception'] ?? '(no exception)';
    } catch (error) {
      return `(exceptions unavailable: ${error instanceof Error ? error.message : String(error)})`;
    }
  }

  /** Stops every process (TaskManagers first) and removes the cluster's directory unless `keep`. */
  async close(options: { keep?: boolean } = {}): Promise<void> {
    await Promise.all(this.taskManagers.map((tm) => tm.process.stop(5000)));
    await this.jobManager?.stop(5000);
    if (options.keep !== true) rmSync(this.dir, { recursive: true, force: true });
  }

  /** The last output of every process, for a failed assertion's message. */
  diagnostics(): string {
    const parts = [this.jobManager, ...this.taskManagers.map((t) => t.process)]
      .filter((p): p is WeirProcess => p !== undefined)
      .map((p) => `--- ${p.name} (pid ${p.pid}, ${p.alive ? 'alive' : 'exited'}) ---\n${p.tail(2000)}`);
    return parts.join('\n');
  }
}

// ---- checking keyed-sequence output ----

export interface SequenceReport {
  readonly lines: number;
  /** Expected `key count` lines that are absent. */
  readonly missing: number;
  /** Lines present more often than once. */
  readonly duplicated: number;
  /** Lines no correct run writes (a count past the key's number of events, or garbage). */
  readonly unexpected: number;
  /** A few offending lines, for the assertion message. */
  readonly examples: readonly string[];
}

/**
 * Compares the committed lines of test/cluster/jobs/keyed-sequence.ts (and jobs with
 * the same output) with what `events` events over `keys` keys must give: every key k
 * with n_k events has exactly the lines `k 1` … `k n_k`.
 */
export function checkSequences(lines: readonly string[], events: number, keys: number): SequenceReport {
  const perKey = (k: number): number => Math.floor(events / keys) + (k < events % keys ? 1 : 0);
  const seen = new Map<string, number>();
  for (const line of lines) seen.set(line, (seen.get(line) ?? 0) + 1);
  let missing = 0;
  let duplicated = 0;
  let unexpected = 0;
  const examples: string[] = [];
  const note = (text: string): void => {
    if (examples.length < 10) examples.push(text);
  };
  const expected = new Set<string>();
  for (let k = 0; k < keys; k++) {
    for (let c = 1; c <= perKey(k); c++) expected.add(`k${k} ${c}`);
  }
  for (const line of expected) {
    const times = seen.get(line) ?? 0;
    if (times === 0) {
      missing++;
      note(`missing '${line}'`);
    }
  }
  for (const [line, times] of seen) {
    if (!expected.has(line)) {
      unexpected += times;
      note(`unexpected '${line}' ×${times}`);
    } else if (times > 1) {
      duplicated++;
      note(`'${line}' ×${times}`);
    }
  }
  return { lines: lines.length, missing, duplicated, unexpected, examples };
}
