/** Which job states are final: Flink's globally terminal states plus SUSPENDED. */
import type { JobState } from '../../api/flink-types.js';

const TERMINAL: ReadonlySet<JobState> = new Set(['FINISHED', 'FAILED', 'CANCELED', 'SUSPENDED']);

export function isTerminal(state: JobState): boolean {
  return TERMINAL.has(state);
}
