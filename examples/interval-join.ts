/**
 * Interval join: each order joins the shipments of the same order id that happen between
 * 0 and 60 seconds after it, in event time; out-of-order events within 5 s are fine.
 *
 *   weir run -p 2 examples/interval-join.ts [--orders N] [--seed S]
 *
 * Prints one `order <id> shipped after <ms> ms` line per match, sorted.
 */
import {
  DataGeneratorSource,
  ProcessJoinFunction,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  type Collector,
  type ProcessJoinContext,
} from 'weir';
import { makeEvents, type Order, type Shipment } from './data/orders.js';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const count = argument('orders', 200);
const seed = argument('seed', 7);
const { orders, shipments } = makeEvents(count, seed);

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const strategy = <T extends { time: number }>() =>
  WatermarkStrategy.forBoundedOutOfOrderness<T>(5000).withTimestampAssigner((event) => event.time);

const orderStream = env.fromSource(new DataGeneratorSource((i) => orders[i] as Order, orders.length), strategy<Order>(), 'orders');
const shipmentStream = env.fromSource(new DataGeneratorSource((i) => shipments[i] as Shipment, shipments.length), strategy<Shipment>(), 'shipments');

class ShippedAfter extends ProcessJoinFunction<Order, Shipment, string> {
  processElement(order: Order, shipment: Shipment, _ctx: ProcessJoinContext, out: Collector<string>): void {
    out.collect(`order ${order.orderId} shipped after ${shipment.time - order.time} ms`);
  }
}

const matches = await orderStream
  .keyBy((o) => o.orderId)
  .intervalJoin(shipmentStream.keyBy((s) => s.orderId))
  .between(0, 60_000)
  .process(new ShippedAfter())
  .executeAndCollect();

for (const line of matches.sort()) console.log(line);
