/**
 * The job and execution lifecycles as data (Flink's JobStatus and ExecutionState
 * transitions); every change goes through a check against these tables.
 */
import type { JobStatus } from '../api/job-client.js';
import type { ExecutionState } from '../runtime/deployment.js';

export const JOB_TRANSITIONS = {
  INITIALIZING: ['CREATED', 'FAILED'],
  CREATED: ['RUNNING', 'FAILING', 'FAILED', 'CANCELLING', 'CANCELED'],
  RUNNING: ['FINISHED', 'FAILING', 'CANCELLING', 'RESTARTING', 'SUSPENDED'],
  FAILING: ['FAILED', 'RESTARTING', 'CANCELLING'],
  RESTARTING: ['RUNNING', 'FAILED', 'CANCELLING', 'CANCELED'],
  CANCELLING: ['CANCELED', 'FAILED'],
  FINISHED: [],
  FAILED: [],
  CANCELED: [],
  SUSPENDED: [],
  RECONCILING: ['RUNNING', 'FAILING', 'CANCELLING'],
} as const satisfies Record<JobStatus, readonly JobStatus[]>;

export const EXECUTION_TRANSITIONS = {
  CREATED: ['SCHEDULED', 'CANCELED', 'FAILED'],
  SCHEDULED: ['DEPLOYING', 'CANCELED', 'FAILED'],
  DEPLOYING: ['INITIALIZING', 'RUNNING', 'FINISHED', 'CANCELING', 'CANCELED', 'FAILED'],
  INITIALIZING: ['RUNNING', 'FINISHED', 'CANCELING', 'CANCELED', 'FAILED'],
  RUNNING: ['FINISHED', 'CANCELING', 'CANCELED', 'FAILED'],
  CANCELING: ['CANCELED', 'FINISHED', 'FAILED'],
  FINISHED: [],
  CANCELED: [],
  FAILED: [],
} as const satisfies Record<ExecutionState, readonly ExecutionState[]>;

export function canTransition<S extends string>(table: Record<S, readonly S[]>, from: S, to: S): boolean {
  return table[from].includes(to);
}
