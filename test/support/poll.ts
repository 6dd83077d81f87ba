/** Polling for something a test waits on: a job state, a metric, a log line. */

/**
 * Calls `probe` every `intervalMs` until it returns a value other than undefined; a probe
 * that throws (a server not up yet) is tried again, unless `retries` says the error means
 * giving up, which then rejects at once. After `timeoutMs` it fails naming `what`, with
 * the probe's last error.
 */
export async function pollFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 100,
  retries: (error: unknown) => boolean = () => true,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (!retries(error)) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`${what} did not happen within ${timeoutMs} ms${lastError !== undefined ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
