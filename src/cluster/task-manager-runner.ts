/**
 * A TaskManager process: a TaskExecutor on its own TCP RPC service and data port,
 * registering with the JobManager named by `--jobmanager host:port` (its RPC port).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOG_FILE_MAX_COUNT,
  LOG_FILE_MAX_SIZE,
  METRICS_ENABLED,
  NUM_TASK_SLOTS,
  TASK_MANAGER_DATA_PORT,
  TASK_MANAGER_HOST,
  TASK_MANAGER_RPC_PORT,
  type Configuration,
} from '../config/index.js';
import { WeirError } from '../core/errors.js';
import { ResourceId } from '../core/ids.js';
import { TaskExecutor } from '../taskmanager/task-executor.js';
import { installProcessLog, processLogger } from '../logging/process-log.js';
import { taskManagerScopes } from '../metrics/prometheus-sources.js';
import { startConfiguredPrometheus } from '../metrics/prometheus-config.js';
import { logDirectory } from './log-directory.js';
import { createClusterRpcService, internalTls, jobManagerEndpoints } from './rpc-services.js';
import { heartbeatSettings, slotHeapMb } from './settings.js';

export interface RunningTaskManager {
  readonly resourceId: string;
  readonly rpcAddress: string;
  close(): Promise<void>;
}

export async function startTaskManager(
  config: Configuration,
  options: { readonly jobManager: string; readonly resourceId?: string; readonly onRegistered?: () => void },
): Promise<RunningTaskManager> {
  if (!/^[^:\s]+:\d+$/.test(options.jobManager)) {
    throw new WeirError('CLI_USAGE', `--jobmanager expects HOST:PORT of the JobManager's RPC port (jobmanager.rpc.port, 6123), got '${options.jobManager}'`);
  }
  const host = config.get(TASK_MANAGER_HOST) ?? '127.0.0.1';
  const rpcPort = Number(config.get(TASK_MANAGER_RPC_PORT));
  if (!Number.isInteger(rpcPort)) {
    throw new WeirError('CONFIG_INVALID_VALUE', `taskmanager.rpc.port must be a single port here, got '${config.get(TASK_MANAGER_RPC_PORT)}'`);
  }
  const resourceId = options.resourceId ?? ResourceId.generate();
  installProcessLog({
    dir: logDirectory(),
    baseName: `taskmanager-${resourceId}`,
    component: 'taskmanager',
    maxBytes: config.get(LOG_FILE_MAX_SIZE),
    maxFiles: config.get(LOG_FILE_MAX_COUNT),
  });
  const tls = internalTls(config);
  const rpc = await createClusterRpcService(config, host, rpcPort, tls);
  const workDir = await mkdtemp(join(tmpdir(), `weir-tm-${resourceId.slice(0, 8)}-`));
  const endpoints = jobManagerEndpoints(options.jobManager);
  const taskExecutor = new TaskExecutor({
    rpcService: rpc,
    endpointId: 'taskmanager',
    resourceId,
    numberOfSlots: config.get(NUM_TASK_SLOTS),
    slotHeapMb: slotHeapMb(config),
    resourceManagerAddress: endpoints.resourceManager,
    blobServerAddress: endpoints.blobServer,
    workDir,
    heartbeat: heartbeatSettings(config),
    network: { bindHost: host, advertisedHost: host, port: config.get(TASK_MANAGER_DATA_PORT), tls },
    ...(options.onRegistered !== undefined ? { onRegistered: options.onRegistered } : {}),
    metricsEnabled: config.get(METRICS_ENABLED),
  });
  taskExecutor.start();
  const metrics = taskExecutor.metrics;
  const prometheus = await startConfiguredPrometheus(config, async () => (metrics === undefined ? [] : taskManagerScopes(metrics.dump())));
  processLogger().info(`TaskManager ${resourceId} started: RPC ${taskExecutor.address}, registering with ${options.jobManager}`);
  return {
    resourceId,
    rpcAddress: taskExecutor.address,
    async close() {
      await prometheus?.close();
      await taskExecutor.stop();
      await rpc.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
