/**
 * The embedded mini cluster: the real JobManager components (Dispatcher,
 * ResourceManager, BlobServer, a JobMaster per job) and one TaskManager in this process,
 * talking through a local RPC service. Slots are still worker threads.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRICS_ENABLED, NUM_TASK_SLOTS, type Configuration } from '../config/index.js';
import { ResourceId } from '../core/ids.js';
import { BlobServer } from '../dispatcher/blob-server.js';
import { Dispatcher } from '../dispatcher/dispatcher.js';
import type { DispatcherGateway } from '../dispatcher/dispatcher-gateway.js';
import { ResourceManager } from '../resourcemanager/resource-manager.js';
import { LocalRpcService } from '../rpc/index.js';
import { processLogger } from '../logging/process-log.js';
import { jobManagerScopes, taskManagerScopes } from '../metrics/prometheus-sources.js';
import { startConfiguredPrometheus } from '../metrics/prometheus-config.js';
import type { PrometheusEndpoint } from '../metrics/prometheus-endpoint.js';
import { TaskExecutor } from '../taskmanager/task-executor.js';
import type { RestServer } from '../rest/rest-server.js';
import { heartbeatSettings, jobMasterSettings, slotHeapMb } from './settings.js';

/** The longest timer Node accepts (about 24.8 days). */
const CLIENT_TIMEOUT_MS = 2_147_483_647;

export interface MiniClusterOptions {
  readonly configuration: Configuration;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** Serve the REST API and the web dashboard on rest.port, as a JobManager does (`weir run --web`). */
  readonly web?: boolean;
}

export class MiniCluster {
  private constructor(
    private readonly rpc: LocalRpcService,
    readonly dispatcher: Dispatcher,
    private readonly parts: readonly { stop(): Promise<void> }[],
    private readonly workDir: string,
  ) {}

  static async start(options: MiniClusterOptions): Promise<MiniCluster> {
    const config = options.configuration;
    const workDir = await mkdtemp(join(tmpdir(), 'weir-mini-'));
    const rpc = new LocalRpcService({ logger: processLogger().child({ component: 'rpc' }) });
    const heartbeat = heartbeatSettings(config);
    const resourceManager = new ResourceManager({
      rpcService: rpc,
      endpointId: 'resourcemanager',
      failFastWhenInsufficient: true,
      heartbeat,
    });
    const blobServer = new BlobServer({ rpcService: rpc, endpointId: 'blobserver', storageDir: join(workDir, 'blobs') });
    const dispatcher = new Dispatcher({
      rpcService: rpc,
      endpointId: 'dispatcher',
      blobServer,
      resourceManagerAddress: resourceManager.address,
      jobMasterSettings: jobMasterSettings(config),
    });
    let registered: () => void = () => {};
    const taskManagerRegistered = new Promise<void>((resolve) => (registered = resolve));
    const taskExecutor = new TaskExecutor({
      rpcService: rpc,
      endpointId: 'taskmanager_0',
      resourceId: ResourceId.generate(),
      numberOfSlots: config.get(NUM_TASK_SLOTS),
      slotHeapMb: slotHeapMb(config),
      resourceManagerAddress: resourceManager.address,
      blobServerAddress: blobServer.address,
      workDir: join(workDir, 'taskmanager'),
      heartbeat,
      onRegistered: () => registered(),
      metricsEnabled: config.get(METRICS_ENABLED),
      ...(options.stdout !== undefined ? { stdout: options.stdout } : {}),
      ...(options.stderr !== undefined ? { stderr: options.stderr } : {}),
    });
    resourceManager.start();
    blobServer.start();
    dispatcher.start();
    taskExecutor.start();
    // Jobs must find the slots there: the ResourceManager fails a job at once when slots are missing.
    await taskManagerRegistered;
    const gateway = await rpc.connect<DispatcherGateway>(dispatcher.address, { timeoutMs: CLIENT_TIMEOUT_MS });
    const metrics = taskExecutor.metrics;
    // One process, so one endpoint shows both the JobManager's metrics and the TaskManager's.
    const prometheus = await startConfiguredPrometheus(config, async () => [
      ...(await jobManagerScopes(gateway)),
      ...(metrics === undefined ? [] : taskManagerScopes(metrics.dump())),
    ]);
    const cluster = new MiniCluster(rpc, dispatcher, [taskExecutor, dispatcher, blobServer, resourceManager], workDir);
    cluster.prometheus = prometheus;
    if (options.web === true) {
      const uploadDir = join(workDir, 'uploads');
      await mkdir(uploadDir, { recursive: true });
      // Loaded only when asked for: the web server adds a tenth of a second to every start.
      const [{ startRestServer }, { createJarRunner }] = await Promise.all([import('../rest/rest-server.js'), import('../rest/jar-runner.js')]);
      cluster.rest = await startRestServer({ dispatcher: gateway, configuration: config, uploadDir, runJar: createJarRunner() });
    }
    return cluster;
  }

  async dispatcherGateway(): Promise<DispatcherGateway> {
    // A job's result is awaited for as long as the job runs.
    return this.rpc.connect<DispatcherGateway>(this.dispatcher.address, { timeoutMs: CLIENT_TIMEOUT_MS });
  }

  /** The Prometheus endpoint, when `metrics.reporter.prom.port` is set. */
  prometheus: PrometheusEndpoint | undefined;

  /** The REST API and dashboard, when started with `web`. */
  rest: RestServer | undefined;

  async close(): Promise<void> {
    await this.rest?.close();
    await this.prometheus?.close();
    for (const part of this.parts) await part.stop();
    await this.rpc.close();
    await rm(this.workDir, { recursive: true, force: true });
  }
}
