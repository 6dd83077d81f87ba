/**
 * MetricGroup: where metrics are registered, by name, under a scope (Flink's
 * MetricGroup). A component's group and the groups made from it with `addGroup` share one
 * flat table of metrics keyed by their dotted name below the component, which is the id
 * the REST API shows (`numRecordsIn`, `parser.errors`).
 */
import { MeterView, type Tickable } from './meter-view.js';
import type { MetricScope, ScopeVariables } from './metric-scope.js';
import { SimpleCounter, type Counter, type Gauge, type Histogram, type HistogramStatistics, type Meter } from './metrics.js';
import { SlidingWindowHistogram } from './sliding-window-histogram.js';
import type { MetricValues } from './metric-snapshot.js';

/**
 * What a user function gets from `ctx.getMetricGroup()`.
 * @example
 * open(ctx) {
 *   this.parsed = ctx.getMetricGroup().counter('parsed');
 *   ctx.getMetricGroup().addGroup('cache').gauge('size', () => this.cache.size);
 * }
 */
export interface MetricGroup {
  counter(name: string, counter?: Counter): Counter;
  gauge<T extends number | string>(name: string, gauge: Gauge<T> | (() => T)): Gauge<T>;
  /** A meter over the last 60 s; pass a Counter to meter an existing count. */
  meter(name: string, meter?: Meter | Counter): Meter;
  /** A histogram over the last `windowSize` values (default 500). */
  histogram(name: string, histogram?: Histogram | number): Histogram;
  /** A named sub-group; with a value, also a variable (Flink's key-value groups). */
  addGroup(name: string, value?: string): MetricGroup;
  /** The scope variables, as Flink spells them: `{ '<job_id>': '…', '<subtask_index>': '0' }`. */
  getAllVariables(): Readonly<Record<string, string>>;
  /** The metric's id below its component: `cache.size`. */
  getMetricIdentifier(name: string): string;
}

type Registered =
  | { readonly kind: 'counter'; readonly metric: Counter }
  | { readonly kind: 'gauge'; readonly metric: Gauge }
  | { readonly kind: 'meter'; readonly metric: Meter }
  | { readonly kind: 'histogram'; readonly metric: Histogram };

/** Receives the meters of a group, which need the periodic tick. */
export interface TickRegistry {
  addTickable(tickable: Tickable): void;
  removeTickable(tickable: Tickable): void;
}

const VALID_NAME = /^[^\s.][^\s]*$/;

/** The group of one component (a task, an operator, a process) and its sub-groups. */
export class ComponentMetricGroup implements MetricGroup {
  private readonly metrics = new Map<string, Registered>();
  private closed = false;

  constructor(
    readonly scope: MetricScope,
    private readonly registry: TickRegistry | undefined,
  ) {}

  counter(name: string, counter: Counter = new SimpleCounter()): Counter {
    return this.register(name, { kind: 'counter', metric: counter }).metric as Counter;
  }

  gauge<T extends number | string>(name: string, gauge: Gauge<T> | (() => T)): Gauge<T> {
    const metric: Gauge<T> = typeof gauge === 'function' ? { getValue: gauge } : gauge;
    // A gauge registered again replaces the old one: its closure may hold the state of a new open().
    this.checkName(name);
    this.metrics.set(name, { kind: 'gauge', metric });
    return metric;
  }

  meter(name: string, meter?: Meter | Counter): Meter {
    const existing = this.metrics.get(name);
    if (existing?.kind === 'meter') return existing.metric;
    const metric = meter === undefined ? new MeterView() : isMeter(meter) ? meter : new MeterView(meter);
    const registered = this.register(name, { kind: 'meter', metric }).metric as Meter;
    if (registered === metric && metric instanceof MeterView && !this.closed) this.registry?.addTickable(metric);
    return registered;
  }

  histogram(name: string, histogram?: Histogram | number): Histogram {
    const metric = typeof histogram === 'object' ? histogram : new SlidingWindowHistogram(histogram);
    return this.register(name, { kind: 'histogram', metric }).metric as Histogram;
  }

  addGroup(name: string, value?: string): MetricGroup {
    return new SubGroup(this, value === undefined ? [name] : [name, value], value === undefined ? {} : { [name]: value });
  }

  getAllVariables(): Readonly<Record<string, string>> {
    return bracketed(this.scope.variables);
  }

  getMetricIdentifier(name: string): string {
    return name;
  }

  /** Every metric's current value by id; meters give their rate, histograms one value per statistic. */
  snapshot(): MetricValues {
    const values: Record<string, number | string> = {};
    for (const [name, entry] of this.metrics) {
      switch (entry.kind) {
        case 'counter':
          values[name] = entry.metric.getCount();
          break;
        case 'gauge':
          values[name] = readGauge(entry.metric);
          break;
        case 'meter':
          values[name] = entry.metric.getRate();
          break;
        case 'histogram':
          Object.assign(values, histogramValues(name, entry.metric.getStatistics(), entry.metric.getCount()));
          break;
      }
    }
    return values;
  }

  /** The component ended: its meters stop ticking. Its last values can still be read. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.metrics.values()) {
      if (entry.kind === 'meter' && entry.metric instanceof MeterView) this.registry?.removeTickable(entry.metric);
    }
  }

  private register(name: string, entry: Registered): Registered {
    this.checkName(name);
    const existing = this.metrics.get(name);
    if (existing !== undefined) {
      if (existing.kind === entry.kind) return existing;
      throw new TypeError(`metric '${name}' is already registered as a ${existing.kind}; pick another name for the ${entry.kind}`);
    }
    this.metrics.set(name, entry);
    return entry;
  }

  private checkName(name: string): void {
    if (!VALID_NAME.test(name)) throw new TypeError(`a metric name must be non-empty, without spaces and not start with '.', got '${name}'`);
  }
}

class SubGroup implements MetricGroup {
  constructor(
    private readonly root: ComponentMetricGroup,
    private readonly path: readonly string[],
    private readonly variables: ScopeVariables,
  ) {}

  counter(name: string, counter?: Counter): Counter {
    return this.root.counter(this.getMetricIdentifier(name), counter);
  }

  gauge<T extends number | string>(name: string, gauge: Gauge<T> | (() => T)): Gauge<T> {
    return this.root.gauge(this.getMetricIdentifier(name), gauge);
  }

  meter(name: string, meter?: Meter | Counter): Meter {
    return this.root.meter(this.getMetricIdentifier(name), meter);
  }

  histogram(name: string, histogram?: Histogram | number): Histogram {
    return this.root.histogram(this.getMetricIdentifier(name), histogram);
  }

  addGroup(name: string, value?: string): MetricGroup {
    return new SubGroup(this.root, value === undefined ? [...this.path, name] : [...this.path, name, value], {
      ...this.variables,
      ...(value === undefined ? {} : { [name]: value }),
    });
  }

  getAllVariables(): Readonly<Record<string, string>> {
    return { ...this.root.getAllVariables(), ...bracketed(this.variables) };
  }

  getMetricIdentifier(name: string): string {
    return [...this.path, name].join('.');
  }
}

function isMeter(value: Meter | Counter): value is Meter {
  return typeof (value as Partial<Meter>).getRate === 'function';
}

function bracketed(variables: ScopeVariables): Record<string, string> {
  return Object.fromEntries(Object.entries(variables).map(([key, value]) => [`<${key}>`, value]));
}

function readGauge(gauge: Gauge): number | string {
  try {
    const value = gauge.getValue();
    return typeof value === 'number' || typeof value === 'string' ? value : String(value);
  } catch (error) {
    // A throwing user gauge must not break the report of every other metric.
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Flink's MetricStore suffixes for a histogram's statistics. */
export function histogramValues(name: string, stats: HistogramStatistics, count: number): Record<string, number> {
  return {
    [`${name}_count`]: count,
    [`${name}_min`]: stats.min,
    [`${name}_max`]: stats.max,
    [`${name}_mean`]: stats.mean,
    [`${name}_median`]: stats.quantile(0.5),
    [`${name}_stddev`]: stats.stddev,
    [`${name}_p75`]: stats.quantile(0.75),
    [`${name}_p90`]: stats.quantile(0.9),
    [`${name}_p95`]: stats.quantile(0.95),
    [`${name}_p98`]: stats.quantile(0.98),
    [`${name}_p99`]: stats.quantile(0.99),
    [`${name}_p999`]: stats.quantile(0.999),
  };
}

/** Flink's UnregisteredMetricsGroup: with metrics off, user code registers into nothing and runs unchanged. */
export const NOOP_METRIC_GROUP: MetricGroup = {
  counter: (_name, counter) => counter ?? new SimpleCounter(),
  gauge: (_name, gauge) => (typeof gauge === 'function' ? { getValue: gauge } : gauge),
  meter: (_name, meter) => (meter === undefined ? new MeterView() : isMeter(meter) ? meter : new MeterView(meter)),
  histogram: (_name, histogram) => (typeof histogram === 'object' ? histogram : new SlidingWindowHistogram(histogram)),
  addGroup: () => NOOP_METRIC_GROUP,
  getAllVariables: () => ({}),
  getMetricIdentifier: (name) => name,
};
