/**
 * Running a program without the `weir` command (say `npx tsx job.ts`): the program itself
 * is bundled into the artifact and each job runs on a mini cluster started for it, as
 * Flink's local environment does when a program runs in the IDE.
 */
import { resolve } from 'node:path';
import { setPipelineExecutor, type PipelineExecutor } from '../api/execution-context.js';
import type { JobClient } from '../api/job-client.js';
import { loadConfiguration } from '../config/index.js';
import { WeirError } from '../core/errors.js';
import { MiniCluster } from '../cluster/mini-cluster.js';
import { environmentDefaults } from '../cluster/settings.js';
import { buildArtifact } from './artifact.js';
import { DispatcherExecutor } from './dispatcher-executor.js';

export async function installStandaloneExecutor(): Promise<PipelineExecutor> {
  const entry = process.argv[1];
  if (entry === undefined) {
    throw new WeirError('ARTIFACT_BUILD_FAILED', 'cannot tell which file holds the program: run it with `weir run <job file>`');
  }
  const configuration = loadConfiguration({ env: process.env });
  const artifact = await buildArtifact(resolve(entry));
  const defaults = environmentDefaults(configuration);
  const executor: PipelineExecutor = {
    defaults,
    async execute(request): Promise<JobClient> {
      const cluster = await MiniCluster.start({ configuration });
      const inner = new DispatcherExecutor({
        dispatcher: await cluster.dispatcherGateway(),
        artifact: artifact.bytes,
        program: { entry, args: process.argv.slice(2), defaults },
      });
      const client = await inner.execute(request);
      // The cluster lives until the program has the job's result: collect results are fetched before it.
      return {
        jobId: client.jobId,
        getJobStatus: () => client.getJobStatus(),
        cancel: () => client.cancel(),
        fetchCollectResults: (operatorId, offset) => client.fetchCollectResults(operatorId, offset),
        getJobExecutionResult: () => client.getJobExecutionResult().finally(() => cluster.close()),
      };
    },
  };
  setPipelineExecutor(executor);
  return executor;
}
