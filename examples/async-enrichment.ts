/**
 * Async I/O: enriches purchases with the customer's name and tier from an HTTP service,
 * with many requests in flight at once instead of one blocking call per record.
 *
 *   weir run [-p N] examples/async-enrichment.ts --url http://127.0.0.1:8080
 *
 * The service answers `GET <url>/customers/<id>` with `{"id":3,"name":"…","tier":"gold"}`.
 * Up to 20 requests per subtask are in flight; results come out in input order
 * (orderedWait); a request that fails (a 5xx answer, a refused connection) is retried up
 * to 3 times, 50 ms apart, before it fails the job. Prints one line per purchase:
 *
 *   ENRICHED {"id":0,"customerId":0,"amount":100,"customer":"Ada","tier":"gold"}
 */
import {
  AsyncDataStream,
  AsyncRetryStrategies,
  RetryPredicates,
  StreamExecutionEnvironment,
  type AsyncFunction,
  type ResultFuture,
} from 'weir';
import { purchases, type Purchase } from './data/purchases.js';

interface Customer {
  readonly id: number;
  readonly name: string;
  readonly tier: string;
}

interface EnrichedPurchase extends Purchase {
  readonly customer: string;
  readonly tier: string;
}

const urlIndex = process.argv.indexOf('--url');
const url = urlIndex >= 0 ? process.argv[urlIndex + 1] : undefined;
if (url === undefined) throw new Error('async-enrichment needs --url http://host:port of the customer service');

class CustomerLookup implements AsyncFunction<Purchase, EnrichedPurchase> {
  constructor(private readonly baseUrl: string) {}

  /** A thrown error (or rejected promise) completes the call exceptionally: retried, then fatal. */
  async asyncInvoke(purchase: Purchase, result: ResultFuture<EnrichedPurchase>): Promise<void> {
    const response = await fetch(`${this.baseUrl}/customers/${purchase.customerId}`);
    if (!response.ok) throw new Error(`the customer service answered ${response.status} for customer ${purchase.customerId}`);
    const customer = (await response.json()) as Customer;
    result.complete([{ ...purchase, customer: customer.name, tier: customer.tier }]);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const retry = AsyncRetryStrategies.fixedDelay<EnrichedPurchase>(3, 50).ifException(RetryPredicates.HAS_EXCEPTION_PREDICATE).build();

AsyncDataStream.orderedWaitWithRetry(env.fromData(purchases()).name('purchases'), new CustomerLookup(url), 5_000, 20, retry)
  .name('customer lookup')
  .map((purchase) => `ENRICHED ${JSON.stringify(purchase)}`)
  .print();

await env.execute('Async enrichment');
