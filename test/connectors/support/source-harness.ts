/**
 * Drives FileSource readers and enumerators directly, as the runtime would, without a
 * cluster: split requests and assignments travel through microtasks, like operator events.
 */
import type { InputStatus, SourceReader, SourceReaderContext, SplitEnumeratorContext } from '../../../src/api/source.js';
import type { FileSourceSplit } from '../../../src/connectors/file/file-source-split.js';

export interface Assignment {
  readonly subtask: number;
  readonly splits?: readonly FileSourceSplit[];
  readonly noMoreSplits?: true;
}

/** Records what an enumerator hands out. */
export class RecordingEnumeratorContext implements SplitEnumeratorContext<FileSourceSplit> {
  readonly assignments: Assignment[] = [];
  private listeners: (() => void)[] = [];

  constructor(private readonly parallelism = 1) {}

  currentParallelism(): number {
    return this.parallelism;
  }

  registeredReaders(): readonly number[] {
    return Array.from({ length: this.parallelism }, (_, i) => i);
  }

  assignSplits(subtask: number, splits: readonly FileSourceSplit[]): void {
    this.assignments.push({ subtask, splits: [...splits] });
    this.notify();
  }

  signalNoMoreSplits(subtask: number): void {
    this.assignments.push({ subtask, noMoreSplits: true });
    this.notify();
  }

  /** Paths assigned so far, in order. */
  assignedPaths(): string[] {
    return this.assignments.flatMap((a) => (a.splits ?? []).map((s) => s.path));
  }

  /** Resolves once `count` answers were given, or rejects after `timeoutMs`. */
  async waitForAnswers(count: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.assignments.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} answers within ${timeoutMs} ms, got ${JSON.stringify(this.assignments)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}

/** A reader context whose split requests are served from a fixed list, then "no more splits". */
export function servedReaderContext(
  splits: FileSourceSplit[],
  reader: () => SourceReader<string, FileSourceSplit>,
): SourceReaderContext & { requests: number } {
  const ctx = {
    indexOfSubtask: 0,
    parallelism: 1,
    requests: 0,
    sendSplitRequest(): void {
      ctx.requests++;
      queueMicrotask(() => {
        const split = splits.shift();
        if (split === undefined) reader().notifyNoMoreSplits();
        else reader().addSplits([split]);
      });
    },
  };
  return ctx;
}

/** Polls like the source task does; returns what was emitted once the reader ends. */
export async function drain<T>(reader: SourceReader<T, FileSourceSplit>, timeoutMs = 10_000): Promise<T[]> {
  const out: T[] = [];
  await pollUntil(reader, out, () => false, timeoutMs);
  return out;
}

/**
 * Polls `reader` into `out` until it ends or `stop()` says so after a poll; returns the
 * last status.
 */
export async function pollUntil<T>(
  reader: SourceReader<T, FileSourceSplit>,
  out: T[],
  stop: (status: InputStatus) => boolean,
  timeoutMs = 10_000,
): Promise<InputStatus> {
  const deadline = Date.now() + timeoutMs;
  const output = { collect: (value: T) => out.push(value) };
  for (;;) {
    const status = reader.pollNext(output);
    if (status === 'END_OF_INPUT' || stop(status)) return status;
    if (status === 'NOTHING_AVAILABLE') {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the reader made no progress within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        reader.isAvailable(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]);
      clearTimeout(timer);
    }
  }
}

/** A split for a whole file, as the enumerator would make it. */
export function wholeFileSplit(path: string, length: number): FileSourceSplit {
  return { splitId: path, path, offset: 0, length, modificationTime: 0 };
}
