import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { internalTls } from '../../src/cluster/rpc-services.js';
import { Configuration } from '../../src/config/index.js';
import { WeirError } from '../../src/core/errors.js';
import { TcpRpcService, type TcpRpcServiceOptions, type TcpRpcTlsOptions } from '../../src/rpc/index.js';
import { EchoEndpoint, RecordingLogger, eventually, rejectsWithCode, type EchoGateway } from './rpc-fixtures.js';
import { runRpcServiceContract } from './rpc-service-contract.js';
import { encryptedKey, generateKeyPair } from '../support/tls.js';

const clusterCert = generateKeyPair('weir-rpc-test');
const strangerCert = clusterCert === null ? null : generateKeyPair('stranger');
const clusterTls: TcpRpcTlsOptions | undefined = clusterCert === null ? undefined : { ...clusterCert, ca: clusterCert.cert };

async function tcpPair(extra: Omit<TcpRpcServiceOptions, 'host' | 'port'> = {}) {
  const logger = new RecordingLogger();
  const server = await TcpRpcService.create({ host: '127.0.0.1', port: 0, logger, ...extra });
  const client = await TcpRpcService.create({ host: '127.0.0.1', port: 0, logger, ...extra });
  return {
    server,
    client,
    logger,
    async cleanup() {
      await client.close();
      await server.close();
    },
  };
}

runRpcServiceContract('TcpRpcService', () => tcpPair());
runRpcServiceContract('TcpRpcService over TLS', () => tcpPair(clusterTls === undefined ? {} : { tls: clusterTls }), {
  skip: clusterTls === undefined ? 'openssl is not installed' : false,
});

void describe('TcpRpcService', { timeout: 20_000 }, () => {
  void it('listens on an ephemeral port and puts it in addresses', async () => {
    const { server, cleanup } = await tcpPair();
    try {
      assert.ok(server.port > 0);
      assert.equal(server.address, `weir://127.0.0.1:${server.port}`);
    } finally {
      await cleanup();
    }
  });

  void it('multiplexes every gateway to one remote service over one connection', async () => {
    const { server, client, cleanup } = await tcpPair();
    try {
      const a = new EchoEndpoint({ rpcService: server, endpointId: 'a' });
      const b = new EchoEndpoint({ rpcService: server, endpointId: 'b' });
      a.start();
      b.start();
      const ga = await client.connect<EchoGateway>(a.address);
      const gb = await client.connect<EchoGateway>(b.address);
      const results = await Promise.all([ga.delayedEcho('a', 30), gb.echo('b'), ga.echo('c'), gb.delayedEcho('d', 10)]);
      assert.deepEqual(results, ['a', 'b', 'c', 'd']);
      assert.deepEqual(client.connectionCount, { inbound: 0, outbound: 1 });
      assert.deepEqual(server.connectionCount, { inbound: 1, outbound: 0 });
    } finally {
      await cleanup();
    }
  });

  void it('fails calls in flight when the connection drops, and reconnects for the next call', async () => {
    const logger = new RecordingLogger();
    const client = await TcpRpcService.create({ logger });
    let server = await TcpRpcService.create({ logger });
    try {
      const port = server.port;
      new EchoEndpoint({ rpcService: server, endpointId: 'echo' }).start();
      const gateway = await client.connect<EchoGateway>(`${server.address}/echo`, { timeoutMs: 5_000 });
      const inFlight = gateway.hang();
      await server.close();
      const error = await rejectsWithCode(inFlight, 'RPC_CONNECTION_FAILED');
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
      await rejectsWithCode(gateway.echo('nobody listens'), 'RPC_CONNECTION_FAILED');

      server = await TcpRpcService.create({ port, logger });
      new EchoEndpoint({ rpcService: server, endpointId: 'echo' }).start();
      assert.equal(await gateway.echo('back again'), 'back again');
    } finally {
      await client.close();
      await server.close();
    }
  });

  void it('rejects an oversize call before sending it, and an oversize reply with a clear error', async () => {
    const { server, client, cleanup } = await tcpPair({ maxFrameBytes: 64 * 1024 });
    try {
      const endpoint = new EchoEndpoint({ rpcService: server, endpointId: 'echo' });
      endpoint.start();
      const gateway = await client.connect<EchoGateway>(endpoint.address);
      const sent = await rejectsWithCode(gateway.echo(new Uint8Array(100_000)), 'RPC_FRAME_TOO_LARGE');
      assert.match(sent.message, /over the RPC frame limit of 65536 bytes/);
      const replied = await rejectsWithCode(gateway.bytes(100_000), 'RPC_FRAME_TOO_LARGE');
      assert.match(replied.message, /result of bytes/);
      assert.equal((await gateway.bytes(1_000)).length, 1_000, 'the connection is still usable');
      assert.deepEqual(client.connectionCount.outbound, 1);
    } finally {
      await cleanup();
    }
  });

  void it('closes a connection whose frame header announces more than the limit, without allocating it', async () => {
    const { server, client, logger, cleanup } = await tcpPair({ maxFrameBytes: 64 * 1024 });
    try {
      new EchoEndpoint({ rpcService: server, endpointId: 'echo' }).start();
      for (const junk of [Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]), Buffer.from([0, 0, 0, 3, 0xc1, 0xc1, 0xc1])]) {
        const socket = net.connect({ host: '127.0.0.1', port: server.port });
        socket.on('error', () => {});
        const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        socket.write(junk);
        await closed;
      }
      await eventually(() => logger.messages('warn').length === 2, 3_000, 'two warnings');
      assert.match(logger.messages('warn')[0] ?? '', /4294967295 bytes, over the RPC frame limit/);
      const gateway = await client.connect<EchoGateway>(`${server.address}/echo`);
      assert.equal(await gateway.echo('unaffected'), 'unaffected');
    } finally {
      await cleanup();
    }
  });

  void it('fails with RPC_CONNECTION_FAILED when nothing listens', async () => {
    const probe = await TcpRpcService.create();
    const port = probe.port;
    await probe.close();
    const { client, cleanup } = await tcpPair();
    try {
      await rejectsWithCode(client.connect<EchoGateway>(`weir://127.0.0.1:${port}/echo`), 'RPC_CONNECTION_FAILED');
    } finally {
      await cleanup();
    }
  });

  void it('reports a port in use', async () => {
    const { server, cleanup } = await tcpPair();
    try {
      await rejectsWithCode(TcpRpcService.create({ port: server.port }), 'RPC_CONNECTION_FAILED');
    } finally {
      await cleanup();
    }
  });

  void it('refuses a TLS peer whose certificate the cluster does not trust', { skip: strangerCert === null ? 'openssl is not installed' : false }, async () => {
    assert.ok(clusterTls !== undefined && strangerCert !== null);
    const logger = new RecordingLogger();
    const server = await TcpRpcService.create({ tls: clusterTls, logger });
    const stranger = await TcpRpcService.create({ tls: { ...strangerCert, ca: clusterTls.ca }, logger });
    const plain = await TcpRpcService.create({ logger });
    try {
      new EchoEndpoint({ rpcService: server, endpointId: 'echo' }).start();
      const address = `${server.address}/echo`;
      await rejectsWithCode(stranger.connect<EchoGateway>(address, { timeoutMs: 5_000 }), 'RPC_CONNECTION_FAILED');
      await rejectsWithCode(plain.connect<EchoGateway>(address, { timeoutMs: 5_000 }), 'RPC_CONNECTION_FAILED', 'RPC_TIMEOUT');
    } finally {
      await plain.close();
      await stranger.close();
      await server.close();
    }
  });

  void it('reads an encrypted private key with security.ssl.internal.key-password, and names that key when it is missing or wrong', { skip: clusterCert === null ? 'openssl is not installed' : false }, async () => {
    assert.ok(clusterCert !== null);
    const dir = mkdtempSync(join(tmpdir(), 'weir-rpc-tls-'));
    const logger = new RecordingLogger();
    try {
      writeFileSync(join(dir, 'key.pem'), encryptedKey(clusterCert.key, 'open sesame'));
      writeFileSync(join(dir, 'cert.pem'), clusterCert.cert);
      const settings = {
        'security.ssl.internal.enabled': 'true',
        'security.ssl.internal.key': join(dir, 'key.pem'),
        'security.ssl.internal.cert': join(dir, 'cert.pem'),
        'security.ssl.internal.ca': join(dir, 'cert.pem'),
      };
      const isKeyPasswordError = (error: unknown): boolean =>
        error instanceof WeirError && error.code === 'CONFIG_INVALID_VALUE' && error.message.includes('security.ssl.internal.key-password');
      assert.throws(() => internalTls(Configuration.fromMap(settings)), isKeyPasswordError);
      assert.throws(() => internalTls(Configuration.fromMap({ ...settings, 'security.ssl.internal.key-password': 'wrong' })), isKeyPasswordError);

      const tls = internalTls(Configuration.fromMap({ ...settings, 'security.ssl.internal.key-password': 'open sesame' }));
      assert.ok(tls !== undefined);
      const server = await TcpRpcService.create({ tls, logger });
      const client = await TcpRpcService.create({ tls, logger });
      try {
        new EchoEndpoint({ rpcService: server, endpointId: 'echo' }).start();
        const gateway = await client.connect<EchoGateway>(`${server.address}/echo`, { timeoutMs: 5_000 });
        assert.deepEqual(await gateway.echo({ over: 'tls' }), { over: 'tls' });
      } finally {
        await client.close();
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
