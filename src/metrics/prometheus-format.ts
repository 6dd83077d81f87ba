/**
 * The Prometheus text exposition format (version 0.0.4), written directly: Weir's
 * metrics arrive as snapshots from slot threads and other processes and come and go with
 * tasks, which suits rendering them per scrape better than keeping a prom-client registry
 * of live objects in step (see docs/decisions.md).
 *
 * Names follow Flink's PrometheusReporter, so dashboards and alerts written for Flink
 * work unchanged: `flink_` + the scope components + the metric id, every character
 * outside `[a-zA-Z0-9:_]` turned into `_`
 * (`flink_taskmanager_job_task_operator_numRecordsIn`), and the scope variables as
 * labels (`job_id`, `task_name`, `subtask_index`, …). Like Flink's, every metric is a
 * gauge: counters are reported as their current value.
 */
import { SCOPE_COMPONENTS, type MetricScope } from './metric-scope.js';
import type { MetricValues } from './metric-snapshot.js';

/** One scope's values, as a scrape renders them. */
export interface ScopedValues {
  readonly scope: MetricScope;
  readonly values: MetricValues;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const PREFIX = 'flink';

export function sanitizeName(text: string): string {
  return text.replace(/[^a-zA-Z0-9:_]/g, '_');
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function labels(variables: Readonly<Record<string, string>>): string {
  const entries = Object.entries(variables).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  return `{${entries.map(([key, value]) => `${sanitizeName(key)}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/** The metric name of an id in a scope: `flink_<components>_<id>`. */
export function prometheusName(scope: MetricScope, id: string): string {
  return sanitizeName([PREFIX, ...SCOPE_COMPONENTS[scope.kind], id].join('_'));
}

/** Renders every numeric value; string gauges have no place in Prometheus and are left out. */
export function renderPrometheus(scoped: readonly ScopedValues[]): string {
  const families = new Map<string, { readonly help: string; readonly samples: string[] }>();
  for (const { scope, values } of scoped) {
    for (const [id, value] of Object.entries(values)) {
      if (typeof value !== 'number') continue;
      const name = prometheusName(scope, id);
      let family = families.get(name);
      if (family === undefined) {
        family = { help: `${id} (scope: ${SCOPE_COMPONENTS[scope.kind].join('.')})`, samples: [] };
        families.set(name, family);
      }
      family.samples.push(`${name}${labels(scope.variables)} ${formatNumber(value)}`);
    }
  }
  const lines: string[] = [];
  for (const [name, family] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`# HELP ${name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} gauge`, ...family.samples);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
