import { WeirError } from '../core/errors.js';
import { INVOKE_RPC, type RpcEndpoint } from './rpc-endpoint.js';

/** The server side both transports share: endpoints by id, and call delivery to them. */
export class EndpointRegistry {
  readonly #endpoints = new Map<string, RpcEndpoint>();

  constructor(private readonly serviceAddress: string) {}

  add(endpoint: RpcEndpoint): void {
    const existing = this.#endpoints.get(endpoint.endpointId);
    if (existing !== undefined && existing !== endpoint) {
      throw new WeirError(
        'RPC_ENDPOINT_ID_IN_USE',
        `An endpoint with id '${endpoint.endpointId}' already runs at ${this.serviceAddress}; stop it first or choose another id`,
      );
    }
    this.#endpoints.set(endpoint.endpointId, endpoint);
  }

  /** Removes `endpoint` only if it is the one registered under its id. */
  remove(endpoint: RpcEndpoint): void {
    if (this.#endpoints.get(endpoint.endpointId) === endpoint) this.#endpoints.delete(endpoint.endpointId);
  }

  all(): RpcEndpoint[] {
    return [...this.#endpoints.values()];
  }

  /** Throws RPC_ENDPOINT_NOT_FOUND unless an endpoint is registered under `endpointId`. */
  get(endpointId: string): RpcEndpoint {
    const endpoint = this.#endpoints.get(endpointId);
    if (endpoint === undefined) {
      throw new WeirError(
        'RPC_ENDPOINT_NOT_FOUND',
        `No RPC endpoint '${endpointId.slice(0, 128)}' at ${this.serviceAddress}: it has stopped or never ran there; look up the component's current address`,
      );
    }
    return endpoint;
  }

  dispatch(endpointId: string, method: string, args: readonly unknown[], fencingToken: string | undefined): Promise<unknown> {
    try {
      return this.get(endpointId)[INVOKE_RPC](method, args, fencingToken);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
