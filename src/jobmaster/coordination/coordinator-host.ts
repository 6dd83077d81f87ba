/**
 * A job's operator coordinators, as the JobMaster sees them: collect coordinators in the
 * JobMaster itself, source coordinators (user code) in the job's coordinator thread.
 */
import { Worker } from 'node:worker_threads';
import { WeirError, type SerializedError } from '../../core/errors.js';
import type { JobGraph } from '../../graph/job-graph.js';
import type { ProgramSpec } from '../../runtime/deployment.js';
import type { CollectSinkEvent } from '../../runtime/operators/collect-sink-operator.js';
import type { CollectBatch } from '../../api/job-client.js';
import { CollectCoordinator } from './collect-coordinator.js';
import type { FromCoordinatorThread, ToCoordinatorThread } from './coordinator-protocol.js';

const COORDINATOR_THREAD = new URL('./coordinator-thread.js', import.meta.url);

/** The name of a job's coordinator thread, which a JobManager thread dump finds it by. */
export function coordinatorThreadName(jobId: string): string {
  return `weir coordinator of job ${jobId}`;
}

export interface CoordinatorHostOptions {
  readonly jobGraph: JobGraph;
  readonly program: ProgramSpec;
  readonly artifactPath: string;
  readonly heapLimitMb: number;
  /** Sends an event to the current execution of a subtask of the operator's vertex. */
  readonly sendToSubtask: (operatorId: string, subtask: number, event: unknown) => void;
  /** The coordinator thread failed: the job must fail. */
  readonly onFailure: (error: SerializedError) => void;
  /** Enumerator state by operator id to start from. */
  readonly restoredStates: Readonly<Record<string, unknown>> | undefined;
}

export class CoordinatorHost {
  private readonly collectors = new Map<string, CollectCoordinator>();
  private readonly sourceOperators = new Set<string>();
  private readonly thread: Worker | undefined;
  private closed = false;
  /** Events to tasks held back while a checkpoint is being triggered (Flink's operator event valve). */
  private held: [string, number, unknown][] | undefined;
  private readonly snapshots = new Map<number, { resolve: (states: Record<string, unknown>) => void; reject: (error: Error) => void }>();

  constructor(private readonly options: CoordinatorHostOptions) {
    for (const node of options.jobGraph.streamNodes) {
      if (node.kind === 'collect') {
        const operatorId = node.operatorId;
        this.collectors.set(
          operatorId,
          new CollectCoordinator((subtask, event) => options.sendToSubtask(operatorId, subtask, event)),
        );
      }
      if (node.kind === 'source') this.sourceOperators.add(node.operatorId);
    }
    if (this.sourceOperators.size > 0) {
      const thread = new Worker(COORDINATOR_THREAD, {
        name: coordinatorThreadName(options.jobGraph.jobId),
        resourceLimits: { maxOldGenerationSizeMb: options.heapLimitMb },
        stdout: false,
        stderr: false,
      });
      thread.on('message', (message: FromCoordinatorThread) => this.onThreadMessage(message));
      thread.on('error', (error) => this.fail(error.message, error.stack));
      thread.on('exit', (code) => {
        if (!this.closed) this.fail(`the coordinator thread exited with code ${code}`, undefined);
      });
      this.thread = thread;
      this.post({
        type: 'start',
        artifactPath: options.artifactPath,
        program: options.program,
        executionOrdinal: options.jobGraph.executionOrdinal,
        streamNodes: options.jobGraph.streamNodes,
        restoredStates: options.restoredStates,
      });
    }
  }

  handleEventFromOperator(operatorId: string, subtask: number, event: unknown): void {
    const collector = this.collectors.get(operatorId);
    if (collector !== undefined) collector.handleEvent(subtask, event as CollectSinkEvent);
    else if (this.sourceOperators.has(operatorId)) this.post({ type: 'event', operatorId, subtask, event });
  }

  fetchCollectResults(operatorId: string, offset: number): Promise<CollectBatch> {
    const collector = this.collectors.get(operatorId);
    if (collector === undefined) {
      return Promise.reject(new WeirError('JOB_NOT_FOUND', `operator ${operatorId} is not a collect sink of this job`));
    }
    return collector.fetch(offset);
  }

  /** Before a global restart: enumerators go back to the checkpoint's state, or start over. */
  resetForRestart(states: Readonly<Record<string, unknown>> | undefined): void {
    this.post({ type: 'reset', states });
  }

  /** A source subtask restarts alone (regional failover) from checkpoint `checkpointId`, or 0. */
  subtaskReset(operatorId: string, subtask: number, checkpointId: number): void {
    if (this.sourceOperators.has(operatorId)) this.post({ type: 'subtask-reset', operatorId, subtask, checkpointId });
  }

  /**
   * Snapshots every enumerator. Events they emit from now on are held until
   * `releaseEvents`, after the checkpoint was triggered at the sources: an event the
   * snapshot does not know about must not reach a task before the barrier does.
   */
  snapshot(checkpointId: number): Promise<Record<string, unknown>> {
    this.held ??= [];
    if (this.thread === undefined || this.closed) return Promise.resolve({});
    return new Promise((resolve, reject) => {
      this.snapshots.set(checkpointId, { resolve, reject });
      this.post({ type: 'snapshot', checkpointId });
    });
  }

  releaseEvents(): void {
    const held = this.held;
    this.held = undefined;
    for (const [operatorId, subtask, event] of held ?? []) this.options.sendToSubtask(operatorId, subtask, event);
  }

  /** The job ended: collectors learn that nothing more comes; the enumerators' thread ends. */
  async endOfJob(): Promise<void> {
    for (const collector of this.collectors.values()) collector.endOfJob();
    for (const { reject } of this.snapshots.values()) reject(new Error('the job ended'));
    this.snapshots.clear();
    this.closed = true;
    await this.thread?.terminate();
  }

  async close(): Promise<void> {
    await this.endOfJob();
  }

  private post(message: ToCoordinatorThread): void {
    if (!this.closed) this.thread?.postMessage(message);
  }

  private onThreadMessage(message: FromCoordinatorThread): void {
    switch (message.type) {
      case 'ready':
        break;
      case 'failed':
        this.options.onFailure(message.error);
        break;
      case 'send-event': {
        const snapshotting = this.snapshots.size > 0;
        if (this.held !== undefined && !snapshotting) this.held.push([message.operatorId, message.subtask, message.event]);
        else this.options.sendToSubtask(message.operatorId, message.subtask, message.event);
        break;
      }
      case 'snapshot-done':
        this.snapshots.get(message.checkpointId)?.resolve(message.states);
        this.snapshots.delete(message.checkpointId);
        break;
      case 'snapshot-failed':
        this.snapshots.get(message.checkpointId)?.reject(new Error(message.error.message));
        this.snapshots.delete(message.checkpointId);
        break;
    }
  }

  private fail(message: string, stack: string | undefined): void {
    if (this.closed) return;
    this.options.onFailure({ name: 'WeirError', message, stack: stack ?? message, code: 'TASK_FAILED' });
  }
}
