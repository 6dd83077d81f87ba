import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalRpcService } from '../../src/rpc/index.js';
import { EchoEndpoint, RecordingLogger, eventually, rejectsWithCode, type EchoGateway } from './rpc-fixtures.js';
import { runRpcServiceContract } from './rpc-service-contract.js';

function localPair(serializeMessages: boolean) {
  return async () => {
    const logger = new RecordingLogger();
    const server = new LocalRpcService({ logger, serializeMessages });
    const client = new LocalRpcService({ logger, serializeMessages });
    return {
      server,
      client,
      async cleanup() {
        await client.close();
        await server.close();
      },
    };
  };
}

runRpcServiceContract('LocalRpcService', localPair(false));
runRpcServiceContract('LocalRpcService with serializeMessages', localPair(true));

void describe('LocalRpcService', { timeout: 15_000 }, () => {
  void it('logs a failing runAsync callback instead of throwing it to nowhere', async () => {
    const logger = new RecordingLogger();
    const rpc = new LocalRpcService({ logger });
    try {
      const endpoint = new EchoEndpoint({ rpcService: rpc, endpointId: 'echo' });
      endpoint.start();
      endpoint.enqueue('boom', () => {
        throw new Error('callback exploded');
      });
      await eventually(() => logger.messages('error').length === 1, 3_000, 'the error log');
      assert.match(logger.messages('error')[0] ?? '', /callback exploded/);
    } finally {
      await rpc.close();
    }
  });

  void it('passes values by reference by default, and through the wire format with serializeMessages', async () => {
    class Point {
      constructor(readonly x: number) {}
      get double(): number {
        return this.x * 2;
      }
    }
    for (const serializeMessages of [false, true]) {
      const rpc = new LocalRpcService({ serializeMessages });
      try {
        const endpoint = new EchoEndpoint({ rpcService: rpc, endpointId: 'echo' });
        endpoint.start();
        const gateway = await rpc.connect<EchoGateway>(endpoint.address);
        const point = new Point(2);
        const back = await gateway.echo(point);
        if (serializeMessages) {
          assert.notEqual(back, point);
          assert.equal(back instanceof Point, false, 'a class instance loses its prototype, as over TCP');
          assert.deepEqual({ ...back }, { x: 2 });
        } else {
          assert.equal(back, point);
          assert.equal(back.double, 4);
        }
      } finally {
        await rpc.close();
      }
    }
  });

  void it('fails with SERIALIZATION_FAILED for what the wire cannot carry, when serializing', async () => {
    const rpc = new LocalRpcService({ serializeMessages: true, logger: new RecordingLogger() });
    try {
      const endpoint = new EchoEndpoint({ rpcService: rpc, endpointId: 'echo' });
      endpoint.start();
      const gateway = await rpc.connect<EchoGateway>(endpoint.address);
      await rejectsWithCode(gateway.echo({ symbol: Symbol('no') }), 'SERIALIZATION_FAILED');
    } finally {
      await rpc.close();
    }
  });

  void it('refuses a duplicate service name and weir:// addresses', async () => {
    const rpc = new LocalRpcService({ name: 'unique-name' });
    try {
      assert.throws(() => new LocalRpcService({ name: 'unique-name' }), /already runs/);
      await rejectsWithCode(rpc.connect<EchoGateway>('weir://127.0.0.1:6123/dispatcher'), 'RPC_INVALID_ADDRESS');
    } finally {
      await rpc.close();
    }
    const again = new LocalRpcService({ name: 'unique-name' });
    await again.close();
  });

  void it('fails calls through a closed service, and reaches a service recreated under the same name', async () => {
    const client = new LocalRpcService();
    let server = new LocalRpcService({ name: 'restarting' });
    const first = new EchoEndpoint({ rpcService: server, endpointId: 'echo' });
    first.start();
    const gateway = await client.connect<EchoGateway>(first.address);
    await server.close();
    await rejectsWithCode(gateway.echo(1), 'RPC_ENDPOINT_NOT_FOUND');
    server = new LocalRpcService({ name: 'restarting' });
    new EchoEndpoint({ rpcService: server, endpointId: 'echo' }).start();
    assert.equal(await gateway.echo(2), 2);
    await client.close();
    await rejectsWithCode(gateway.echo(3), 'RPC_CONNECTION_FAILED');
    await server.close();
  });

  void it('fails calls in flight when the calling service closes', async () => {
    const server = new LocalRpcService();
    const client = new LocalRpcService();
    const endpoint = new EchoEndpoint({ rpcService: server, endpointId: 'echo' });
    endpoint.start();
    const gateway = await client.connect<EchoGateway>(endpoint.address);
    const pending = gateway.hang();
    await client.close();
    await rejectsWithCode(pending, 'RPC_CONNECTION_FAILED');
    await server.close();
  });

  void it('fails a call still queued in the mailbox with RPC_ENDPOINT_STOPPED when the endpoint stops', async () => {
    const rpc = new LocalRpcService();
    const endpoint = new EchoEndpoint({ rpcService: rpc, endpointId: 'echo' });
    const gateway = await rpc.connect<EchoGateway>(endpoint.address);
    const queued = gateway.echo('never started');
    await endpoint.stop();
    await rejectsWithCode(queued, 'RPC_ENDPOINT_STOPPED');
    await rpc.close();
  });
});
