/**
 * Directories and savepoint paths named in requests. The JobManager reads and writes
 * them on its own file system, so a relative path would depend on the directory it was
 * started in: only absolute paths and `file:` URIs (what Flink's clients send) are taken.
 */
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WeirError } from '../core/errors.js';

/** The absolute path a request field names; REST_BAD_REQUEST naming the field otherwise. */
export function localPath(value: string, field: string): string {
  if (value.startsWith('file:')) {
    try {
      return fileURLToPath(value);
    } catch (error) {
      throw new WeirError('REST_BAD_REQUEST', `'${field}' is not a usable file: URI (${(error as Error).message}); give an absolute path`);
    }
  }
  if (!isAbsolute(value)) {
    throw new WeirError('REST_BAD_REQUEST', `'${field}' must be an absolute path on the JobManager's machine (or a file: URI), not '${value}'`);
  }
  return value;
}

/** A submission's `savepointRestore` from Flink's request fields; nothing when no savepoint is named. */
export function savepointRestore(
  savepointPath: string | undefined,
  allowNonRestoredState: boolean | undefined,
): { savepointRestore?: { readonly path: string; readonly allowNonRestoredState: boolean } } {
  if (savepointPath === undefined) return {};
  return { savepointRestore: { path: localPath(savepointPath, 'savepointPath'), allowNonRestoredState: allowNonRestoredState ?? false } };
}
