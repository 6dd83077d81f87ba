/**
 * Top N per window: the three most viewed pages of every minute, from page views that
 * arrive out of order.
 *
 *   weir run [-p N] examples/top-n.ts [--n 3]
 *
 * Two window steps, as in Flink's classic "hot items" job: views are counted per page and
 * minute in parallel (keyBy + tumbling window + incremental aggregate), then one windowAll
 * over the same minutes ranks the counts. The counts come out stamped with their window's
 * last millisecond, so each lands in the same minute downstream. Prints one line a minute:
 *
 *   TOP {"minute":0,"pages":[{"page":"home","views":80},{"page":"search","views":61},...]}
 */
import {
  DataGeneratorSource,
  ProcessAllWindowFunction,
  RateLimiterStrategy,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  type AggregateFunction,
  type Collector,
  type ProcessWindowContext,
  type TimeWindow,
} from 'weir';
import { OUT_OF_ORDERNESS_MS, pageViewsInArrivalOrder, type PageView } from './data/page-views.js';

const nIndex = process.argv.indexOf('--n');
const n = nIndex >= 0 ? Number(process.argv[nIndex + 1]) : 3;
const MINUTE = 60_000;

interface PageCount {
  readonly page: string;
  readonly views: number;
}

const countViews: AggregateFunction<PageView, number, number> = {
  createAccumulator: () => 0,
  add: (_view, count) => count + 1,
  getResult: (count) => count,
  merge: (a, b) => a + b,
};

/** Ranks a minute's page counts: most views first, ties by page name. */
class TopN extends ProcessAllWindowFunction<PageCount, string, TimeWindow> {
  constructor(private readonly n: number) {
    super();
  }

  process(ctx: ProcessWindowContext<TimeWindow>, counts: PageCount[], out: Collector<string>): void {
    const pages = counts.sort((a, b) => b.views - a.views || a.page.localeCompare(b.page)).slice(0, this.n);
    out.collect(`TOP ${JSON.stringify({ minute: ctx.window().start / MINUTE, pages })}`);
  }
}

const views = pageViewsInArrivalOrder();
const env = StreamExecutionEnvironment.getExecutionEnvironment();

env
  .fromSource(
    new DataGeneratorSource((i) => views[i] as PageView, views.length, RateLimiterStrategy.perSecond(3_000)),
    WatermarkStrategy.forBoundedOutOfOrderness<PageView>(OUT_OF_ORDERNESS_MS).withTimestampAssigner((view) => view.ts),
    'page views',
  )
  .keyBy((view) => view.page)
  .window(TumblingEventTimeWindows.of(MINUTE))
  .aggregate(countViews, (page: string, _window: TimeWindow, counts: number[], out: Collector<PageCount>) =>
    out.collect({ page, views: counts[0] ?? 0 }),
  )
  .name('views per page and minute')
  .windowAll(TumblingEventTimeWindows.of(MINUTE))
  .process(new TopN(n))
  .name('top pages of the minute')
  .print();

await env.execute('Top N pages per minute');
