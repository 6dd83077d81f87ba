/**
 * The JobManager's own metrics (Flink's JobManagerMetricGroup): the process's heap,
 * event loop and CPU, sampled by a registry of this process, plus the cluster counts
 * Flink reports there, read from the Dispatcher when asked.
 */
import type { DispatcherGateway } from '../dispatcher/dispatcher-gateway.js';
import { ComponentMetricGroup } from './metric-group.js';
import { DEFAULT_TICK_MS, MetricRegistry } from './metric-registry.js';
import type { MetricValues } from './metric-snapshot.js';
import { ThreadMetrics } from './thread-metrics.js';

let processGroup: ComponentMetricGroup | undefined;

/** The JobManager group of this process, made on first use: one process, one JobManager. */
export function jobManagerMetricGroup(): ComponentMetricGroup {
  if (processGroup === undefined) {
    const registry = new MetricRegistry();
    processGroup = new ComponentMetricGroup({ kind: 'jobmanager', variables: {} }, registry);
    registry.addTickable(new ThreadMetrics(processGroup, true));
    registry.start(DEFAULT_TICK_MS);
  }
  return processGroup;
}

/** Everything `/jobmanager/metrics` shows. */
export async function jobManagerMetricValues(dispatcher: DispatcherGateway): Promise<MetricValues> {
  const overview = await dispatcher.requestClusterOverview();
  return {
    ...jobManagerMetricGroup().snapshot(),
    numRegisteredTaskManagers: overview.taskmanagers,
    numRunningJobs: overview['jobs-running'],
    taskSlotsAvailable: overview['slots-available'],
    taskSlotsTotal: overview['slots-total'],
  };
}
