import net from 'node:net';
import tls from 'node:tls';
import { WeirError, errorMessage } from '../core/errors.js';
import { PendingCalls } from './pending-calls.js';
import { fromRemoteErrorPayload } from './remote-error.js';
import type { RpcLogger } from './rpc-service.js';
import { rpcTimeoutError } from './rpc-service.js';
import { FrameDecoder, MessageKind, decodeMessage, encodeFrame, type RequestMessage } from './wire-format.js';

/** PEM contents for mutually authenticated TLS (Flink's `security.ssl.internal.*`). */
export interface TcpRpcTlsOptions {
  readonly key: string | Buffer;
  /** Decrypts `key` when it is an encrypted PEM (`security.ssl.internal.key-password`). */
  readonly passphrase?: string;
  readonly cert: string | Buffer;
  /** The certificates (or CA) this side trusts; peers must present one signed by it. */
  readonly ca: string | Buffer;
  /**
   * Also require the server certificate to name the host dialled. Off by default, as
   * for Flink's internal SSL: trust comes from the cluster's own CA, and one
   * certificate usually serves every host of the cluster.
   */
  readonly verifyHostname?: boolean;
}

/** The key, certificate, CA and passphrase of `options`, as Node's TLS sockets and servers take them. */
export function tlsCredentials(options: TcpRpcTlsOptions): tls.SecureContextOptions {
  return {
    key: options.key,
    cert: options.cert,
    ca: options.ca,
    ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
  };
}

/** Settings an outbound connection takes from its service. */
export interface TcpConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: TcpRpcTlsOptions | undefined;
  readonly maxFrameBytes: number;
  readonly connectTimeoutMs: number;
  readonly logger: RpcLogger;
}

/**
 * One outbound connection to one remote RpcService, shared by every gateway to it;
 * calls are multiplexed by request id. When the socket closes, for whatever reason,
 * every call in flight fails with RPC_CONNECTION_FAILED and the connection is done:
 * the service opens a new one for the next call.
 */
export class TcpConnection {
  readonly #options: TcpConnectionOptions;
  readonly #socket: net.Socket;
  readonly #decoder: FrameDecoder;
  readonly #pending = new PendingCalls();
  readonly #closed: Promise<void>;
  #isClosed = false;
  #failure: string | undefined;

  constructor(options: TcpConnectionOptions) {
    this.#options = options;
    this.#decoder = new FrameDecoder(options.maxFrameBytes);
    const { host, port } = options;
    this.#socket = options.tls === undefined
      ? net.connect({ host, port })
      : tls.connect({
        host,
        port,
        ...tlsCredentials(options.tls),
        rejectUnauthorized: true,
        ...(options.tls.verifyHostname === true ? {} : { checkServerIdentity: () => undefined }),
      });
    this.#socket.setNoDelay(true);
    this.#socket.setKeepAlive(true, 30_000);
    // Calls have their own timeouts; this one only keeps a dial to a black hole from lingering.
    this.#socket.setTimeout(options.connectTimeoutMs, () => {
      this.#socket.destroy(new Error(`no connection within ${options.connectTimeoutMs} ms`));
    });
    this.#socket.once(options.tls === undefined ? 'connect' : 'secureConnect', () => this.#socket.setTimeout(0));
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.#socket.on('error', (error) => {
      this.#failure ??= errorMessage(error);
    });
    this.#closed = new Promise((resolve) => {
      this.#socket.once('close', () => {
        this.#onClose();
        resolve();
      });
    });
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Resolves once the socket is closed and every call in flight has failed. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  get peer(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }

  /** Sends a request built around its request id, and waits for its reply. */
  call(build: (id: number) => RequestMessage, call: string, timeoutMs: number): Promise<unknown> {
    if (this.#isClosed) return Promise.reject(this.#connectionError());
    const { id, promise } = this.#pending.start(timeoutMs, () => rpcTimeoutError(call, timeoutMs));
    try {
      this.#socket.write(encodeFrame(build(id), this.#options.maxFrameBytes, `The call ${call}`));
    } catch (error) {
      this.#pending.reject(id, error);
    }
    return promise;
  }

  /** Closes the socket; calls in flight fail with `reason`. */
  close(reason: string): Promise<void> {
    this.#failure ??= reason;
    this.#socket.destroy();
    return this.#closed;
  }

  #onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.#decoder.push(chunk);
    } catch (error) {
      this.#protocolError(error);
      return;
    }
    for (const frame of frames) {
      let message;
      try {
        message = decodeMessage(frame);
      } catch (error) {
        this.#protocolError(error);
        return;
      }
      let settled: boolean;
      if (message.k === MessageKind.RESULT) settled = this.#pending.resolve(message.id, message.v);
      else if (message.k === MessageKind.ERROR) settled = this.#pending.reject(message.id, fromRemoteErrorPayload(message.e));
      else {
        this.#protocolError(new Error(`a server sent a request (kind ${message.k}) on a client connection`));
        return;
      }
      if (!settled) this.#options.logger.debug(`Dropped a late RPC reply from ${this.peer} for request ${message.id}: the call had already timed out`);
    }
  }

  #protocolError(error: unknown): void {
    const reason = `${this.peer} broke the RPC protocol: ${errorMessage(error)}`;
    this.#options.logger.warn(`Closing the RPC connection: ${reason}`);
    this.#failure ??= reason;
    this.#socket.destroy();
  }

  #onClose(): void {
    this.#isClosed = true;
    this.#pending.rejectAll(() => this.#connectionError());
  }

  #connectionError(): WeirError {
    const reason = this.#failure ?? 'the peer closed the connection';
    return new WeirError(
      'RPC_CONNECTION_FAILED',
      `RPC connection to ${this.peer} failed: ${reason}; the next call reconnects (if this repeats, check that the process at that address runs and that TLS settings match)`,
    );
  }
}
