/**
 * The ExecutionGraph: each JobVertex split into its parallel subtasks, each subtask with
 * its current Execution attempt. The JobMaster owns it and is the only one that changes it.
 */
import type { AccumulatorSnapshot } from '../api/accumulators.js';
import type { JobStatus } from '../api/job-client.js';
import { WeirError, type SerializedError } from '../core/errors.js';
import { ExecutionAttemptId } from '../core/ids.js';
import type { JobGraph, JobVertex } from '../graph/job-graph.js';
import type { ExecutionState } from '../runtime/deployment.js';
import { canTransition, EXECUTION_TRANSITIONS, JOB_TRANSITIONS } from './state-machines.js';

/** Where an execution runs. */
export interface SlotAssignment {
  readonly taskManagerId: string;
  readonly taskManagerAddress: string;
  /** host:port of the TaskManager's data server; empty when it has none (the mini cluster). */
  readonly dataAddress: string;
  readonly allocationId: string;
}

export class Execution {
  readonly attemptId = ExecutionAttemptId.generate();
  state: ExecutionState = 'CREATED';
  slot: SlotAssignment | undefined;
  failure: SerializedError | undefined;
  /** The latest the task reported: with TaskManager heartbeats while it runs, and with its final state. */
  accumulators: readonly AccumulatorSnapshot[] = [];
  readonly stateTimestamps: Partial<Record<ExecutionState, number>> = { CREATED: Date.now() };

  constructor(
    readonly vertex: ExecutionVertex,
    readonly attemptNumber: number,
  ) {}

  /** Moves to `next` if the lifecycle allows it; returns false for a stale or illegal report. */
  transitionTo(next: ExecutionState): boolean {
    if (this.state === next) return false;
    if (!canTransition(EXECUTION_TRANSITIONS, this.state, next)) return false;
    this.state = next;
    this.stateTimestamps[next] = Date.now();
    return true;
  }

  get isTerminal(): boolean {
    return this.state === 'FINISHED' || this.state === 'CANCELED' || this.state === 'FAILED';
  }
}

export class ExecutionVertex {
  current: Execution;

  constructor(
    readonly jobVertex: JobVertex,
    readonly subtaskIndex: number,
  ) {
    this.current = new Execution(this, 0);
  }

  /** A fresh attempt for a restart. */
  resetForNewExecution(attemptNumber: number): Execution {
    this.current = new Execution(this, attemptNumber);
    return this.current;
  }

  get taskName(): string {
    return `${this.jobVertex.name} (${this.subtaskIndex + 1}/${this.jobVertex.parallelism})`;
  }
}

export class ExecutionGraph {
  status: JobStatus = 'CREATED';
  readonly statusTimestamps: Partial<Record<JobStatus, number>> = { INITIALIZING: Date.now(), CREATED: Date.now() };
  readonly vertices: ReadonlyMap<string, readonly ExecutionVertex[]>;
  private readonly byAttempt = new Map<string, Execution>();
  failureCause: SerializedError | undefined;
  attempt = 0;

  constructor(readonly jobGraph: JobGraph) {
    const vertices = new Map<string, ExecutionVertex[]>();
    for (const v of jobGraph.vertices) {
      vertices.set(
        v.id,
        Array.from({ length: v.parallelism }, (_, i) => new ExecutionVertex(v, i)),
      );
    }
    this.vertices = vertices;
    this.indexAttempts();
  }

  allExecutionVertices(): ExecutionVertex[] {
    return [...this.vertices.values()].flat();
  }

  subtasks(vertexId: string): readonly ExecutionVertex[] {
    const subtasks = this.vertices.get(vertexId);
    if (subtasks === undefined) throw new WeirError('JOB_NOT_FOUND', `no vertex ${vertexId} in job ${this.jobGraph.jobId}`);
    return subtasks;
  }

  execution(attemptId: string): Execution | undefined {
    return this.byAttempt.get(attemptId);
  }

  transitionTo(next: JobStatus): boolean {
    if (this.status === next) return false;
    if (!canTransition(JOB_TRANSITIONS, this.status, next)) {
      throw new WeirError('JOB_FAILED', `illegal job state change ${this.status} -> ${next} for job ${this.jobGraph.jobId}`);
    }
    this.status = next;
    this.statusTimestamps[next] = Date.now();
    return true;
  }

  /** New attempts for every subtask; old attempt ids stop being recognised. */
  restart(): void {
    this.restartSubtasks(this.allExecutionVertices());
  }

  /**
   * New attempts for some subtasks (a failover region). The attempt number is job-wide
   * and part of every channel key, so the region's new channels never meet its old ones.
   */
  restartSubtasks(subtasks: readonly ExecutionVertex[]): void {
    this.attempt++;
    for (const vertex of subtasks) vertex.resetForNewExecution(this.attempt);
    this.indexAttempts();
  }

  private indexAttempts(): void {
    this.byAttempt.clear();
    for (const vertex of this.allExecutionVertices()) this.byAttempt.set(vertex.current.attemptId, vertex.current);
  }
}
