/**
 * How the Dispatcher asks TaskManagers for their metrics, logs and thread dumps on behalf of the REST
 * API (Flink routes these through the ResourceManager's gateway). A TaskManager that does
 * not answer in time is left out, not waited for: one slow process must not stall a page.
 */
import type { TaskManagerInfo } from '../dispatcher/job-info.js';
import type { LogFileInfo, LogFileText } from '../logging/log-files.js';
import type { RpcService } from '../rpc/index.js';
import type { TaskExecutorGateway } from '../taskmanager/task-executor-gateway.js';
import type { ThreadInfo } from '../core/thread-dump.js';
import type { TaskManagerMetricDump } from './metric-snapshot.js';

const QUERY_TIMEOUT_MS = 5_000;

function connect(rpc: RpcService, info: TaskManagerInfo): Promise<TaskExecutorGateway> {
  return rpc.connect<TaskExecutorGateway>(info.path, { timeoutMs: QUERY_TIMEOUT_MS });
}

export async function fetchTaskManagerMetrics(rpc: RpcService, taskManagers: readonly TaskManagerInfo[]): Promise<TaskManagerMetricDump[]> {
  const dumps = await Promise.all(
    taskManagers.map(async (info) => {
      try {
        const gateway = await connect(rpc, info);
        return (await gateway.requestMetricDump?.()) ?? undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return dumps.filter((dump): dump is TaskManagerMetricDump => dump !== undefined);
}

export async function fetchTaskManagerLogList(rpc: RpcService, info: TaskManagerInfo | undefined): Promise<readonly LogFileInfo[] | null> {
  if (info === undefined) return null;
  return (await (await connect(rpc, info)).requestLogList?.()) ?? [];
}

export async function fetchTaskManagerThreadDump(rpc: RpcService, info: TaskManagerInfo | undefined): Promise<readonly ThreadInfo[] | null> {
  if (info === undefined) return null;
  return (await (await connect(rpc, info)).requestThreadDump?.()) ?? [];
}

export async function fetchTaskManagerLogFile(rpc: RpcService, info: TaskManagerInfo | undefined, name: string): Promise<LogFileText | null> {
  if (info === undefined) return null;
  return (await (await connect(rpc, info)).requestLogFile?.(name)) ?? null;
}
