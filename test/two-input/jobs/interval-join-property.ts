/**
 * Interval join over orders and shipments fed in a shuffled order that stays within the
 * out-of-orderness bound: `--seed S --shuffle T` (T = 0 keeps time order).
 */
import {
  BasePathBucketAssigner,
  DataGeneratorSource,
  FileSink,
  RateLimiterStrategy,
  SimpleStringEncoder,
  ProcessJoinFunction,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  type Collector,
  type ProcessJoinContext,
} from 'weir';
import { makeEvents, random, type Order, type Shipment } from '../../../examples/data/orders.js';
import { shuffleWithinBound } from './shuffle.js';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const OUT_OF_ORDERNESS = 5000;
const seed = argument('seed', 1);
const { orders, shipments } = makeEvents(argument('orders', 150), seed);
const shuffle = argument('shuffle', 0);
const orderFeed = shuffle === 0 ? orders : shuffleWithinBound(orders, OUT_OF_ORDERNESS, random(shuffle));
const shipmentFeed = shuffle === 0 ? shipments : shuffleWithinBound(shipments, OUT_OF_ORDERNESS, random(shuffle + 1));

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
const rate = argument('rate', 0);
const checkpointMs = argument('checkpoint', 0);
if (checkpointMs > 0) env.enableCheckpointing(checkpointMs);
const limit = (count: number) => (rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.perSecond(count * 1000));
const strategy = <T extends { time: number }>() =>
  WatermarkStrategy.forBoundedOutOfOrderness<T>(OUT_OF_ORDERNESS).withTimestampAssigner((event) => event.time);
const orderStream = env
  .fromSource(new DataGeneratorSource((i) => orderFeed[i] as Order, orderFeed.length, limit(orderFeed.length)), strategy<Order>(), 'orders')
  .setParallelism(1);
const shipmentStream = env
  .fromSource(new DataGeneratorSource((i) => shipmentFeed[i] as Shipment, shipmentFeed.length, limit(shipmentFeed.length)), strategy<Shipment>(), 'shipments')
  .setParallelism(1);

class Pair extends ProcessJoinFunction<Order, Shipment, string> {
  processElement(order: Order, shipment: Shipment, ctx: ProcessJoinContext, out: Collector<string>): void {
    out.collect(`${order.orderId}:${order.time}:${shipment.time}:${ctx.timestamp()}`);
  }
}

const joined = orderStream
  .keyBy((o) => o.orderId)
  .intervalJoin(shipmentStream.keyBy((s) => s.orderId))
  .between(0, 60_000)
  .process(new Pair());
if (outDir !== undefined) {
  // Exactly-once output for runs with failures: one committed line per pair.
  joined.sinkTo(FileSink.forRowFormat(outDir, new SimpleStringEncoder<string>()).withBucketAssigner(new BasePathBucketAssigner()).build());
  await env.execute('interval join');
} else {
  const pairs = await joined.executeAndCollect();
  console.log(`RESULT ${JSON.stringify(pairs.sort())}`);
}
