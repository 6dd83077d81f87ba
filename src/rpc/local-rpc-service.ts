import { WeirError } from '../core/errors.js';
import { EndpointRegistry } from './endpoint-registry.js';
import { PendingCalls } from './pending-calls.js';
import { asRemoteError } from './remote-error.js';
import { formatLocalServiceAddress, parseRpcAddress, validateRpcName } from './rpc-address.js';
import type { RpcEndpoint } from './rpc-endpoint.js';
import { createGatewayProxy, type RpcGateway } from './rpc-gateway.js';
import {
  DEFAULT_RPC_TIMEOUT_MS,
  consoleRpcLogger,
  resolveTimeoutMs,
  rpcTimeoutError,
  type ConnectOptions,
  type RpcLogger,
  type RpcService,
} from './rpc-service.js';
import { packValue, unpackValue } from './wire-format.js';

/** Options for an in-process RPC service. */
export interface LocalRpcServiceOptions {
  /** Unique in the process; addresses are `local://<name>/<endpointId>`. Default `local-<n>`. */
  readonly name?: string;
  readonly defaultTimeoutMs?: number;
  readonly logger?: RpcLogger;
  /**
   * Copy arguments and results through the TCP wire format, so a test finds what a
   * remote call would lose (class prototypes, functions). Off by default: then values
   * pass by reference, and the callee must not keep or mutate what it is given.
   */
  readonly serializeMessages?: boolean;
}

// Every LocalRpcService in the process, so that one can reach another's endpoints as
// services in different processes would, and a service recreated under the same name
// is reached again by existing gateways.
const servicesByName = new Map<string, LocalRpcService>();
let unnamedServices = 0;

/**
 * In-process RPC: a call is a direct method call on the target endpoint, still
 * asynchronous (through the endpoint's mailbox, on a later tick), still bounded by the
 * per-call timeout, still fenced, and its errors look exactly as over TCP.
 *
 * @example
 * const rpc = new LocalRpcService({ name: 'minicluster' });
 * const dispatcher = new Dispatcher({ rpcService: rpc, endpointId: 'dispatcher' });
 * dispatcher.start();
 * const gateway = await rpc.connect<DispatcherGateway>(dispatcher.address);
 */
export class LocalRpcService implements RpcService {
  readonly name: string;
  readonly address: string;
  readonly defaultTimeoutMs: number;
  readonly logger: RpcLogger;
  readonly #serializeMessages: boolean;
  readonly #registry: EndpointRegistry;
  readonly #pending = new PendingCalls();
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: LocalRpcServiceOptions = {}) {
    this.name = options.name ?? `local-${++unnamedServices}`;
    validateRpcName(this.name, 'local RPC service name');
    if (servicesByName.has(this.name)) {
      throw new WeirError('RPC_INVALID_ADDRESS', `A LocalRpcService named '${this.name}' already runs in this process; close it or choose another name`);
    }
    this.address = formatLocalServiceAddress(this.name);
    this.defaultTimeoutMs = resolveTimeoutMs(undefined, options.defaultTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS);
    this.logger = options.logger ?? consoleRpcLogger;
    this.#serializeMessages = options.serializeMessages ?? false;
    this.#registry = new EndpointRegistry(this.address);
    servicesByName.set(this.name, this);
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
    if (target.kind !== 'local') {
      throw new WeirError('RPC_INVALID_ADDRESS', `${this.address} reaches only local:// addresses, not ${address}; use a TcpRpcService across processes`);
    }
    const timeoutMs = resolveTimeoutMs(options, this.defaultTimeoutMs);
    const { serviceName, endpointId } = target;
    await this.#call(address, 'connect', timeoutMs, async () => {
      this.#service(serviceName).#registry.get(endpointId);
    });
    return createGatewayProxy<G>(address, (method, args) =>
      this.#call(address, method, timeoutMs, async () => {
        const service = this.#service(serviceName);
        const result = await service.#registry.dispatch(endpointId, method, this.#copy(args, `the arguments of ${method}`), fencingToken);
        return this.#copy(result, `the result of ${method}`);
      }));
  }

  #call(address: string, method: string, timeoutMs: number, deliver: () => Promise<unknown>): Promise<unknown> {
    if (this.#closed) {
      return Promise.reject(new WeirError('RPC_CONNECTION_FAILED', `${this.address} is closed; it cannot call ${address}#${method}`));
    }
    const { id, promise } = this.#pending.start(timeoutMs, () => rpcTimeoutError(`${address}#${method}`, timeoutMs));
    deliver().then(
      (value) => this.#pending.resolve(id, value),
      (error: unknown) => this.#pending.reject(id, asRemoteError(error)),
    );
    return promise;
  }

  #service(serviceName: string): LocalRpcService {
    const service = servicesByName.get(serviceName);
    if (service === undefined) {
      throw new WeirError('RPC_ENDPOINT_NOT_FOUND', `No LocalRpcService named '${serviceName}' runs in this process; it was closed or never created`);
    }
    return service;
  }

  #copy<T>(value: T, what: string): T {
    return this.#serializeMessages ? (unpackValue(packValue(value, what)) as T) : value;
  }

  // Endpoints stop first, while calls still work, because an onStop may say goodbye to
  // other components (a JobMaster disconnecting from the ResourceManager).
  async #close(): Promise<void> {
    const stops = await Promise.allSettled(this.#registry.all().map((endpoint) => endpoint.stop()));
    for (const stop of stops) {
      if (stop.status === 'rejected') this.logger.error(`An endpoint of ${this.address} failed to stop`, stop.reason);
    }
    this.#closed = true;
    this.#pending.rejectAll(() => new WeirError('RPC_CONNECTION_FAILED', `${this.address} was closed while the call was in flight`));
    if (servicesByName.get(this.name) === this) servicesByName.delete(this.name);
  }
}
