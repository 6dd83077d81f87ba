import { WeirError, errorMessage } from '../../core/errors.js';

/**
 * A file operation of the FileSink failed (disk full, no permission, …): the task fails
 * and restarts from its last checkpoint. Committed part files are never written again,
 * so none of them is lost or changed.
 */
export function fileSinkError(action: string, path: string, error: unknown): WeirError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const hint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? ' (the disk is full)'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? ' (no permission to write there)'
        : '';
  return new WeirError(
    'TASK_FAILED',
    `FileSink: cannot ${action} ${path}${hint}: ${errorMessage(error)}. The task fails; part files already committed are not affected.`,
    { cause: error },
  );
}
