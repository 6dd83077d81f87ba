/**
 * Rebuilds a program's StreamGraph where user code must run (a slot, the JobMaster's
 * coordinator thread): imports the artifact with the arguments the client saw, lets the
 * program's earlier execute() calls return at once, and captures the graph of the call
 * the client submitted. The graph holds the user's closures, so tasks run them as written.
 */
import { pathToFileURL } from 'node:url';
import { setPipelineExecutor } from '../../api/execution-context.js';
import { JobExecutionResult, type JobClient } from '../../api/job-client.js';
import { WeirError, errorMessage } from '../../core/errors.js';
import type { StreamGraph, StreamNodeDescriptor } from '../../graph/stream-graph.js';
import type { ProgramSpec } from '../deployment.js';
import { installApiForArtifacts } from './api-global.js';

let loads = 0;

const NEVER = new Promise<never>(() => {});

/** A finished, empty job: what execute() calls before the wanted one see in a slot. */
function skippedJob(): JobClient {
  return {
    jobId: '00000000000000000000000000000000',
    getJobStatus: () => Promise.resolve('FINISHED'),
    cancel: () => Promise.resolve(),
    getJobExecutionResult: () => Promise.resolve(new JobExecutionResult({ jobId: '', jobName: '', netRuntimeMs: 0 })),
    fetchCollectResults: () => Promise.resolve({ records: [], finished: true }),
  };
}

/**
 * Runs the artifact's main and returns the graph of its `ordinal`-th execute() call.
 * Loads are serialised by the caller's queue: `process.argv` and the executor are global.
 */
export async function loadProgram(artifactPath: string, program: ProgramSpec, ordinal: number): Promise<StreamGraph> {
  await installApiForArtifacts();
  const unmute = muteProgramOutput();
  return new Promise<StreamGraph>((resolve, reject) => {
    let captured = false;
    setPipelineExecutor({
      defaults: program.defaults,
      execute: ({ streamGraph, ordinal: n }) => {
        if (n < ordinal) return Promise.resolve(skippedJob());
        if (!captured && n === ordinal) {
          captured = true;
          unmute();
          resolve(streamGraph);
        }
        return NEVER;
      },
    });
    process.argv = [process.argv[0] ?? 'node', program.entry, ...program.args];
    // A fresh URL per load: a module evaluates once per URL, and each job attempt must rebuild its own graph.
    const url = `${pathToFileURL(artifactPath).href}?load=${++loads}`;
    import(url).then(
      () => {
        unmute();
        if (!captured) {
          reject(
            new WeirError(
              'GRAPH_MISMATCH',
              `the program ended in the slot after ${ordinal === 0 ? 'no' : 'fewer'} execute() calls, but the client submitted the job of execute() call #${ordinal + 1}; a program must run the same way in the client and in the slots`,
            ),
          );
        }
      },
      (error: unknown) => {
        unmute();
        if (!captured) {
          reject(
            new WeirError('ARTIFACT_LOAD_FAILED', `the program failed while rebuilding its job in the slot: ${errorMessage(error)}`, {
              cause: error,
            }),
          );
        }
      },
    );
  });
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const;

/**
 * While main is re-run to rebuild the job, what it prints was already printed by the
 * client: in the slots it would only repeat (once per slot, with empty results for the
 * execute() calls before the wanted one). Returns the function that turns output back on.
 */
function muteProgramOutput(): () => void {
  const saved = CONSOLE_METHODS.map((name) => [name, console[name]] as const);
  const write = process.stdout.write;
  const writeErr = process.stderr.write;
  const silent = (): boolean => true;
  for (const name of CONSOLE_METHODS) console[name] = () => undefined;
  process.stdout.write = silent as typeof process.stdout.write;
  process.stderr.write = silent as typeof process.stderr.write;
  let muted = true;
  return () => {
    if (!muted) return;
    muted = false;
    for (const [name, method] of saved) (console as unknown as Record<string, unknown>)[name] = method;
    process.stdout.write = write;
    process.stderr.write = writeErr;
  };
}

/**
 * Checks that the slot built the graph the client submitted, naming the first operator
 * that differs.
 */
export function verifyGraph(expected: readonly StreamNodeDescriptor[], actual: StreamGraph): void {
  const rebuilt = actual.describe();
  const count = Math.max(expected.length, rebuilt.length);
  for (let i = 0; i < count; i++) {
    const want = expected[i];
    const got = rebuilt[i];
    if (want === undefined || got === undefined) {
      const extra = (want ?? got) as StreamNodeDescriptor;
      throw mismatch(
        `operator '${extra.name}' (node ${extra.id}) exists ${want === undefined ? 'only in the slot' : 'only in the client'}`,
      );
    }
    for (const field of ['name', 'kind', 'parallelism', 'maxParallelism', 'uid', 'slotSharingGroup', 'chaining'] as const) {
      if (want[field] !== got[field]) {
        throw mismatch(
          `operator '${want.name}' (node ${want.id}) has ${field} ${JSON.stringify(got[field])} in the slot but ${JSON.stringify(want[field])} in the client`,
        );
      }
    }
    if (JSON.stringify(want.inputs) !== JSON.stringify(got.inputs)) {
      throw mismatch(`operator '${want.name}' (node ${want.id}) has different inputs in the slot than in the client`);
    }
  }
}

function mismatch(detail: string): WeirError {
  return new WeirError(
    'GRAPH_MISMATCH',
    `the program built a different job graph in the slot than in the client: ${detail}. The program's main must build the same graph on every run: do not make it depend on time, randomness, the machine or files only the client can read`,
  );
}
