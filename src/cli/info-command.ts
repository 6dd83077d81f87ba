import type { StreamGraph } from '../graph/stream-graph.js';
import { createJobGraph } from '../graph/job-graph.js';
import { infoJson } from '../graph/plan.js';
import { environmentDefaults } from '../cluster/settings.js';
import { cliConfiguration } from './cli-configuration.js';
import type { CommonOptions } from './main.js';
import { printError } from './main.js';
import { prepareProgram } from './program-runner.js';
import { WeirError } from '../core/errors.js';

/** `weir info`: runs the program's main up to its first execute() and prints that job's plan. */
export async function infoCommand(job: string, args: readonly string[], options: CommonOptions): Promise<number> {
  const configuration = cliConfiguration(options);
  const program = await prepareProgram(job, args);
  try {
    const graph = await new Promise<StreamGraph>((resolve, reject) => {
      program
        .run({
          defaults: environmentDefaults(configuration),
          execute: ({ streamGraph }) => {
            resolve(streamGraph);
            return new Promise(() => {});
          },
        })
        .then(
          () => reject(new WeirError('GRAPH_INVALID', `${job} never called execute(): there is no job to describe`)),
          reject,
        );
    });
    process.stdout.write(`${JSON.stringify(infoJson(createJobGraph(graph)), null, 2)}\n`);
    return 0;
  } catch (error) {
    printError(error);
    return 1;
  } finally {
    await program.dispose();
  }
}
