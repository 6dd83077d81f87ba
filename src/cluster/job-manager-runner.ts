/**
 * A JobManager process: Dispatcher, ResourceManager and BlobServer on one TCP RPC service
 * (jobmanager.rpc.port), with the REST API on rest.port. In native mode
 * (resourcemanager.driver: process) the ResourceManager starts TaskManager processes.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOG_FILE_MAX_COUNT,
  LOG_FILE_MAX_SIZE,
  JOB_MANAGER_RPC_ADDRESS,
  JOB_MANAGER_RPC_PORT,
  NUM_TASK_SLOTS,
  RESOURCE_MANAGER_DRIVER,
  TASK_MANAGER_TIMEOUT,
  WEB_UPLOAD_DIR,
  type Configuration,
} from '../config/index.js';
import { BlobServer } from '../dispatcher/blob-server.js';
import { Dispatcher } from '../dispatcher/dispatcher.js';
import type { DispatcherGateway } from '../dispatcher/dispatcher-gateway.js';
import { ProcessDriver } from '../resourcemanager/process-driver.js';
import { ResourceManager } from '../resourcemanager/resource-manager.js';
import type { TcpRpcService } from '../rpc/index.js';
import { createClusterRpcService } from './rpc-services.js';
import { installProcessLog, processLogger } from '../logging/process-log.js';
import { jobManagerScopes } from '../metrics/prometheus-sources.js';
import { startConfiguredPrometheus } from '../metrics/prometheus-config.js';
import { heartbeatSettings, jobMasterSettings } from './settings.js';

export interface RunningJobManager {
  /** host:port of the RPC service, what `weir taskmanager --jobmanager` takes. */
  readonly rpcHostPort: string;
  /** http://host:port of the REST API, when it runs. */
  readonly restUrl: string | undefined;
  readonly dispatcher: Dispatcher;
  readonly rpc: TcpRpcService;
  dispatcherGateway(): Promise<DispatcherGateway>;
  /** The TaskManager processes the native driver started. */
  taskManagerPids(): number[];
  /** With `restShutdown`, settles when a client asks the cluster to shut down (`DELETE /cluster`); the owner then calls close(). */
  readonly shutdownRequested: Promise<void>;
  close(): Promise<void>;
}

export interface JobManagerOptions {
  readonly logDir: string;
  /** A session cluster may be shut down over REST; an application cluster ends with its program. */
  readonly restShutdown?: boolean;
}

export async function startJobManager(config: Configuration, options: JobManagerOptions): Promise<RunningJobManager> {
  installProcessLog({
    dir: options.logDir,
    baseName: 'jobmanager',
    component: 'jobmanager',
    maxBytes: config.get(LOG_FILE_MAX_SIZE),
    maxFiles: config.get(LOG_FILE_MAX_COUNT),
  });
  const host = config.get(JOB_MANAGER_RPC_ADDRESS) === 'localhost' ? '127.0.0.1' : config.get(JOB_MANAGER_RPC_ADDRESS);
  const rpc = await createClusterRpcService(config, host, config.get(JOB_MANAGER_RPC_PORT));
  const rpcHostPort = `${host}:${rpc.port}`;
  const workDir = await mkdtemp(join(tmpdir(), 'weir-jm-'));
  const driver =
    config.get(RESOURCE_MANAGER_DRIVER) === 'process'
      ? new ProcessDriver({
          jobManagerRpc: rpcHostPort,
          slotsPerTaskManager: config.get(NUM_TASK_SLOTS),
          configuration: config.toMap(),
          logDir: options.logDir,
        })
      : undefined;
  const resourceManager = new ResourceManager({
    rpcService: rpc,
    endpointId: 'resourcemanager',
    failFastWhenInsufficient: false,
    heartbeat: heartbeatSettings(config),
    taskManagerTimeoutMs: config.get(TASK_MANAGER_TIMEOUT),
    ...(driver !== undefined ? { driver } : {}),
  });
  const blobServer = new BlobServer({ rpcService: rpc, endpointId: 'blobserver', storageDir: join(workDir, 'blobs') });
  const dispatcher = new Dispatcher({
    rpcService: rpc,
    endpointId: 'dispatcher',
    blobServer,
    resourceManagerAddress: resourceManager.address,
    jobMasterSettings: jobMasterSettings(config),
  });
  resourceManager.start();
  blobServer.start();
  dispatcher.start();
  const dispatcherGateway = (): Promise<DispatcherGateway> => rpc.connect<DispatcherGateway>(dispatcher.address, { timeoutMs: 2_147_483_647 });
  const uploadDir = config.get(WEB_UPLOAD_DIR) ?? join(workDir, 'uploads');
  await mkdir(uploadDir, { recursive: true });
  // The REST server is loaded here rather than at import, so commands that never start a JobManager stay quick.
  const [{ startRestServer }, { createJarRunner }] = await Promise.all([import('../rest/rest-server.js'), import('../rest/jar-runner.js')]);
  let requestShutdown = (): void => {};
  const shutdownRequested = new Promise<void>((resolve) => {
    requestShutdown = resolve;
  });
  const rest = await startRestServer({
    dispatcher: await dispatcherGateway(),
    configuration: config,
    uploadDir,
    runJar: createJarRunner(),
    log: processLogger().child({ component: 'rest' }),
    ...(options.restShutdown === true
      ? {
          shutDownCluster: () => {
            processLogger().info('JobManager shutting down: DELETE /cluster was called');
            requestShutdown();
          },
        }
      : {}),
  });
  const gateway = await dispatcherGateway();
  const prometheus = await startConfiguredPrometheus(config, () => jobManagerScopes(gateway));
  processLogger().info(`JobManager started: RPC ${rpcHostPort}, REST ${rest.address}`);
  return {
    rpcHostPort,
    restUrl: rest.address,
    dispatcher,
    rpc,
    dispatcherGateway,
    taskManagerPids: () => driver?.pids() ?? [],
    shutdownRequested,
    async close() {
      await prometheus?.close();
      await rest.close();
      await dispatcher.stop();
      await resourceManager.stop();
      await blobServer.stop();
      await rpc.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
