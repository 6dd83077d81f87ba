/**
 * Thread dumps of this process's worker threads: a TaskManager's slot threads, a
 * JobManager's coordinator threads (Flink's `/taskmanagers/:id/thread-dump` and
 * `/jobmanager/thread-dump`).
 *
 * A thread stuck in a user function never reads a message, so it cannot be asked for its
 * stack. The dump goes through the inspector instead: the process attaches to each worker
 * (the NodeWorker domain), asks V8 to pause it at its next JavaScript statement, reads the
 * call frames and resumes it at once. A thread that runs no JavaScript within the wait is
 * idle in its event loop, and is reported so.
 */
import { Session } from 'node:inspector';

export interface ThreadInfo {
  readonly threadName: string;
  readonly stringifiedThreadInfo: string;
}

/** How a dumped thread is shown: its name, and what it runs. */
export interface DumpedThread {
  readonly threadName: string;
  readonly description: string;
}

/** Says how to show the worker of this `name` (the Worker's `name` option), or undefined to leave it out. */
export type ThreadSelector = (workerName: string) => DumpedThread | undefined;

/** How long a thread may take to reach a JavaScript statement before it counts as idle. */
const PAUSE_WAIT_MS = 500;
/** How long the inspector may take to report the workers it attached to. */
const ATTACH_WAIT_MS = 1000;
const ATTACH_QUIET_MS = 50;

interface CallFrame {
  readonly functionName: string;
  readonly location: { readonly scriptId: string; readonly lineNumber: number; readonly columnNumber?: number };
}

/** `at fn (file:line:column)`, as a JavaScript stack trace reads. */
function frameLine(frame: CallFrame, scripts: ReadonlyMap<string, string>): string {
  // Job artifacts load with a cache-busting query; the file is what a reader looks for.
  const url = (scripts.get(frame.location.scriptId) ?? '').split('?')[0] ?? '';
  const where = url === '' ? '<native>' : `${url}:${frame.location.lineNumber + 1}:${(frame.location.columnNumber ?? 0) + 1}`;
  return `    at ${frame.functionName === '' ? '<anonymous>' : frame.functionName} (${where})`;
}

class WorkerDebugger {
  #nextId = 0;
  readonly #replies = new Map<number, () => void>();
  #onPaused: ((frames: readonly CallFrame[]) => void) | undefined;
  /** Script URLs by id: V8 names each script it knows once the debugger is enabled. */
  readonly scripts = new Map<string, string>();

  constructor(
    private readonly session: Session,
    private readonly sessionId: string,
  ) {}

  /** A message the worker sent back through the NodeWorker domain. */
  receive(message: string): void {
    const parsed = JSON.parse(message) as { id?: number; method?: string; params?: { callFrames?: readonly CallFrame[]; scriptId?: string; url?: string } };
    if (parsed.id !== undefined) {
      this.#replies.get(parsed.id)?.();
      this.#replies.delete(parsed.id);
    } else if (parsed.method === 'Debugger.scriptParsed') {
      if (parsed.params?.scriptId !== undefined) this.scripts.set(parsed.params.scriptId, parsed.params.url ?? '');
    } else if (parsed.method === 'Debugger.paused') {
      this.#onPaused?.(parsed.params?.callFrames ?? []);
    }
  }

  send(method: string): Promise<void> {
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#replies.set(id, resolve);
      this.session.post('NodeWorker.sendMessageToWorker', { sessionId: this.sessionId, message: JSON.stringify({ id, method }) }, (error) => {
        if (error !== null) reject(error);
      });
    });
  }

  /** The thread's stack at its next JavaScript statement; undefined when it ran none in time. */
  async stack(): Promise<readonly CallFrame[] | undefined> {
    const paused = new Promise<readonly CallFrame[]>((resolve) => {
      this.#onPaused = resolve;
    });
    await this.send('Debugger.enable');
    await this.send('Debugger.pause');
    let timer: NodeJS.Timeout | undefined;
    const frames = await Promise.race([paused, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), PAUSE_WAIT_MS)))]);
    clearTimeout(timer);
    // Resumes a paused thread; detaching later drops a pause that never happened.
    await this.send('Debugger.resume').catch(() => undefined);
    await this.send('Debugger.disable').catch(() => undefined);
    return frames;
  }
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error === null ? resolve(result as T) : reject(error))));
}

/** Dumps the worker threads of this process that `select` names, in the order they were attached. */
export async function dumpThreads(select: ThreadSelector): Promise<ThreadInfo[]> {
  const session = new Session();
  session.connect();
  const debuggers = new Map<string, WorkerDebugger>();
  const chosen: { readonly thread: DumpedThread; readonly attached: WorkerDebugger }[] = [];
  session.on('NodeWorker.attachedToWorker', ({ params }) => {
    const attached = new WorkerDebugger(session, params.sessionId);
    debuggers.set(params.sessionId, attached);
    // A worker's title is "[worker N] <name>".
    const thread = select(params.workerInfo.title.replace(/^\[worker \d+\] /, ''));
    if (thread !== undefined) chosen.push({ thread, attached });
  });
  session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => debuggers.get(params.sessionId)?.receive(params.message));
  try {
    await post(session, 'NodeWorker.enable', { waitForDebuggerOnStart: false });
    // The inspector reports each live worker attached as it reaches it; none come after a quiet spell.
    let seen = -1;
    const attachBy = Date.now() + ATTACH_WAIT_MS;
    while (Date.now() < attachBy && debuggers.size !== seen) {
      seen = debuggers.size;
      await new Promise((resolve) => setTimeout(resolve, ATTACH_QUIET_MS));
    }
    return await Promise.all(
      chosen.map(async ({ thread, attached }) => {
        const frames = await attached.stack();
        const stack =
          frames === undefined
            ? '    (idle: waiting in its event loop for work, a timer or a message)'
            : frames.map((frame) => frameLine(frame, attached.scripts)).join('\n');
        return { threadName: thread.threadName, stringifiedThreadInfo: `"${thread.threadName}" ${thread.description}\n${stack}\n` };
      }),
    );
  } finally {
    for (const sessionId of debuggers.keys()) await post(session, 'NodeWorker.detach', { sessionId }).catch(() => undefined);
    session.disconnect();
  }
}
