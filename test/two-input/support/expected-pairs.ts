/** The interval join of the orders example by brute force: every order with each shipment 0–60 s after it. */
import { makeEvents } from '../../../examples/data/orders.js';

export function expectedPairs(count: number, seed: number): string[] {
  const { orders, shipments } = makeEvents(count, seed);
  const pairs: string[] = [];
  for (const order of orders) {
    for (const shipment of shipments) {
      const delta = shipment.time - order.time;
      if (shipment.orderId === order.orderId && delta >= 0 && delta <= 60_000) {
        pairs.push(`${order.orderId}:${order.time}:${shipment.time}:${Math.max(order.time, shipment.time)}`);
      }
    }
  }
  return pairs.sort();
}
