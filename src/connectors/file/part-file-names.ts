/**
 * The three names of a part file. While written and until committed it is hidden (a
 * leading '.'), so readers of the directory, FileSource included, never see partial or
 * uncommitted data; the commit renames it to its visible name.
 */
import type { OutputFileConfig } from './output-file-config.js';

export interface PartFileNames {
  readonly inProgress: string;
  readonly pending: string;
  readonly committed: string;
}

export function partFileNames(config: OutputFileConfig, subtask: number, index: number): PartFileNames {
  const committed = `${config.partPrefix}-${subtask}-${index}${config.partSuffix}`;
  return { inProgress: `.${committed}.inprogress`, pending: `.${committed}.pending`, committed };
}

/** Whether `name` is an in-progress file of `subtask`, which only that subtask's writer ever writes. */
export function isInProgressFileOf(name: string, config: OutputFileConfig, subtask: number): boolean {
  const head = `.${config.partPrefix}-${subtask}-`;
  const tail = `${config.partSuffix}.inprogress`;
  if (!name.startsWith(head) || !name.endsWith(tail) || name.length <= head.length + tail.length) return false;
  return /^\d+$/.test(name.slice(head.length, name.length - tail.length));
}
