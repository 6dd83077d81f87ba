/**
 * Finds the files a FileSource reads: the named files, and every file under the named
 * directories, recursively, skipping hidden ones as Flink's DefaultFileFilter does.
 */
import { statSync, type Dirent, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WeirError, errorMessage } from '../../core/errors.js';

export interface DiscoveredFile {
  readonly path: string;
  readonly size: number;
  readonly modificationTime: number;
}

/**
 * Names starting with '.' or '_' are hidden: writers (Flink's and Weir's FileSink, Hadoop,
 * Spark) use them for files still being written and for markers such as `_SUCCESS`.
 */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

/** Fails with the path in the message, synchronously, so the job fails at its start rather than after a silent empty read. */
export function checkInputPaths(paths: readonly string[]): void {
  for (const path of paths) {
    try {
      statSync(path);
    } catch (error) {
      throw new WeirError('TASK_FAILED', `FileSource: cannot read the input path ${path}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
}

/** Every visible file under the roots, sorted by path so that splits are handed out in a stable order. */
export async function discoverFiles(roots: readonly string[]): Promise<DiscoveredFile[]> {
  const found: DiscoveredFile[] = [];
  for (const root of roots) {
    const info = await stat(root).catch((error: unknown) => {
      throw new WeirError('TASK_FAILED', `FileSource: cannot read the input path ${root}: ${errorMessage(error)}`, {
        cause: error,
      });
    });
    // A file the user named is read even if its name looks hidden: they asked for it.
    if (info.isDirectory()) await walk(root, found);
    else if (info.isFile()) found.push({ path: root, size: info.size, modificationTime: info.mtimeMs });
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function walk(dir: string, found: DiscoveredFile[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new WeirError('TASK_FAILED', `FileSource: cannot list the directory ${dir}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  const visible = entries.filter((entry) => !isHiddenName(entry.name));
  const infos = await Promise.all(visible.map((entry) => statIfPresent(join(dir, entry.name))));
  for (const [i, info] of infos.entries()) {
    const entry = visible[i] as Dirent;
    const path = join(dir, entry.name);
    if (info === undefined) continue;
    if (info.isDirectory()) await walk(path, found);
    else if (info.isFile()) found.push({ path, size: info.size, modificationTime: info.mtimeMs });
  }
}

/** A file deleted between listing and stat is simply not there: the next scan agrees. */
async function statIfPresent(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WeirError('TASK_FAILED', `FileSource: cannot read ${path}: ${errorMessage(error)}`, { cause: error });
  }
}
