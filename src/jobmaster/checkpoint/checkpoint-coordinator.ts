/**
 * The CheckpointCoordinator: triggers checkpoints at the sources, collects every task's
 * acknowledgement, completes a checkpoint by writing its metadata, keeps the newest
 * `num-retained` and tells the tasks, so two-phase-commit sinks commit. Savepoints go the
 * same way to a directory of the user's choosing and are never deleted.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CheckpointingMode } from '../../api/checkpoint.js';
import { WeirError, serializeError, type SerializedError } from '../../core/errors.js';
import type { CheckpointStats, OperatorSubtaskState, TaskStateSnapshot } from '../../runtime/checkpoint/state-handles.js';
import type { CheckpointBarrier } from '../../taskmanager/network/messages.js';
import type { Cancellable } from '../../rpc/index.js';
import { writeMetadata, type CheckpointMetadata, type OperatorCheckpointState } from './checkpoint-metadata.js';

export type CheckpointRetention = 'NO_EXTERNALIZED_CHECKPOINTS' | 'DELETE_ON_CANCELLATION' | 'RETAIN_ON_CANCELLATION';

export interface CheckpointSettings {
  /** Undefined: no periodic checkpoints (savepoints still work when a directory is given). */
  readonly intervalMs: number | undefined;
  readonly mode: CheckpointingMode;
  readonly timeoutMs: number;
  readonly minPauseMs: number;
  readonly maxConcurrent: number;
  readonly tolerableFailures: number;
  readonly numRetained: number;
  readonly retention: CheckpointRetention;
  /** Base directory; this job's checkpoints go to `<directory>/<jobId>/chk-<n>`. */
  readonly directory: string | undefined;
  readonly savepointDirectory: string | undefined;
}

/** A task that takes part in checkpoints, as the coordinator needs to know it. */
export interface CheckpointTask {
  readonly attemptId: string;
  readonly vertexId: string;
  readonly subtask: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly operatorIds: readonly string[];
  readonly isSource: boolean;
}

/** What the coordinator needs from its JobMaster. */
export interface CheckpointHost {
  /** Every task of the job, or undefined when not all of them run (no checkpoint can start). */
  runningTasks(): readonly CheckpointTask[] | undefined;
  /** Snapshots the split enumerators; their events to tasks wait until `releaseOperatorEvents`. */
  snapshotCoordinators(checkpointId: number): Promise<Record<string, unknown>>;
  releaseOperatorEvents(): void;
  trigger(task: CheckpointTask, barrier: CheckpointBarrier): void;
  notifyDone(task: CheckpointTask, checkpointId: number, completed: boolean): void;
  /** More checkpoints failed in a row than tolerated: the job fails over. */
  failJob(error: SerializedError): void;
  schedule(action: () => void, delayMs: number): Cancellable;
  readonly log: { warn(message: string, details?: unknown): void };
}

export interface CompletedCheckpoint {
  readonly id: number;
  readonly isSavepoint: boolean;
  readonly triggerTimestamp: number;
  readonly completedAt: number;
  readonly location: string;
  readonly stateSize: number;
  readonly metadata: CheckpointMetadata;
  readonly tasks: readonly { readonly vertexId: string; readonly subtask: number; readonly stats: CheckpointStats }[];
}

export interface FailedCheckpoint {
  readonly id: number;
  readonly isSavepoint: boolean;
  readonly triggerTimestamp: number;
  readonly failedAt: number;
  readonly reason: string;
  readonly acknowledged: number;
  readonly total: number;
}

interface Pending {
  readonly id: number;
  readonly barrier: CheckpointBarrier;
  readonly tasks: ReadonlyMap<string, CheckpointTask>;
  readonly acks: Map<string, { state: TaskStateSnapshot; stats: CheckpointStats }>;
  coordinatorStates: Record<string, unknown> | undefined;
  readonly timer: Cancellable;
  readonly resolve: (checkpoint: CompletedCheckpoint) => void;
  readonly reject: (error: Error) => void;
}

const HISTORY = 10;

export class CheckpointCoordinator {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly completed: CompletedCheckpoint[] = [];
  private readonly history: (CompletedCheckpoint | FailedCheckpoint | { readonly id: number; readonly inProgress: Pending })[] = [];
  private latestSavepoint: CompletedCheckpoint | undefined;
  private latestFailed: FailedCheckpoint | undefined;
  private restoredFrom: { id: number; at: number; isSavepoint: boolean; path: string } | undefined;
  private consecutiveFailures = 0;
  private failedTotal = 0;
  private lastCompletedAt = 0;
  private periodic: Cancellable | undefined;
  private running = false;

  constructor(
    private readonly jobId: string,
    readonly settings: CheckpointSettings,
    private readonly host: CheckpointHost,
  ) {}

  get isPeriodic(): boolean {
    return this.settings.intervalMs !== undefined && this.settings.directory !== undefined;
  }

  /** Starts periodic checkpoints (tasks are running). */
  start(): void {
    if (this.running || !this.isPeriodic) return;
    this.running = true;
    this.schedule(this.settings.intervalMs as number);
  }

  /** Stops periodic checkpoints and abandons those in progress (a failover or the end of the job). */
  stop(reason: string): void {
    this.running = false;
    this.periodic?.cancel();
    this.periodic = undefined;
    for (const pending of [...this.pending.values()]) this.abort(pending, reason, false);
  }

  latestCompleted(): CompletedCheckpoint | undefined {
    return this.completed[this.completed.length - 1];
  }

  noteRestore(id: number, isSavepoint: boolean, path: string): void {
    this.restoredFrom = { id, at: Date.now(), isSavepoint, path };
  }

  /** Triggers a checkpoint (or a savepoint into `targetDirectory`) now; resolves when it completes. */
  trigger(isSavepoint: boolean, targetDirectory?: string, terminate?: 'stop' | 'drain'): Promise<CompletedCheckpoint> {
    const tasks = this.host.runningTasks();
    if (tasks === undefined) {
      return Promise.reject(new WeirError('CHECKPOINT_FAILED', 'not every task of the job is running, so no checkpoint can start; try again once the job runs'));
    }
    const baseDirectory = isSavepoint ? (targetDirectory ?? this.settings.savepointDirectory) : this.settings.directory;
    if (baseDirectory === undefined) {
      return Promise.reject(
        new WeirError(
          'CHECKPOINTING_DISABLED',
          isSavepoint
            ? 'no savepoint directory: name one, or set execution.checkpointing.savepoint-dir'
            : 'no checkpoint directory: set execution.checkpointing.dir (state.checkpoints.dir)',
        ),
      );
    }
    const id = this.nextId++;
    const location = isSavepoint
      ? resolve(baseDirectory, `savepoint-${this.jobId.slice(0, 6)}-${randomBytes(6).toString('hex')}`)
      : resolve(baseDirectory, this.jobId, `chk-${id}`);
    const barrier: CheckpointBarrier = {
      checkpointId: id,
      timestamp: Date.now(),
      isSavepoint,
      location,
      ...(terminate !== undefined ? { terminate } : {}),
    };
    return new Promise<CompletedCheckpoint>((resolvePromise, reject) => {
      const pending: Pending = {
        id,
        barrier,
        tasks: new Map(tasks.map((t) => [t.attemptId, t])),
        acks: new Map(),
        coordinatorStates: undefined,
        timer: this.host.schedule(() => {
          if (this.pending.get(id) === pending) this.abort(pending, `it did not complete within ${this.settings.timeoutMs} ms (execution.checkpointing.timeout)`, true);
        }, this.settings.timeoutMs),
        resolve: resolvePromise,
        reject,
      };
      this.pending.set(id, pending);
      this.history.push({ id, inProgress: pending });
      this.trimHistory();
      this.host
        .snapshotCoordinators(id)
        .then((states) => {
          if (this.pending.get(id) !== pending) return;
          pending.coordinatorStates = states;
          for (const task of tasks) if (task.isSource) this.host.trigger(task, barrier);
        })
        .catch((error: unknown) => this.abort(pending, `the split enumerators could not be snapshotted: ${(error as Error).message}`, true))
        .finally(() => this.host.releaseOperatorEvents());
    });
  }

  acknowledge(attemptId: string, checkpointId: number, state: TaskStateSnapshot, stats: CheckpointStats): void {
    const pending = this.pending.get(checkpointId);
    if (pending === undefined || !pending.tasks.has(attemptId)) return;
    pending.acks.set(attemptId, { state, stats });
    if (pending.acks.size === pending.tasks.size && pending.coordinatorStates !== undefined) void this.complete(pending);
  }

  decline(attemptId: string, checkpointId: number, reason: SerializedError): void {
    const pending = this.pending.get(checkpointId);
    if (pending === undefined || !pending.tasks.has(attemptId)) return;
    const task = pending.tasks.get(attemptId) as CheckpointTask;
    this.abort(pending, `subtask ${task.subtask} of vertex ${task.vertexId} declined it: ${reason.message}`, true);
  }

  /** Counts, latest, history, as the REST API shows them. */
  snapshotStats() {
    return {
      completed: [...this.completed],
      history: [...this.history],
      pendingCount: this.pending.size,
      failedTotal: this.failedTotal,
      latestSavepoint: this.latestSavepoint,
      latestFailed: this.latestFailed,
      restoredFrom: this.restoredFrom,
    };
  }

  /** The job ended: checkpoints are kept or deleted by the retention setting. */
  async shutdown(jobState: 'FINISHED' | 'CANCELED' | 'FAILED'): Promise<void> {
    this.stop(`the job is ${jobState}`);
    const retention = this.settings.retention;
    const keep = retention === 'RETAIN_ON_CANCELLATION' || (retention === 'DELETE_ON_CANCELLATION' && jobState === 'FAILED');
    if (keep || this.settings.directory === undefined) return;
    await rm(resolve(this.settings.directory, this.jobId), { recursive: true, force: true }).catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.periodic = this.host.schedule(() => this.periodicTrigger(), delayMs);
  }

  private periodicTrigger(): void {
    if (!this.running) return;
    const interval = this.settings.intervalMs as number;
    const sinceCompletion = Date.now() - this.lastCompletedAt;
    if (this.pending.size >= this.settings.maxConcurrent || sinceCompletion < this.settings.minPauseMs) {
      this.schedule(Math.max(10, this.settings.minPauseMs - sinceCompletion));
      return;
    }
    if (this.host.runningTasks() !== undefined) {
      this.trigger(false).catch(() => undefined);
    }
    this.schedule(interval);
  }

  private async complete(pending: Pending): Promise<void> {
    this.pending.delete(pending.id);
    pending.timer.cancel();
    const operators: Record<string, { parallelism: number; maxParallelism: number; subtasks: Record<number, OperatorSubtaskState> }> = {};
    let stateSize = 0;
    const tasks: CompletedCheckpoint['tasks'][number][] = [];
    for (const [attemptId, ack] of pending.acks) {
      const task = pending.tasks.get(attemptId) as CheckpointTask;
      tasks.push({ vertexId: task.vertexId, subtask: task.subtask, stats: ack.stats });
      stateSize += ack.stats.stateSize;
      for (const [operatorId, state] of Object.entries(ack.state)) {
        const entry = (operators[operatorId] ??= { parallelism: task.parallelism, maxParallelism: task.maxParallelism, subtasks: {} });
        entry.subtasks[task.subtask] = state;
      }
    }
    const metadata: Omit<CheckpointMetadata, 'version'> = {
      jobId: this.jobId,
      checkpointId: pending.id,
      timestamp: pending.barrier.timestamp,
      isSavepoint: pending.barrier.isSavepoint,
      operators: operators as Record<string, OperatorCheckpointState>,
      coordinators: pending.coordinatorStates ?? {},
    };
    try {
      await writeMetadata(pending.barrier.location, metadata);
    } catch (error) {
      this.recordFailure(pending, `its metadata could not be written: ${(error as Error).message}`);
      pending.reject(error as Error);
      return;
    }
    const checkpoint: CompletedCheckpoint = {
      id: pending.id,
      isSavepoint: pending.barrier.isSavepoint,
      triggerTimestamp: pending.barrier.timestamp,
      completedAt: Date.now(),
      location: pending.barrier.location,
      stateSize,
      metadata: { version: 1, ...metadata },
      tasks,
    };
    this.consecutiveFailures = 0;
    this.lastCompletedAt = checkpoint.completedAt;
    this.replaceInHistory(pending.id, checkpoint);
    if (checkpoint.isSavepoint) this.latestSavepoint = checkpoint;
    else this.completed.push(checkpoint);
    // Older pending checkpoints can no longer complete usefully once a newer one did.
    for (const older of [...this.pending.values()]) if (older.id < pending.id && !older.barrier.isSavepoint) this.abort(older, 'a newer checkpoint completed', false);
    for (const task of pending.tasks.values()) this.host.notifyDone(task, pending.id, true);
    pending.resolve(checkpoint);
    // Only after the tasks heard: deleting a subsumed checkpoint (unlinking 200 MB of state
    // files takes tens of milliseconds) must not hold up two-phase-commit sinks.
    if (!checkpoint.isSavepoint) await this.pruneRetained();
  }

  private async pruneRetained(): Promise<void> {
    while (this.completed.length > this.settings.numRetained) {
      const old = this.completed.shift() as CompletedCheckpoint;
      await rm(old.location, { recursive: true, force: true }).catch((error: unknown) =>
        this.host.log.warn(`could not delete old checkpoint ${old.location}`, error),
      );
    }
  }

  private abort(pending: Pending, reason: string, countsAsFailure: boolean): void {
    if (this.pending.get(pending.id) !== pending) return;
    this.pending.delete(pending.id);
    pending.timer.cancel();
    for (const task of pending.tasks.values()) this.host.notifyDone(task, pending.id, false);
    void rm(pending.barrier.location, { recursive: true, force: true }).catch(() => undefined);
    const error = new WeirError('CHECKPOINT_FAILED', `${pending.barrier.isSavepoint ? 'savepoint' : 'checkpoint'} ${pending.id} failed: ${reason}`);
    this.recordFailure(pending, reason);
    pending.reject(error);
    if (countsAsFailure && !pending.barrier.isSavepoint) {
      this.consecutiveFailures++;
      if (this.consecutiveFailures > this.settings.tolerableFailures) {
        this.consecutiveFailures = 0;
        this.host.failJob(
          serializeError(
            new WeirError(
              'CHECKPOINT_FAILED',
              `${error.message}; more checkpoints failed in a row than execution.checkpointing.tolerable-failed-checkpoints (${this.settings.tolerableFailures}) allows`,
            ),
          ),
        );
      }
    }
  }

  private recordFailure(pending: Pending, reason: string): void {
    this.failedTotal++;
    const failed: FailedCheckpoint = {
      id: pending.id,
      isSavepoint: pending.barrier.isSavepoint,
      triggerTimestamp: pending.barrier.timestamp,
      failedAt: Date.now(),
      reason,
      acknowledged: pending.acks.size,
      total: pending.tasks.size,
    };
    this.latestFailed = failed;
    this.replaceInHistory(pending.id, failed);
    this.host.log.warn(`checkpoint ${pending.id} of job ${this.jobId} failed: ${reason}`);
  }

  private replaceInHistory(id: number, entry: CompletedCheckpoint | FailedCheckpoint): void {
    const index = this.history.findIndex((h) => h.id === id);
    if (index >= 0) this.history[index] = entry;
    else this.history.push(entry);
    this.trimHistory();
  }

  private trimHistory(): void {
    while (this.history.length > HISTORY) this.history.shift();
  }

  /** Where a checkpoint of this job would be written, for REST's config view. */
  checkpointDirectory(): string | undefined {
    return this.settings.directory === undefined ? undefined : join(resolve(this.settings.directory), this.jobId);
  }
}
