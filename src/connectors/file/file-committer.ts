import { access, rename } from 'node:fs/promises';
import type { Committer } from '../../api/sink.js';
import { WeirError } from '../../core/errors.js';
import { fileSinkError } from './file-sink-errors.js';
import type { FileSinkCommittable } from './file-sink-types.js';

/**
 * Makes pending part files visible by renaming them to their final names: an atomic step
 * on one file system, so a reader sees a part file whole or not at all. A committable may
 * come again after a failure; one whose pending file is gone and whose target exists was
 * committed before, and is skipped.
 */
export class FileCommitter implements Committer<FileSinkCommittable> {
  async commit(committables: readonly FileSinkCommittable[]): Promise<void> {
    for (const committable of committables) await commitOne(committable);
  }
}

async function commitOne({ pendingFile, targetFile }: FileSinkCommittable): Promise<void> {
  try {
    await rename(pendingFile, targetFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileSinkError('commit', pendingFile, error);
    if (await exists(targetFile)) return;
    throw new WeirError(
      'TASK_FAILED',
      `FileSink: cannot commit ${pendingFile}: neither it nor its target ${targetFile} exists; was the output directory changed by hand?`,
      { cause: error },
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
