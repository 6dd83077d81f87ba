interface PendingCall {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Calls waiting for their answer, by request id. Each settles exactly once: by its
 * answer, by its timeout, or by `rejectAll` when its connection or service goes away;
 * whatever comes later for that id is ignored.
 */
export class PendingCalls {
  #nextId = 1;
  readonly #calls = new Map<number, PendingCall>();

  get size(): number {
    return this.#calls.size;
  }

  /** Registers a call; its promise rejects with `timeoutError()` after `timeoutMs`. */
  start(timeoutMs: number, timeoutError: () => Error): { readonly id: number; readonly promise: Promise<unknown> } {
    const id = this.#nextId++;
    const promise = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#calls.delete(id);
        reject(timeoutError());
      }, timeoutMs);
      this.#calls.set(id, { resolve, reject, timer });
    });
    return { id, promise };
  }

  /** Returns false when the call already settled (typically: it timed out). */
  resolve(id: number, value: unknown): boolean {
    const call = this.#take(id);
    call?.resolve(value);
    return call !== undefined;
  }

  reject(id: number, error: unknown): boolean {
    const call = this.#take(id);
    call?.reject(error);
    return call !== undefined;
  }

  rejectAll(error: () => Error): void {
    const calls = [...this.#calls.values()];
    this.#calls.clear();
    for (const call of calls) {
      clearTimeout(call.timer);
      call.reject(error());
    }
  }

  #take(id: number): PendingCall | undefined {
    const call = this.#calls.get(id);
    if (call === undefined) return undefined;
    this.#calls.delete(id);
    clearTimeout(call.timer);
    return call;
  }
}
