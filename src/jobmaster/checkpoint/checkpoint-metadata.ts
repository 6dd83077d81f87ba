/**
 * A completed checkpoint's metadata: which files hold each subtask's state and what the
 * enumerators had left. Written atomically (temporary file, then rename), so a crash
 * leaves either no `_metadata` or a whole one; read back with clear errors naming the
 * file when it is missing or damaged.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WeirError } from '../../core/errors.js';
import type { OperatorSubtaskState } from '../../runtime/checkpoint/state-handles.js';

export const METADATA_FILE = '_metadata';
const FORMAT_VERSION = 1;

export interface OperatorCheckpointState {
  readonly parallelism: number;
  readonly maxParallelism: number;
  /** By subtask index. */
  readonly subtasks: Readonly<Record<number, OperatorSubtaskState>>;
}

export interface CheckpointMetadata {
  readonly version: number;
  readonly jobId: string;
  readonly checkpointId: number;
  readonly timestamp: number;
  readonly isSavepoint: boolean;
  readonly operators: Readonly<Record<string, OperatorCheckpointState>>;
  /** Split enumerator state by source operator id. */
  readonly coordinators: Readonly<Record<string, unknown>>;
}

export async function writeMetadata(directory: string, metadata: Omit<CheckpointMetadata, 'version'>): Promise<string> {
  const path = join(directory, METADATA_FILE);
  const temporary = `${path}.inprogress`;
  await writeFile(temporary, JSON.stringify({ version: FORMAT_VERSION, ...metadata }));
  await rename(temporary, path);
  return path;
}

/** Reads `_metadata` from a checkpoint or savepoint directory, or from the file's own path. */
export async function readMetadata(pathOrDirectory: string): Promise<{ metadata: CheckpointMetadata; directory: string }> {
  const isFile = pathOrDirectory.endsWith(METADATA_FILE);
  const directory = isFile ? pathOrDirectory.slice(0, -METADATA_FILE.length - 1) : pathOrDirectory;
  const path = join(directory, METADATA_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new WeirError(
      'CHECKPOINT_NOT_FOUND',
      `no checkpoint metadata at ${path}: ${(error as Error).message}; give the directory of a completed checkpoint or savepoint`,
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WeirError('CHECKPOINT_CORRUPT', `checkpoint metadata ${path} is damaged (not valid JSON): ${(error as Error).message}`, { cause: error });
  }
  const metadata = parsed as Partial<CheckpointMetadata>;
  if (
    metadata.version !== FORMAT_VERSION ||
    typeof metadata.checkpointId !== 'number' ||
    typeof metadata.operators !== 'object' ||
    metadata.operators === null ||
    typeof metadata.coordinators !== 'object'
  ) {
    throw new WeirError(
      'CHECKPOINT_CORRUPT',
      `checkpoint metadata ${path} is damaged or of an unknown format (version ${String(metadata.version)}; this Weir reads version ${FORMAT_VERSION})`,
    );
  }
  return { metadata: metadata as CheckpointMetadata, directory };
}
