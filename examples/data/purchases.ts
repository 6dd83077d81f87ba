/** Purchases for examples/async-enrichment.ts, and for its test. */

export interface Purchase {
  readonly id: number;
  readonly customerId: number;
  readonly amount: number;
}

/** `count` purchases by 25 customers, with amounts in cents. */
export function purchases(count = 200): Purchase[] {
  return Array.from({ length: count }, (_, id) => ({ id, customerId: (id * 7) % 25, amount: 100 + ((id * 7919) % 9_900) }));
}
