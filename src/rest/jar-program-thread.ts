/**
 * The thread in which `POST /jars/:jarid/run` and `/plan` run a program's main. It
 * captures the first execute() call as a JobGraph (plain data, so it crosses back to the
 * server thread) and posts it, or posts why the program failed.
 *
 * Why not `loadProgram`: it returns only the StreamGraph, and the JobGraph also needs
 * the job parameters the program set, which arrive with the execute() call.
 * A program that ends without calling execute() lets this thread go idle and exit,
 * which the JarRunner reports; one that never gets there hits its time limit.
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { setPipelineExecutor } from '../api/execution-context.js';
import type { JobClient } from '../api/job-client.js';
import { serializeError } from '../core/errors.js';
import { JobId } from '../core/ids.js';
import { createJobGraph } from '../graph/job-graph.js';
import { installApiForArtifacts } from '../runtime/program/api-global.js';
import type { JarProgramReply, JarRunRequest } from './jar-runner.js';

const request = workerData as JarRunRequest;

function reply(message: JarProgramReply): void {
  parentPort?.postMessage(message);
}

const NEVER = new Promise<never>(() => {});

async function run(): Promise<void> {
  await installApiForArtifacts();
  setPipelineExecutor({
    defaults: request.program.defaults,
    execute: ({ streamGraph, ordinal, jobParameters }): Promise<JobClient> => {
      if (ordinal === 0) {
        try {
          const jobGraph = createJobGraph(streamGraph, {
            executionOrdinal: 0,
            jobParameters,
            ...(request.jobId !== undefined ? { jobId: JobId.of(request.jobId) } : {}),
          });
          reply({ type: 'graph', jobGraph });
        } catch (error) {
          // Answered here: a program may catch what its execute() throws and carry on.
          reply({ type: 'error', error: serializeError(error) });
        }
      }
      // The server submits the job; the program's main waits here until the thread ends.
      return NEVER;
    },
  });
  process.argv = [process.argv[0] ?? 'node', request.program.entry, ...request.program.args];
  await import(pathToFileURL(request.artifactPath).href);
}

run().catch((error: unknown) => reply({ type: 'error', error: serializeError(error) }));
