/**
 * examples/async-enrichment.ts against a customer service started here on 127.0.0.1: every
 * purchase comes out enriched, in input order, although the service answers out of order
 * and fails the first request for some customers (which the example retries).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { purchases } from '../../examples/data/purchases.js';
import { repoPath, runWeir } from '../support/weir-cli.js';

const customer = (id: number): { id: number; name: string; tier: string } => ({ id, name: `customer-${id}`, tier: ['bronze', 'silver', 'gold'][id % 3] as string });

let server: Server;
let url: string;
const requests = new Map<number, number>();

before(async () => {
  server = createServer((request, response) => {
    const match = /^\/customers\/(\d+)$/.exec(request.url ?? '');
    if (match === null) {
      response.writeHead(404).end();
      return;
    }
    const id = Number(match[1]);
    const seen = (requests.get(id) ?? 0) + 1;
    requests.set(id, seen);
    // Every fifth customer's first request fails: the example retries it.
    if (id % 5 === 0 && seen === 1) {
      response.writeHead(503).end();
      return;
    }
    // Answers out of order, so order is the operator's doing.
    setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(customer(id))), (id * 13) % 17);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('every purchase enriched, in input order, with failed requests retried', async () => {
  const run = await runWeir(['run', repoPath('examples/async-enrichment.ts'), '--url', url], { timeoutMs: 60_000 });
  assert.equal(run.code, 0, `the example failed:\n${run.stderr}`);
  const enriched = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('ENRICHED '))
    .map((line) => JSON.parse(line.slice('ENRICHED '.length)) as unknown);
  const expected = purchases().map((p) => ({ ...p, customer: customer(p.customerId).name, tier: customer(p.customerId).tier }));
  assert.deepEqual(enriched, expected);
  for (const [id, count] of requests) if (id % 5 === 0) assert.ok(count >= 2, `customer ${id} failed once and should have been asked again`);
});
