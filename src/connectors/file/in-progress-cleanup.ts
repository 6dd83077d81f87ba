import { readdirSync, unlinkSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { fileSinkError } from './file-sink-errors.js';
import type { OutputFileConfig } from './output-file-config.js';
import { isInProgressFileOf } from './part-file-names.js';

/**
 * Deletes the in-progress part files of `subtask` under `basePath`, in every bucket: they
 * belong to a failed attempt, and the records in them are replayed from the checkpoint.
 * Pending files are kept, as a completed checkpoint may still commit them. It runs once,
 * when a writer is restored, synchronously like the writer's other file operations.
 */
export function deleteInProgressFiles(basePath: string, config: OutputFileConfig, subtask: number): number {
  let deleted = 0;
  const visit = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // A writer restored before it ever wrote has no directory yet.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw fileSinkError('list', dir, error);
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        visit(path);
      } else if (isInProgressFileOf(entry.name, config, subtask)) {
        try {
          unlinkSync(path);
          deleted++;
        } catch (error) {
          throw fileSinkError('delete', path, error);
        }
      }
    }
  };
  visit(basePath);
  return deleted;
}
