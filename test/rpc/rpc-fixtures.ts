import assert from 'node:assert/strict';
import { WeirError, type WeirErrorCode } from '../../src/core/errors.js';
import { FencedRpcEndpoint, RpcEndpoint, unfencedMethods } from '../../src/rpc/index.js';
import type { RpcLogger } from '../../src/rpc/index.js';

/** The gateway the contract suite talks to. */
export interface EchoGateway {
  echo<T>(value: T): Promise<T>;
  delayedEcho<T>(value: T, delayMs: number): Promise<T>;
  fail(message: string, code?: WeirErrorCode): Promise<never>;
  failWithCause(): Promise<never>;
  hang(): Promise<never>;
  bytes(length: number): Promise<Uint8Array>;
  /** Calls `bounce` on the endpoint at `address` until depth reaches 0, to show nested calls back into a caller complete. */
  bounce(address: string, depth: number): Promise<number>;
}

export class EchoEndpoint extends RpcEndpoint implements EchoGateway {
  readonly events: string[] = [];
  // Arrow fields: tests reach the protected helpers through them, and being instance
  // fields they are not remotely callable.
  readonly enqueue = (event: string, action?: () => unknown): void =>
    this.runAsync(() => {
      this.events.push(event);
      return action?.();
    });
  readonly schedule = (event: string, delayMs: number) => this.scheduleRunAsync(() => this.events.push(event), delayMs);

  async echo<T>(value: T): Promise<T> {
    return value;
  }

  delayedEcho<T>(value: T, delayMs: number): Promise<T> {
    return new Promise((resolve) => setTimeout(() => resolve(value), delayMs));
  }

  async fail(message: string, code?: WeirErrorCode): Promise<never> {
    if (code === undefined) throw new TypeError(message);
    throw new WeirError(code, message);
  }

  async failWithCause(): Promise<never> {
    throw new WeirError('JOB_FAILED', 'the job failed', { cause: new RangeError('index 7 out of range') });
  }

  hang(): Promise<never> {
    return new Promise(() => {});
  }

  async bytes(length: number): Promise<Uint8Array> {
    return new Uint8Array(length).fill(7);
  }

  async bounce(address: string, depth: number): Promise<number> {
    if (depth === 0) return 0;
    const other = await this.rpcService.connect<EchoGateway>(address, { timeoutMs: 5_000 });
    return 1 + (await other.bounce(this.address, depth - 1));
  }

  async _secret(): Promise<string> {
    return 'underscore methods are not callable';
  }
}

/** A leader-owned endpoint: `whoIsLeader` is fenced, `register` is not. */
export interface LeaderGateway {
  whoIsLeader(): Promise<string>;
  register(name: string): Promise<string>;
}

export class LeaderEndpoint extends FencedRpcEndpoint<string> implements LeaderGateway {
  static override readonly unfencedMethods = unfencedMethods<LeaderGateway>('register');
  readonly grantLeadership = (token: string | null): void => this.setFencingToken(token);

  async whoIsLeader(): Promise<string> {
    return this.fencingToken ?? 'nobody';
  }

  async register(name: string): Promise<string> {
    return `registered ${name}`;
  }
}

/** Keeps log lines for assertions instead of printing them. */
export class RecordingLogger implements RpcLogger {
  readonly entries: Array<{ level: 'debug' | 'warn' | 'error'; message: string }> = [];
  debug(message: string): void {
    this.entries.push({ level: 'debug', message });
  }
  warn(message: string): void {
    this.entries.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.entries.push({ level: 'error', message });
  }
  messages(level: 'debug' | 'warn' | 'error'): string[] {
    return this.entries.filter((e) => e.level === level).map((e) => e.message);
  }
}

/** Asserts that `promise` rejects with one of `codes`, and returns the error. */
export async function rejectsWithCode(promise: Promise<unknown>, ...codes: string[]): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`);
    const code = (error as { code?: unknown }).code;
    assert.ok(typeof code === 'string' && codes.includes(code), `expected code ${codes.join(' or ')}, got ${String(code)}: ${error.message}`);
    return error as Error & { code?: string };
  }
  assert.fail(`expected a rejection with ${codes.join(' or ')}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `condition` holds, failing after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
