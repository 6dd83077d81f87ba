/**
 * Pulls task and TaskManager metrics into a MetricStore when the REST API asks (Flink's
 * MetricFetcher): at most once per `metrics.fetcher.update-interval`; requests within it
 * share the last answer, and concurrent ones share one fetch.
 */
import type { DispatcherGateway } from '../dispatcher/dispatcher-gateway.js';
import { MetricStore } from './metric-store.js';

export class MetricFetcher {
  readonly store = new MetricStore();
  private lastFetch = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<MetricStore> | undefined;

  constructor(
    private readonly dispatcher: DispatcherGateway,
    private readonly updateIntervalMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The store, fresh to within the update interval. */
  fetch(): Promise<MetricStore> {
    if (this.clock() - this.lastFetch < this.updateIntervalMs) return Promise.resolve(this.store);
    this.inFlight ??= this.pull().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async pull(): Promise<MetricStore> {
    const request = this.dispatcher.requestTaskManagerMetrics;
    const dumps = request === undefined ? [] : await request.call(this.dispatcher);
    this.store.update(dumps);
    this.lastFetch = this.clock();
    return this.store;
  }
}
