/** Orders and shipments for the interval join example, deterministic for a seed. */
export interface Order {
  readonly orderId: number;
  readonly time: number;
}

export interface Shipment {
  readonly orderId: number;
  readonly time: number;
}

/** A small deterministic generator, so the client and every slot see the same events. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function makeEvents(count: number, seed: number): { orders: Order[]; shipments: Shipment[] } {
  const next = random(seed);
  const orders: Order[] = [];
  const shipments: Shipment[] = [];
  for (let id = 0; id < count; id++) {
    const time = id * 1000 + Math.floor(next() * 4000);
    orders.push({ orderId: id, time });
    // Some orders ship late (outside the interval), some twice, some never.
    const r = next();
    if (r < 0.8) shipments.push({ orderId: id, time: time + Math.floor(next() * 90_000) });
    if (r < 0.2) shipments.push({ orderId: id, time: time + Math.floor(next() * 30_000) });
  }
  shipments.sort((a, b) => a.time - b.time);
  return { orders, shipments };
}

