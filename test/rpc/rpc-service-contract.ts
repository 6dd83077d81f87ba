/**
 * What every RpcService must do, whatever its transport. Each implementation's test
 * file runs this suite with a factory for a server-side and a client-side service.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { WeirError } from '../../src/core/errors.js';
import type { RpcService } from '../../src/rpc/index.js';
import { EchoEndpoint, LeaderEndpoint, eventually, rejectsWithCode, sleep, type EchoGateway, type LeaderGateway } from './rpc-fixtures.js';

/** Two services; endpoints run on `server`, calls are made through `client`. */
export interface RpcServicePair {
  readonly server: RpcService;
  readonly client: RpcService;
  cleanup(): Promise<void>;
}

const CASE = { timeout: 15_000 };

export function runRpcServiceContract(
  name: string,
  factory: () => Promise<RpcServicePair>,
  options: { readonly skip?: string | false } = {},
): void {
  void describe(`RpcService contract: ${name}`, { skip: options.skip ?? false }, () => {
    let pair: RpcServicePair;
    let server: RpcService;
    let client: RpcService;

    beforeEach(async () => {
      pair = await factory();
      ({ server, client } = pair);
    });
    afterEach(async () => {
      await pair.cleanup();
    });

    function startEcho(endpointId = 'echo'): EchoEndpoint {
      const endpoint = new EchoEndpoint({ rpcService: server, endpointId });
      endpoint.start();
      return endpoint;
    }

    void it('gives an endpoint an address under the service address', CASE, () => {
      const endpoint = startEcho('dispatcher');
      assert.equal(endpoint.address, `${server.address}/dispatcher`);
      assert.equal(endpoint.isRunning, true);
    });

    void it('returns what the handler returns', CASE, async () => {
      const endpoint = startEcho();
      const gateway = await client.connect<EchoGateway>(endpoint.address);
      assert.equal(await gateway.echo('hello'), 'hello');
      assert.deepEqual(await gateway.echo({ nested: { list: [1, 'two', null, true] } }), { nested: { list: [1, 'two', null, true] } });
      assert.equal(await gateway.echo(null), null);
    });

    void it('round-trips Uint8Array, Map, Date and large integers', CASE, async () => {
      const endpoint = startEcho();
      const gateway = await client.connect<EchoGateway>(endpoint.address);
      const value = {
        bytes: new Uint8Array([0, 1, 127, 255]),
        map: new Map<unknown, unknown>([['a', 1], [2, 'b'], ['nested', new Map([['x', [1, 2]]])]]),
        date: new Date(1_700_000_000_123),
        timestamp: 1_795_239_433_754,
        negative: -(2 ** 40),
        fraction: 0.25,
      };
      const back = await gateway.echo(value);
      assert.deepStrictEqual(back, value);
      assert.ok(back.bytes instanceof Uint8Array);
      assert.ok(back.map instanceof Map);
      assert.ok(back.date instanceof Date);
    });

    void it('refuses to connect to an unknown endpoint', CASE, async () => {
      await rejectsWithCode(client.connect<EchoGateway>(`${server.address}/nobody`), 'RPC_ENDPOINT_NOT_FOUND');
    });

    void it('refuses a malformed address', CASE, async () => {
      await rejectsWithCode(client.connect<EchoGateway>('http://example.com/x'), 'RPC_INVALID_ADDRESS');
    });

    void it('refuses a second endpoint with the same id', CASE, () => {
      startEcho('twin');
      assert.throws(() => new EchoEndpoint({ rpcService: server, endpointId: 'twin' }), (e: unknown) => e instanceof WeirError && e.code === 'RPC_ENDPOINT_ID_IN_USE');
    });

    void it('propagates a handler error with message, code, remote stack and call site', CASE, async () => {
      const endpoint = startEcho();
      const gateway = await client.connect<EchoGateway>(endpoint.address);
      const error = await rejectsWithCode(gateway.fail('job 42 is unknown', 'JOB_NOT_FOUND'), 'JOB_NOT_FOUND');
      assert.ok(error instanceof WeirError);
      assert.equal(error.name, 'WeirError');
      assert.equal(error.message, 'job 42 is unknown');
      assert.match(error.stack ?? '', /EchoEndpoint\.fail/);
      assert.match(error.stack ?? '', /--- rpc call .*#fail made at ---/);
    });

    void it('keeps the name of a non-Weir error and the cause chain', CASE, async () => {
      const endpoint = startEcho();
      const gateway = await client.connect<EchoGateway>(endpoint.address);
      await assert.rejects(gateway.fail('bad input'), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal(error.name, 'TypeError');
        assert.equal(error.message, 'bad input');
        return true;
      });
      const error = await rejectsWithCode(gateway.failWithCause(), 'JOB_FAILED');
      assert.ok(error.cause instanceof Error);
      assert.equal(error.cause.name, 'RangeError');
      assert.equal(error.cause.message, 'index 7 out of range');
    });

    void it('fails a call with RPC_TIMEOUT after the per-call timeout, and keeps the gateway usable', CASE, async () => {
      const endpoint = startEcho();
      const gateway = await client.connect<EchoGateway>(endpoint.address, { timeoutMs: 150 });
      const started = Date.now();
      const error = await rejectsWithCode(gateway.hang(), 'RPC_TIMEOUT');
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 140 && elapsed < 3_000, `timed out after ${elapsed} ms`);
      assert.match(error.message, /150 ms/);
      assert.equal(await gateway.echo('still fine'), 'still fine');
    });

    void it('refuses a fenced call with the wrong token or none, and accepts the right one', CASE, async () => {
      const leader = new LeaderEndpoint({ rpcService: server, endpointId: 'resourcemanager', fencingToken: 'session-1' });
      leader.start();
      const right = await client.connectFenced<LeaderGateway>(leader.address, 'session-1');
      const wrong = await client.connectFenced<LeaderGateway>(leader.address, 'session-0');
      const none = await client.connect<LeaderGateway>(leader.address);
      assert.equal(await right.whoIsLeader(), 'session-1');
      await rejectsWithCode(wrong.whoIsLeader(), 'RPC_FENCING_TOKEN_MISMATCH');
      await rejectsWithCode(none.whoIsLeader(), 'RPC_FENCING_TOKEN_MISMATCH');
    });

    void it('respects a fencing token change: the old session is refused, the new one accepted', CASE, async () => {
      const leader = new LeaderEndpoint({ rpcService: server, endpointId: 'jobmaster', fencingToken: 'session-1' });
      leader.start();
      const old = await client.connectFenced<LeaderGateway>(leader.address, 'session-1');
      assert.equal(await old.whoIsLeader(), 'session-1');
      leader.grantLeadership('session-2');
      const error = await rejectsWithCode(old.whoIsLeader(), 'RPC_FENCING_TOKEN_MISMATCH');
      assert.match(error.message, /session-1/);
      const current = await client.connectFenced<LeaderGateway>(leader.address, 'session-2');
      assert.equal(await current.whoIsLeader(), 'session-2');
      leader.grantLeadership(null);
      await rejectsWithCode(current.whoIsLeader(), 'RPC_FENCING_TOKEN_MISMATCH');
    });

    void it('serves unfenced methods without a token (and with a stale one)', CASE, async () => {
      const leader = new LeaderEndpoint({ rpcService: server, endpointId: 'resourcemanager', fencingToken: null });
      leader.start();
      const none = await client.connect<LeaderGateway>(leader.address);
      const stale = await client.connectFenced<LeaderGateway>(leader.address, 'old');
      assert.equal(await none.register('tm-1'), 'registered tm-1');
      assert.equal(await stale.register('tm-2'), 'registered tm-2');
      await rejectsWithCode(none.whoIsLeader(), 'RPC_FENCING_TOKEN_MISMATCH');
    });

    void it('refuses a fenced call to an endpoint that is not fenced', CASE, async () => {
      const endpoint = startEcho();
      const gateway = await client.connectFenced<EchoGateway>(endpoint.address, 'token');
      await rejectsWithCode(gateway.echo(1), 'RPC_FENCING_TOKEN_MISMATCH');
    });

    void it('refuses calls to a stopped endpoint', CASE, async () => {
      const endpoint = startEcho();
      const gateway = await client.connect<EchoGateway>(endpoint.address);
      assert.equal(await gateway.echo(1), 1);
      await endpoint.stop();
      assert.equal(endpoint.isRunning, false);
      await rejectsWithCode(gateway.echo(2), 'RPC_ENDPOINT_NOT_FOUND', 'RPC_ENDPOINT_STOPPED');
      await rejectsWithCode(client.connect<EchoGateway>(endpoint.address), 'RPC_ENDPOINT_NOT_FOUND');
      assert.throws(() => endpoint.start(), (e: unknown) => e instanceof WeirError && e.code === 'RPC_ENDPOINT_STOPPED');
    });

    void it('holds calls that arrive before start() until the endpoint starts', CASE, async () => {
      const endpoint = new EchoEndpoint({ rpcService: server, endpointId: 'late' });
      const gateway = await client.connect<EchoGateway>(endpoint.address);
      let answered = false;
      const call = gateway.echo('queued').then((value) => {
        answered = true;
        return value;
      });
      await sleep(50);
      assert.equal(answered, false);
      endpoint.start();
      assert.equal(await call, 'queued');
    });

    void it('runs runAsync callbacks in order, scheduled ones by due time, and survives failing ones', CASE, async () => {
      const endpoint = startEcho();
      endpoint.schedule('late', 60);
      endpoint.schedule('soon', 20);
      endpoint.enqueue('a');
      endpoint.enqueue('throws', () => {
        throw new Error('callback failure (expected by the test)');
      });
      endpoint.enqueue('rejects', () => Promise.reject(new Error('async callback failure (expected by the test)')));
      endpoint.enqueue('b');
      assert.deepEqual(endpoint.events, [], 'runAsync never runs synchronously');
      await eventually(() => endpoint.events.length === 6, 3_000, 'all callbacks');
      assert.deepEqual(endpoint.events, ['a', 'throws', 'rejects', 'b', 'soon', 'late']);
    });

    void it('drops runAsync and scheduled callbacks once the endpoint stops', CASE, async () => {
      const endpoint = startEcho();
      endpoint.schedule('scheduled-before-stop', 30);
      endpoint.enqueue('queued-before-stop');
      await endpoint.stop();
      endpoint.enqueue('after-stop');
      endpoint.schedule('scheduled-after-stop', 1);
      await sleep(80);
      assert.deepEqual(endpoint.events, []);
    });

    void it('cancels a scheduled callback', CASE, async () => {
      const endpoint = startEcho();
      endpoint.schedule('cancelled', 20).cancel();
      endpoint.schedule('kept', 30);
      await eventually(() => endpoint.events.length > 0, 3_000, 'the kept callback');
      await sleep(20);
      assert.deepEqual(endpoint.events, ['kept']);
    });

    void it('multiplexes concurrent calls: a slow one does not hold back a fast one', CASE, async () => {
      const endpoint = startEcho();
      const gateway = await client.connect<EchoGateway>(endpoint.address);
      const finished: number[] = [];
      const calls = Array.from({ length: 20 }, (_, i) =>
        gateway.delayedEcho(i, (20 - i) * 15).then((value) => {
          finished.push(value);
          return value;
        }));
      assert.deepEqual(await Promise.all(calls), Array.from({ length: 20 }, (_, i) => i));
      assert.deepEqual(finished, Array.from({ length: 20 }, (_, i) => 19 - i));
    });

    void it('lets a handler call back into its caller without deadlock', CASE, async () => {
      const a = startEcho('a');
      const b = startEcho('b');
      const gateway = await client.connect<EchoGateway>(a.address);
      assert.equal(await gateway.bounce(b.address, 4), 4);
    });

    void it('refuses remote calls to anything but gateway methods', CASE, async () => {
      const endpoint = startEcho();
      const gateway = await client.connect<EchoGateway>(endpoint.address);
      const raw = gateway as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const forbidden = [
        'constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf',
        'runAsync', 'scheduleRunAsync', 'start', 'stop', 'onStart', 'onStop', 'isRunning', 'log',
        '_secret', 'events', 'enqueue', 'address', 'rpcService', 'nonexistent',
      ];
      for (const name of forbidden) {
        const method = raw[name];
        assert.equal(typeof method, 'function', `the proxy sends ${name}`);
        await rejectsWithCode(method!('x'), 'RPC_METHOD_NOT_FOUND');
      }
      assert.equal(endpoint.isRunning, true);
      assert.equal((gateway as unknown as { then?: unknown }).then, undefined, 'a gateway is not thenable');
    });

    void it('close() stops the endpoints it serves, and is idempotent', CASE, async () => {
      const endpoint = startEcho();
      await server.close();
      assert.equal(endpoint.isRunning, false);
      await server.close();
    });
  });
}
