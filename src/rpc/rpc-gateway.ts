/**
 * Gateways are how components see each other: a small interface of async methods in
 * its own file (`job-master-gateway.ts`), implemented by the endpoint class and
 * obtained by others through `RpcService.connect<JobMasterGateway>(address)`. A caller
 * imports only the interface file, so it can never reach into the endpoint's state.
 */

/**
 * The shape every gateway interface must have: methods only, each returning a Promise.
 * `RpcService.connect<G extends RpcGateway<G>>` uses it, so declaring a synchronous
 * method or a property on a gateway is a compile error at the first `connect`.
 *
 * @example
 * export interface TaskExecutorGateway {
 *   requestSlot(slot: SlotId, job: JobId, allocation: AllocationId): Promise<void>;
 *   heartbeatFromJobManager(from: ResourceId): Promise<void>;
 * }
 */
export type RpcGateway<G> = { readonly [K in keyof G]: (...args: never[]) => Promise<unknown> };

/** Sends one call; the transport owns timeouts, fencing tokens and error decoding. */
export type GatewayInvoker = (method: string, args: unknown[]) => Promise<unknown>;

/**
 * Builds the client-side gateway: any string property is a method that sends a call.
 * Unknown names are sent too, so the server (not the proxy) decides what is callable.
 * `then` is never a method, or awaiting the gateway would send a call.
 */
export function createGatewayProxy<G>(address: string, invoke: GatewayInvoker): G {
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const target: object = Object.create(null) as object;
  const handler: ProxyHandler<object> = {
    get(_target, property) {
      if (typeof property !== 'string' || property === 'then') return undefined;
      let method = methods.get(property);
      if (method === undefined) {
        method = function rpcCall(...args: unknown[]): Promise<unknown> {
          const callSite: { stack?: string } = {};
          Error.captureStackTrace(callSite, rpcCall);
          return invoke(property, args).catch((error: unknown) => {
            throw appendCallSite(error, `${address}#${property}`, callSite.stack);
          });
        };
        methods.set(property, method);
      }
      return method;
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  };
  return new Proxy(target, handler) as G;
}

// A remote stack alone does not say which local code made the call; the call site does.
function appendCallSite(error: unknown, call: string, callSiteStack: string | undefined): unknown {
  if (!(error instanceof Error)) return error;
  const frames = callSiteStack?.split('\n').slice(1).join('\n') ?? '';
  error.stack = `${error.stack ?? `${error.name}: ${error.message}`}\n    --- rpc call ${call} made at ---\n${frames}`;
  return error;
}
