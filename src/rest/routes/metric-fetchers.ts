/** One MetricFetcher per REST app, shared by its metric, backpressure and job routes. */
import { METRICS_FETCHER_UPDATE_INTERVAL } from '../../config/index.js';
import { MetricFetcher } from '../../metrics/metric-fetcher.js';
import type { RestContext } from '../rest-context.js';

const fetchers = new WeakMap<RestContext, MetricFetcher>();

export function metricFetcher(ctx: RestContext): MetricFetcher {
  let fetcher = fetchers.get(ctx);
  if (fetcher === undefined) {
    fetcher = new MetricFetcher(ctx.dispatcher, ctx.configuration.get(METRICS_FETCHER_UPDATE_INTERVAL));
    fetchers.set(ctx, fetcher);
  }
  return fetcher;
}
