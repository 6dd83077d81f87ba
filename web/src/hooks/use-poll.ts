/**
 * Polls a loader while the component is mounted: the next request starts only after the
 * last one ended, so a slow JobManager is never flooded, and a hidden tab stops asking.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../api/client.js';

export interface Poll<T> {
  /** The last answer; kept while a later request fails, so the page does not blank. */
  readonly data: T | undefined;
  readonly error: string | undefined;
  /** True until the first answer (or failure) for the current subject. */
  readonly loading: boolean;
  readonly updatedAt: number | undefined;
  /** Loads now, without waiting for the next tick. */
  refresh(): void;
}

interface Answer<T> {
  /** Which subject (the caller's deps) the answer is for. */
  readonly subject: string;
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly updatedAt: number | undefined;
}

/**
 * `deps` name the subject (a job id, a tab): a new subject starts over and never shows
 * the old one's answer. `intervalMs` 0 loads once; changing it keeps the answer.
 */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs: number, deps: readonly unknown[]): Poll<T> {
  const subject = deps.map(String).join('\u0000');
  const [answer, setAnswer] = useState<Answer<T> | undefined>(undefined);
  const wake = useRef<() => void>(() => {});
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    const tick = async (): Promise<void> => {
      window.clearTimeout(timer);
      if (document.hidden && intervalMs > 0) {
        timer = window.setTimeout(() => void tick(), intervalMs);
        return;
      }
      try {
        const data = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setAnswer({ subject, data, error: undefined, updatedAt: Date.now() });
      } catch (error) {
        if (controller.signal.aborted) return;
        setAnswer((previous) => ({
          subject,
          data: previous?.subject === subject ? previous.data : undefined,
          error: errorText(error),
          updatedAt: previous?.subject === subject ? previous.updatedAt : undefined,
        }));
      }
      if (intervalMs > 0) timer = window.setTimeout(() => void tick(), intervalMs);
    };
    wake.current = () => void tick();
    void tick();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [intervalMs, subject]);

  const refresh = useCallback(() => wake.current(), []);
  const current = answer?.subject === subject ? answer : undefined;
  return {
    data: current?.data,
    error: current?.error,
    loading: current === undefined,
    updatedAt: current?.updatedAt,
    refresh,
  };
}
