import { WeirError } from '../core/errors.js';
import type { RpcEndpoint } from './rpc-endpoint.js';
import type { RpcGateway } from './rpc-gateway.js';

/** Flink's default ask timeout: how long a call waits for its answer. */
export const DEFAULT_RPC_TIMEOUT_MS = 10_000;

/** Per-gateway settings for `connect` and `connectFenced`. */
export interface ConnectOptions {
  /** Every call through this gateway fails with RPC_TIMEOUT after this long; default: the service's. */
  readonly timeoutMs?: number;
}

/** Where RPC machinery reports what it cannot throw to anyone (failed callbacks, bad peers). */
export interface RpcLogger {
  debug(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

/** Warnings and errors to stderr, debug dropped. */
export const consoleRpcLogger: RpcLogger = {
  debug: () => {},
  warn: (message, details) => console.warn(message, ...(details === undefined ? [] : [details])),
  error: (message, details) => console.error(message, ...(details === undefined ? [] : [details])),
};

/**
 * Gives endpoints addresses and callers gateways (Flink's RpcService). Two
 * implementations share one contract (test/rpc/rpc-service-contract.ts):
 * LocalRpcService inside a process and TcpRpcService across processes.
 *
 * @example
 * const service = await TcpRpcService.create({ host: '127.0.0.1', port: 6123 });
 * const rm = await service.connectFenced<ResourceManagerGateway>(rmAddress, rmToken);
 * await rm.registerJobMaster(jobId, jobMasterAddress);
 * await service.close();
 */
export interface RpcService {
  /** This service's base address (`weir://host:port` or `local://name`); endpoint addresses append `/<endpointId>`. */
  readonly address: string;
  readonly defaultTimeoutMs: number;
  readonly logger: RpcLogger;
  /** Registers an endpoint (RpcEndpoint's constructor does this) and returns its address. */
  startServer(endpoint: RpcEndpoint): string;
  /** Unregisters an endpoint (RpcEndpoint.stop does this); its address then answers RPC_ENDPOINT_NOT_FOUND. */
  stopServer(endpoint: RpcEndpoint): void;
  /**
   * Resolves once the endpoint at `address` is known to exist (else RPC_ENDPOINT_NOT_FOUND),
   * with a gateway whose calls carry no fencing token.
   */
  connect<G extends RpcGateway<G>>(address: string, options?: ConnectOptions): Promise<G>;
  /** Like `connect`, but every call carries `fencingToken`, which a FencedRpcEndpoint checks. */
  connectFenced<G extends RpcGateway<G>>(address: string, fencingToken: string, options?: ConnectOptions): Promise<G>;
  /** Stops every endpoint it serves, fails calls in flight, and releases sockets and timers. */
  close(): Promise<void>;
}

/** The per-call timeout for a gateway: validated, because a NaN timer fires at once. */
export function resolveTimeoutMs(options: ConnectOptions | undefined, defaultTimeoutMs: number): number {
  const timeoutMs = options?.timeoutMs ?? defaultTimeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    throw new WeirError('CONFIG_INVALID_VALUE', `RPC timeout must be a positive number of milliseconds below 2^31, got ${timeoutMs}`);
  }
  return timeoutMs;
}

/** The RPC_TIMEOUT error for a call that got no answer in time. */
export function rpcTimeoutError(call: string, timeoutMs: number): WeirError {
  return new WeirError(
    'RPC_TIMEOUT',
    `RPC ${call} got no answer within ${timeoutMs} ms: the endpoint is busy, blocked or unreachable; check its logs, or raise the RPC timeout if such calls are legitimately slow`,
  );
}
