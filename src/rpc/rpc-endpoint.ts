/**
 * RpcEndpoint and FencedRpcEndpoint: Flink's one-thread endpoints, in JavaScript.
 *
 * The main-thread model. Every incoming call and every `runAsync`/`scheduleRunAsync`
 * callback goes through the endpoint's mailbox and is started in arrival order, on a
 * later tick than the one that sent it. JavaScript runs one thing at a time, so the
 * synchronous part of a handler (everything up to its first `await`) is atomic with
 * respect to every other call and callback of the process: read and change the
 * endpoint's state there, and it needs no locks.
 *
 * An `await` yields. The mailbox does not wait for a handler's promise before
 * starting the next item, so other calls may run between a handler's `await` and its
 * continuation. Code after an `await` must treat what it read before as possibly
 * stale: re-check it (is this still the same attempt, allocation, leader session?) or
 * hand the continuation to `this.runAsync(...)`, which drops it once the endpoint has
 * stopped. Because the mailbox never blocks on a handler, A calling B calling back A
 * cannot deadlock, which in Flink it can when a handler blocks on an ask.
 *
 * The one way to stall an endpoint (and every other one in the process) is to keep
 * the thread: a long synchronous loop, a synchronous file read of unknown size, a
 * busy-wait for a reply. Handlers return to the event loop quickly; CPU-heavy work
 * belongs in a worker thread.
 *
 * What is callable remotely. Only methods defined on the endpoint class's prototype
 * chain below RpcEndpoint, excluding `constructor`, names starting with `_`, the
 * lifecycle and helper names of RpcEndpoint/FencedRpcEndpoint (start, stop, runAsync,
 * onStart, ...) and Object.prototype names. TypeScript's `private`/`protected` vanish
 * at run time, so a helper method that must not be callable is written `#helper()`
 * (or `_helper()`); instance fields, arrow-function fields included, are never callable.
 */
import { randomUUID } from 'node:crypto';
import { WeirError, errorMessage } from '../core/errors.js';
import { validateRpcName } from './rpc-address.js';
import type { RpcLogger, RpcService } from './rpc-service.js';

/** Used by RpcService implementations to deliver a call; not part of the public API. */
export const INVOKE_RPC = Symbol('weir.rpc.invoke');
const CHECK_FENCING = Symbol('weir.rpc.checkFencing');

/** Options for every endpoint; subclasses extend them with their collaborators. */
export interface RpcEndpointOptions {
  readonly rpcService: RpcService;
  /** Last path segment of the address (`dispatcher`, `resourcemanager_0`); default a random UUID. */
  readonly endpointId?: string;
}

/** A handle to a scheduled callback. */
export interface Cancellable {
  cancel(): void;
}

type EndpointState = 'CREATED' | 'RUNNING' | 'STOPPING' | 'STOPPED';

interface MailboxItem {
  run(): void;
  /** Called instead of `run` when the endpoint stops first. */
  drop(): void;
}

type RpcMethod = (...args: unknown[]) => unknown;

/**
 * Base class of every RPC endpoint. The constructor registers the endpoint with its
 * RpcService (so `address` is known at once); calls that arrive before `start()` wait
 * in the mailbox. `stop()` refuses new calls, drops queued ones, cancels scheduled
 * callbacks, runs `onStop()` and unregisters.
 *
 * @example
 * class TaskExecutor extends RpcEndpoint implements TaskExecutorGateway {
 *   async requestSlot(slot: SlotId, job: JobId): Promise<void> { ... }
 *   protected override async onStop(): Promise<void> { await this.#slots.freeAll(); }
 * }
 */
export abstract class RpcEndpoint {
  readonly rpcService: RpcService;
  readonly endpointId: string;
  /** `weir://host:port/<endpointId>` or `local://<service>/<endpointId>`. */
  readonly address: string;
  #state: EndpointState = 'CREATED';
  #mailbox: MailboxItem[] = [];
  #drainScheduled = false;
  readonly #timers = new Set<NodeJS.Timeout>();
  #stopped: Promise<void> | undefined;

  constructor(options: RpcEndpointOptions) {
    this.rpcService = options.rpcService;
    this.endpointId = options.endpointId ?? randomUUID();
    validateRpcName(this.endpointId, 'endpoint id');
    this.address = this.rpcService.startServer(this);
  }

  /** True between `start()` and `stop()`. */
  get isRunning(): boolean {
    return this.#state === 'RUNNING';
  }

  /** Starts taking calls: runs `onStart()` now (a synchronous throw stops the endpoint and is rethrown), then queued calls. */
  start(): void {
    if (this.#state === 'RUNNING') return;
    if (this.#state !== 'CREATED') {
      throw new WeirError('RPC_ENDPOINT_STOPPED', `Endpoint ${this.address} was stopped and cannot start again; create a new one`);
    }
    this.#state = 'RUNNING';
    let started: unknown;
    try {
      started = this.onStart();
    } catch (error) {
      this.stop().catch((stopError: unknown) => this.log.error(`Stopping ${this.address} after a failed start also failed`, stopError));
      throw error;
    }
    Promise.resolve(started).catch((error: unknown) => this.log.error(`onStart of ${this.address} failed`, error));
    this.#scheduleDrain();
  }

  /** Stops the endpoint; idempotent. Rejects if `onStop()` does, after unregistering anyway. */
  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  /** Hook run by `start()`; the endpoint takes calls right after its synchronous part. */
  protected onStart(): void | Promise<void> {}

  /** Hook run by `stop()` once new calls are refused; release what the endpoint holds. */
  protected onStop(): void | Promise<void> {}

  protected get log(): RpcLogger {
    return this.rpcService.logger;
  }

  /**
   * Runs `action` through the mailbox: after everything already queued, on a later
   * tick, never after the endpoint stopped. Errors (thrown or rejected) are logged.
   */
  protected runAsync(action: () => unknown): void {
    if (this.#state === 'STOPPING' || this.#state === 'STOPPED') {
      this.log.debug(`Dropped a callback for ${this.address}: the endpoint has stopped`);
      return;
    }
    this.#enqueue({ run: () => this.#runCallback(action), drop: () => {} });
  }

  /** Like `runAsync`, after `delayMs`; cancelled automatically by `stop()`. */
  protected scheduleRunAsync(action: () => unknown, delayMs: number): Cancellable {
    if (this.#state === 'STOPPING' || this.#state === 'STOPPED') {
      this.log.debug(`Dropped a scheduled callback for ${this.address}: the endpoint has stopped`);
      return { cancel: () => {} };
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.runAsync(action);
    }, Math.max(0, delayMs));
    this.#timers.add(timer);
    return {
      cancel: () => {
        clearTimeout(timer);
        this.#timers.delete(timer);
      },
    };
  }

  /** @internal Delivers one call; RpcService implementations use it, nothing else should. */
  [INVOKE_RPC](method: string, args: readonly unknown[], fencingToken: string | undefined): Promise<unknown> {
    if (this.#state === 'STOPPING' || this.#state === 'STOPPED') return Promise.reject(this.#stoppedError(method));
    const methods = rpcMethodsOf(this);
    const handler = methods.get(method);
    if (handler === undefined) {
      const callable = [...methods.keys()].sort().join(', ') || 'none';
      return Promise.reject(new WeirError(
        'RPC_METHOD_NOT_FOUND',
        `Endpoint ${this.address} has no RPC method '${method.slice(0, 100)}' (callable: ${callable}); check that caller and endpoint run the same Weir version`,
      ));
    }
    return new Promise((resolve, reject) => {
      this.#enqueue({
        run: () => {
          const refusal = this[CHECK_FENCING](method, fencingToken);
          if (refusal !== undefined) {
            reject(refusal);
            return;
          }
          try {
            Promise.resolve(Reflect.apply(handler, this, args)).then(resolve, reject);
          } catch (error) {
            reject(error);
          }
        },
        drop: () => reject(this.#stoppedError(method)),
      });
    });
  }

  /** Returns why a call must be refused, or undefined to let it run. */
  [CHECK_FENCING](method: string, fencingToken: string | undefined): WeirError | undefined {
    if (fencingToken === undefined) return undefined;
    return new WeirError(
      'RPC_FENCING_TOKEN_MISMATCH',
      `Endpoint ${this.address} is not fenced, but the call to ${method} carried a fencing token; connect to it with connect(), not connectFenced()`,
    );
  }

  async #stop(): Promise<void> {
    this.#state = 'STOPPING';
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const item of this.#mailbox.splice(0)) item.drop();
    try {
      await this.onStop();
    } finally {
      this.#state = 'STOPPED';
      this.rpcService.stopServer(this);
    }
  }

  #enqueue(item: MailboxItem): void {
    this.#mailbox.push(item);
    this.#scheduleDrain();
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled || this.#state !== 'RUNNING' || this.#mailbox.length === 0) return;
    this.#drainScheduled = true;
    setImmediate(() => this.#drain());
  }

  // Runs what was queued when the drain began; later arrivals wait a turn so I/O is not starved.
  #drain(): void {
    this.#drainScheduled = false;
    let budget = this.#mailbox.length;
    while (budget-- > 0 && this.#state === 'RUNNING') {
      const item = this.#mailbox.shift();
      if (item === undefined) break;
      item.run();
    }
    this.#scheduleDrain();
  }

  #runCallback(action: () => unknown): void {
    try {
      Promise.resolve(action()).catch((error: unknown) => this.#callbackFailed(error));
    } catch (error) {
      this.#callbackFailed(error);
    }
  }

  #callbackFailed(error: unknown): void {
    this.log.error(`A callback of ${this.address} failed: ${errorMessage(error)}`, error);
  }

  #stoppedError(method: string): WeirError {
    return new WeirError('RPC_ENDPOINT_STOPPED', `Endpoint ${this.address} is stopping and refused ${method.slice(0, 100)}; reconnect to its successor`);
  }
}

/** Options for a fenced endpoint; `fencingToken` null means "not the leader yet". */
export interface FencedRpcEndpointOptions<F extends string> extends RpcEndpointOptions {
  readonly fencingToken?: F | null;
}

/**
 * An endpoint owned by a leader (JobMaster, ResourceManager). Calls must carry the
 * endpoint's current fencing token (callers use `connectFenced`), so a caller that
 * still talks to a former leader's session is refused with RPC_FENCING_TOKEN_MISMATCH.
 * Methods listed in the static `unfencedMethods` accept calls with any token or none.
 *
 * @example
 * class ResourceManager extends FencedRpcEndpoint<ResourceManagerId> implements ResourceManagerGateway {
 *   static override readonly unfencedMethods = unfencedMethods<ResourceManagerGateway>('registerTaskExecutor');
 *   grantLeadership(token: ResourceManagerId): void { this.runAsync(() => this.setFencingToken(token)); }
 * }
 */
export abstract class FencedRpcEndpoint<F extends string = string> extends RpcEndpoint {
  /** Gateway methods that need no fencing token; declare with `unfencedMethods<Gateway>(...)`. */
  static readonly unfencedMethods: ReadonlySet<string> = new Set();
  #fencingToken: F | null;

  constructor(options: FencedRpcEndpointOptions<F>) {
    super(options);
    this.#fencingToken = options.fencingToken ?? null;
  }

  /** The token fenced calls must carry; null refuses every fenced call. */
  get fencingToken(): F | null {
    return this.#fencingToken;
  }

  /** Changes the token on leadership changes; calls carrying the old one are refused from now on. */
  protected setFencingToken(token: F | null): void {
    this.#fencingToken = token;
  }

  override [CHECK_FENCING](method: string, fencingToken: string | undefined): WeirError | undefined {
    const unfenced = (this.constructor as typeof FencedRpcEndpoint).unfencedMethods;
    if (unfenced.has(method)) return undefined;
    const expected = this.#fencingToken;
    if (expected !== null && fencingToken === expected) return undefined;
    const reason = expected === null
      ? 'it holds no fencing token (it is not the leader)'
      : fencingToken === undefined
        ? 'the call carried no fencing token; use connectFenced(address, token)'
        : `the call's token ${fencingToken.slice(0, 100)} is not the current ${expected} (a stale leader session)`;
    return new WeirError('RPC_FENCING_TOKEN_MISMATCH', `Endpoint ${this.address} refused ${method}: ${reason}; look up the current leader and reconnect`);
  }
}

/**
 * Declares which gateway methods a FencedRpcEndpoint serves without a fencing token,
 * checked against the gateway interface at compile time.
 */
export function unfencedMethods<G>(...names: ReadonlyArray<keyof G & string>): ReadonlySet<string> {
  return new Set(names);
}

const methodCache = new WeakMap<object, ReadonlyMap<string, RpcMethod>>();
let reservedNames: ReadonlySet<string> | undefined;

// Walks the prototype chain once per class: the allowlist is what the class defines,
// never whatever a property lookup on the instance would find.
function rpcMethodsOf(endpoint: RpcEndpoint): ReadonlyMap<string, RpcMethod> {
  const prototype = Object.getPrototypeOf(endpoint) as object;
  const cached = methodCache.get(prototype);
  if (cached !== undefined) return cached;
  reservedNames ??= new Set([
    ...Object.getOwnPropertyNames(Object.prototype),
    ...Object.getOwnPropertyNames(RpcEndpoint.prototype),
    ...Object.getOwnPropertyNames(FencedRpcEndpoint.prototype),
  ]);
  const methods = new Map<string, RpcMethod>();
  const seen = new Set<string>();
  for (
    let current: object | null = prototype;
    current !== null && current !== RpcEndpoint.prototype && current !== FencedRpcEndpoint.prototype;
    current = Object.getPrototypeOf(current) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(current)) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (name.startsWith('_') || reservedNames.has(name)) continue;
      const value: unknown = Object.getOwnPropertyDescriptor(current, name)?.value;
      if (typeof value === 'function') methods.set(name, value as RpcMethod);
    }
  }
  methodCache.set(prototype, methods);
  return methods;
}
