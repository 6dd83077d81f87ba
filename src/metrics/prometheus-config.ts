/** Starts a process's Prometheus endpoint when `metrics.reporter.prom.port` is set. */
import { PROMETHEUS_FACTORY_CLASS, PROMETHEUS_HOST, PROMETHEUS_PORT, type Configuration } from '../config/index.js';
import { WeirError } from '../core/errors.js';
import { processLogger } from '../logging/process-log.js';
import { startPrometheusEndpoint, type PrometheusEndpoint } from './prometheus-endpoint.js';
import type { ScopedValues } from './prometheus-format.js';

/** The factory class a Flink configuration names for this reporter; any other cannot be honoured. */
const FLINK_PROMETHEUS_FACTORY = 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory';

export async function startConfiguredPrometheus(
  config: Configuration,
  collect: () => Promise<readonly ScopedValues[]>,
): Promise<PrometheusEndpoint | undefined> {
  const factory = config.get(PROMETHEUS_FACTORY_CLASS);
  if (factory !== undefined && factory !== FLINK_PROMETHEUS_FACTORY) {
    throw new WeirError('CONFIG_INVALID_VALUE', `metrics.reporter.prom.factory.class: Weir has only the Prometheus reporter (${FLINK_PROMETHEUS_FACTORY}), got '${factory}'`);
  }
  const portSpec = config.get(PROMETHEUS_PORT);
  if (portSpec === undefined) return undefined;
  const log = processLogger().child({ component: 'PrometheusReporter' });
  const endpoint = await startPrometheusEndpoint({ portSpec, host: config.get(PROMETHEUS_HOST), collect, onError: (message, error) => log.warn(message, error) });
  log.info(`serving metrics for Prometheus at http://${config.get(PROMETHEUS_HOST)}:${endpoint.port}/metrics`);
  return endpoint;
}
