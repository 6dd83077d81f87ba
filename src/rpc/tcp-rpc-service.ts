import net from 'node:net';
import tls from 'node:tls';
import { WeirError, errorMessage } from '../core/errors.js';
import { EndpointRegistry } from './endpoint-registry.js';
import { toRemoteErrorPayload } from './remote-error.js';
import { formatTcpServiceAddress, parseRpcAddress } from './rpc-address.js';
import type { RpcEndpoint } from './rpc-endpoint.js';
import { createGatewayProxy, type RpcGateway } from './rpc-gateway.js';
import {
  DEFAULT_RPC_TIMEOUT_MS,
  consoleRpcLogger,
  resolveTimeoutMs,
  type ConnectOptions,
  type RpcLogger,
  type RpcService,
} from './rpc-service.js';
import { TcpConnection, tlsCredentials, type TcpRpcTlsOptions } from './tcp-connection.js';
import {
  DEFAULT_MAX_FRAME_BYTES,
  FrameDecoder,
  MessageKind,
  decodeMessage,
  encodeFrame,
  type ReplyMessage,
  type RequestMessage,
} from './wire-format.js';

/** Options for a TCP RPC service (Flink's `jobmanager.rpc.*`, `taskmanager.rpc.*`, `security.ssl.internal.*`). */
export interface TcpRpcServiceOptions {
  /** The host put in this service's addresses, which peers dial. Default `127.0.0.1`. */
  readonly host?: string;
  /** The interface to listen on; default `host`. Use `0.0.0.0` to listen everywhere while advertising `host`. */
  readonly bindHost?: string;
  /** Default 0: an ephemeral port, then readable as `port`. */
  readonly port?: number;
  readonly defaultTimeoutMs?: number;
  /** Largest frame sent or accepted; default 64 MiB. */
  readonly maxFrameBytes?: number;
  /** Mutually authenticated TLS for every connection in and out. */
  readonly tls?: TcpRpcTlsOptions;
  readonly logger?: RpcLogger;
}

/**
 * RPC across processes: one listening socket for the endpoints this service serves,
 * and one reused outbound connection per remote service, multiplexing calls by
 * request id. See wire-format.ts for the frames and what values survive them.
 *
 * @example
 * const rpc = await TcpRpcService.create({ host: 'jm-0.weir', bindHost: '0.0.0.0', port: 6123 });
 * const rm = new ResourceManager({ rpcService: rpc, endpointId: 'resourcemanager' });
 * rm.start(); // rm.address === 'weir://jm-0.weir:6123/resourcemanager'
 */
export class TcpRpcService implements RpcService {
  readonly host: string;
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  readonly address: string;
  readonly defaultTimeoutMs: number;
  readonly maxFrameBytes: number;
  readonly logger: RpcLogger;
  readonly #tls: TcpRpcTlsOptions | undefined;
  readonly #server: net.Server;
  readonly #registry: EndpointRegistry;
  readonly #inbound = new Set<net.Socket>();
  readonly #outbound = new Map<string, TcpConnection>();
  #transportClosed = false;
  #closing: Promise<void> | undefined;

  /** Listens, then resolves with the running service. */
  static async create(options: TcpRpcServiceOptions = {}): Promise<TcpRpcService> {
    const host = options.host ?? '127.0.0.1';
    const bindHost = options.bindHost ?? host;
    const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isSafeInteger(maxFrameBytes) || maxFrameBytes < 1024 || maxFrameBytes > 0xffff_ffff) {
      throw new WeirError('CONFIG_INVALID_VALUE', `RPC maxFrameBytes must be an integer from 1024 to 4294967295, got ${maxFrameBytes}`);
    }
    const defaultTimeoutMs = resolveTimeoutMs(undefined, options.defaultTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS);
    const server = options.tls === undefined
      ? net.createServer()
      : tls.createServer({ ...tlsCredentials(options.tls), requestCert: true, rejectUnauthorized: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, bindHost, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      throw new WeirError(
        'RPC_CONNECTION_FAILED',
        `Could not listen for RPC on ${bindHost}:${options.port ?? 0}: ${errorMessage(error)}; choose a free port or another bind host`,
        { cause: error },
      );
    });
    const bound = server.address();
    const port = typeof bound === 'object' && bound !== null ? bound.port : 0;
    return new TcpRpcService(server, {
      host,
      port,
      defaultTimeoutMs,
      maxFrameBytes,
      tls: options.tls,
      logger: options.logger ?? consoleRpcLogger,
    });
  }

  private constructor(
    server: net.Server,
    settings: {
      host: string;
      port: number;
      defaultTimeoutMs: number;
      maxFrameBytes: number;
      tls: TcpRpcTlsOptions | undefined;
      logger: RpcLogger;
    },
  ) {
    this.#server = server;
    this.host = settings.host;
    this.port = settings.port;
    this.address = formatTcpServiceAddress(settings.host, settings.port);
    this.defaultTimeoutMs = settings.defaultTimeoutMs;
    this.maxFrameBytes = settings.maxFrameBytes;
    this.#tls = settings.tls;
    this.logger = settings.logger;
    this.#registry = new EndpointRegistry(this.address);
    // With TLS, 'connection' is the raw socket before the handshake: tracking it lets
    // close() end half-open handshakes too.
    server.on('connection', (socket: net.Socket) => this.#track(socket));
    server.on(this.#tls === undefined ? 'connection' : 'secureConnection', (socket: net.Socket) => this.#serve(socket));
    server.on('tlsClientError', (error: Error, socket: net.Socket) => {
      this.logger.warn(`Refused an RPC connection from ${socket.remoteAddress ?? 'unknown'}: TLS failed: ${errorMessage(error)}`);
    });
  }

  /** Open sockets: accepted from peers, and dialled to peers (one per remote service). */
  get connectionCount(): { readonly inbound: number; readonly outbound: number } {
    return { inbound: this.#inbound.size, outbound: [...this.#outbound.values()].filter((c) => !c.isClosed).length };
  }

  startServer(endpoint: RpcEndpoint): string {
    if (this.#closing !== undefined) {
      throw new WeirError('RPC_ENDPOINT_STOPPED', `${this.address} is closed; it cannot serve ${endpoint.endpointId}`);
    }
    this.#registry.add(endpoint);
    return `${this.address}/${endpoint.endpointId}`;
  }

  stopServer(endpoint: RpcEndpoint): void {
    this.#registry.remove(endpoint);
  }

  connect<G extends RpcGateway<G>>(address: string, options?: ConnectOptions): Promise<G> {
    return this.#connect<G>(address, undefined, options);
  }

  connectFenced<G extends RpcGateway<G>>(address: string, fencingToken: string, options?: ConnectOptions): Promise<G> {
    return this.#connect<G>(address, fencingToken, options);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #connect<G>(address: string, fencingToken: string | undefined, options: ConnectOptions | undefined): Promise<G> {
    const target = parseRpcAddress(address);
    if (target.kind !== 'tcp') {
      throw new WeirError('RPC_INVALID_ADDRESS', `${this.address} reaches only weir:// addresses, not ${address}; local:// addresses live in another process's LocalRpcService`);
    }
    const timeoutMs = resolveTimeoutMs(options, this.defaultTimeoutMs);
    const { host, port, endpointId } = target;
    await this.#send(host, port, (id) => ({ k: MessageKind.HELLO, id, ep: endpointId }), `${address} (connect)`, timeoutMs);
    return createGatewayProxy<G>(address, (method, args) =>
      this.#send(
        host,
        port,
        (id) => ({ k: MessageKind.CALL, id, ep: endpointId, m: method, a: args, f: fencingToken ?? null }),
        `${address}#${method}`,
        timeoutMs,
      ));
  }

  #send(host: string, port: number, build: (id: number) => RequestMessage, call: string, timeoutMs: number): Promise<unknown> {
    if (this.#transportClosed) {
      return Promise.reject(new WeirError('RPC_CONNECTION_FAILED', `${this.address} is closed; it cannot send ${call}`));
    }
    const key = `${host}:${port}`;
    let connection = this.#outbound.get(key);
    if (connection === undefined || connection.isClosed) {
      connection = new TcpConnection({
        host,
        port,
        tls: this.#tls,
        maxFrameBytes: this.maxFrameBytes,
        connectTimeoutMs: this.defaultTimeoutMs,
        logger: this.logger,
      });
      this.#outbound.set(key, connection);
    }
    return connection.call(build, call, timeoutMs);
  }

  #track(socket: net.Socket): void {
    if (this.#transportClosed) {
      socket.destroy();
      return;
    }
    this.#inbound.add(socket);
    socket.once('close', () => this.#inbound.delete(socket));
    socket.on('error', (error) => this.logger.debug(`RPC connection from ${socket.remoteAddress ?? 'unknown'} failed: ${errorMessage(error)}`));
  }

  #serve(socket: net.Socket): void {
    if (this.#tls !== undefined) {
      // The TLS socket is a second emitter over the tracked raw one; an unheard 'error' would crash the process.
      socket.on('error', (error) => this.logger.debug(`TLS RPC connection from ${socket.remoteAddress ?? 'unknown'} failed: ${errorMessage(error)}`));
    }
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    const decoder = new FrameDecoder(this.maxFrameBytes);
    socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = decoder.push(chunk);
      } catch (error) {
        this.#refuse(socket, error);
        return;
      }
      for (const frame of frames) {
        let message;
        try {
          message = decodeMessage(frame);
        } catch (error) {
          this.#refuse(socket, error);
          return;
        }
        if (message.k === MessageKind.HELLO) {
          const id = message.id;
          try {
            this.#registry.get(message.ep);
            this.#reply(socket, { k: MessageKind.RESULT, id, v: true });
          } catch (error) {
            this.#reply(socket, { k: MessageKind.ERROR, id, e: toRemoteErrorPayload(error) });
          }
        } else if (message.k === MessageKind.CALL) {
          const id = message.id;
          this.#registry.dispatch(message.ep, message.m, message.a, message.f ?? undefined).then(
            (value) => this.#reply(socket, { k: MessageKind.RESULT, id, v: value }, message.m),
            (error: unknown) => this.#reply(socket, { k: MessageKind.ERROR, id, e: toRemoteErrorPayload(error) }),
          );
        } else {
          this.#refuse(socket, new Error(`a client sent a reply (kind ${message.k}) on a server connection`));
          return;
        }
      }
    });
  }

  // A reply that cannot be encoded still answers its call, with the reason.
  #reply(socket: net.Socket, message: ReplyMessage, method?: string): void {
    if (socket.destroyed) return;
    let frame: Buffer;
    try {
      frame = encodeFrame(message, this.maxFrameBytes, `The result of ${method ?? 'an RPC call'}`);
    } catch (error) {
      frame = encodeFrame({ k: MessageKind.ERROR, id: message.id, e: toRemoteErrorPayload(error) }, this.maxFrameBytes, 'An RPC error reply');
    }
    socket.write(frame);
  }

  #refuse(socket: net.Socket, error: unknown): void {
    this.logger.warn(`Closing the RPC connection from ${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? '?'}: ${errorMessage(error)}`);
    socket.destroy();
  }

  // Endpoints stop first, while calls still work, because an onStop may say goodbye to
  // other components; then sockets close, failing whatever is still in flight.
  async #close(): Promise<void> {
    const stops = await Promise.allSettled(this.#registry.all().map((endpoint) => endpoint.stop()));
    for (const stop of stops) {
      if (stop.status === 'rejected') this.logger.error(`An endpoint of ${this.address} failed to stop`, stop.reason);
    }
    this.#transportClosed = true;
    const serverClosed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    const inboundClosed = [...this.#inbound].map((socket) => new Promise<void>((resolve) => {
      if (socket.closed) resolve();
      else socket.once('close', () => resolve());
      socket.destroy();
    }));
    const outboundClosed = [...this.#outbound.values()].map((connection) => connection.close(`${this.address} was closed`));
    this.#outbound.clear();
    await Promise.all([serverClosed, ...inboundClosed, ...outboundClosed]);
  }
}
