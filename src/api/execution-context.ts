/**
 * Where `execute()` sends a program. The same program runs in three places: in the
 * client (the executor submits the job), in each slot and in the JobMaster's coordinator
 * thread (the executor captures the rebuilt graph so tasks get the user's functions), and
 * standalone (run directly with no `weir` command: a local mini cluster is started).
 */
import type { StreamGraph } from '../graph/stream-graph.js';
import type { JobClient } from './job-client.js';
import type { CheckpointingMode } from './checkpoint.js';

export interface EnvironmentDefaults {
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly chainingEnabled: boolean;
}

export interface PipelineExecutor {
  readonly defaults: EnvironmentDefaults;
  execute(request: {
    readonly streamGraph: StreamGraph;
    readonly ordinal: number;
    readonly jobParameters: Readonly<Record<string, string>>;
    /** Set when the program called `env.enableCheckpointing(...)`. */
    readonly checkpointing?: { readonly intervalMs: number; readonly mode: CheckpointingMode } | undefined;
  }): Promise<JobClient>;
}

const EXECUTOR = Symbol.for('weir.pipelineExecutor');
const ORDINAL = Symbol.for('weir.executionOrdinal');

interface ExecutorSlot {
  [EXECUTOR]?: PipelineExecutor;
  [ORDINAL]?: number;
}

const slot = globalThis as ExecutorSlot;

/** Installs the executor for programs run from now on in this thread, and restarts the execute() count. */
export function setPipelineExecutor(executor: PipelineExecutor | undefined): void {
  if (executor === undefined) delete slot[EXECUTOR];
  else slot[EXECUTOR] = executor;
  slot[ORDINAL] = 0;
}

export function currentPipelineExecutor(): PipelineExecutor | undefined {
  return slot[EXECUTOR];
}

/** Numbers execute() calls so the slot can find the same call the client made. */
export function nextExecutionOrdinal(): number {
  const ordinal = slot[ORDINAL] ?? 0;
  slot[ORDINAL] = ordinal + 1;
  return ordinal;
}
