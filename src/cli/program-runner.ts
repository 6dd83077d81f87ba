/**
 * What `weir run` and `weir info` share: building the artifact and running the
 * program's main in this process with a given executor.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setPipelineExecutor, type PipelineExecutor } from '../api/execution-context.js';
import { buildArtifact, type Artifact } from '../client/artifact.js';
import { installApiForArtifacts } from '../runtime/program/api-global.js';

export interface PreparedProgram {
  readonly artifact: Artifact;
  /** The job file as the user named it. */
  readonly entry: string;
  readonly args: readonly string[];
  run(executor: PipelineExecutor): Promise<void>;
  dispose(): Promise<void>;
}

export async function prepareProgram(jobFile: string, args: readonly string[]): Promise<PreparedProgram> {
  const artifact = await buildArtifact(resolve(jobFile));
  const dir = await mkdtemp(join(tmpdir(), 'weir-client-'));
  const file = join(dir, `${artifact.hash}.mjs`);
  await writeFile(file, artifact.bytes);
  return {
    artifact,
    entry: jobFile,
    args,
    async run(executor) {
      await installApiForArtifacts();
      setPipelineExecutor(executor);
      process.argv = [process.argv[0] ?? 'node', jobFile, ...args];
      await import(pathToFileURL(file).href);
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
