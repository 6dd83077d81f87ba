/**
 * The JobMaster: one per job. It turns the JobGraph into an ExecutionGraph, gets slots
 * from the ResourceManager, deploys the tasks, follows their states and decides what a
 * failure means: restart or fail. It talks to the ResourceManager and TaskManagers only
 * through their gateways.
 */
import { mergeAccumulators, type AccumulatorResult } from '../api/accumulators.js';
import { mergeFlameGraphs, type FlameGraphNode, type FlameGraphSampling } from '../metrics/flame-graph.js';
import type { CollectBatch, JobStatus } from '../api/job-client.js';
import { WeirError, serializeError, type SerializedError } from '../core/errors.js';
import type { JobMasterId } from '../core/ids.js';
import { computeSlots, describeSlotRequirement, type JobGraph } from '../graph/job-graph.js';
import type { ResourceManagerGateway } from '../resourcemanager/resource-manager-gateway.js';
import { aggregateExecutionState, type ArtifactRef, type ExecutionState, type NetworkSettings, type ProgramSpec } from '../runtime/deployment.js';
import { FencedRpcEndpoint, unfencedMethods, type Cancellable, type RpcEndpointOptions } from '../rpc/index.js';
import type { SlotOffer, TaskExecutorGateway } from '../taskmanager/task-executor-gateway.js';
import type { CheckpointBarrier } from '../taskmanager/network/messages.js';
import { CoordinatorHost } from './coordination/coordinator-host.js';
import { buildDeployment } from './deployment-builder.js';
import { ExecutionGraph, type Execution, type ExecutionVertex } from './execution-graph.js';
import type { ExceptionInfo, JobDetailsInfo, SubtaskInfo, VertexInfo } from '../dispatcher/job-info.js';
import { jobPlan } from '../graph/plan.js';
import type { CheckpointStatsSnapshot, JobMasterGateway, TaskExecutionStateUpdate } from './job-master-gateway.js';
import { createRestartStrategy, type RestartStrategy, type RestartStrategySpec } from './restart-strategy.js';
import { SlotPool } from './slot-pool.js';
import { computeFailoverRegions, subtaskKey, type SubtaskKey } from './failover-regions.js';
import { HeartbeatMonitor, type HeartbeatSettings } from '../core/heartbeat-monitor.js';
import { CheckpointCoordinator, type CheckpointSettings, type CheckpointTask, type CompletedCheckpoint } from './checkpoint/checkpoint-coordinator.js';
import { restoreForSubtask, type RestoreSource } from './checkpoint/state-assignment.js';
import type { CheckpointStats, TaskStateSnapshot } from '../runtime/checkpoint/state-handles.js';
import type { CheckpointingSettings, TimeSettings } from '../runtime/deployment.js';

export interface JobMasterSettings {
  readonly slotRequestTimeoutMs: number;
  readonly heartbeat: HeartbeatSettings;
  readonly restartStrategy: RestartStrategySpec;
  /** The strategy when the program enables checkpointing and the configuration names none. */
  readonly restartStrategyWithCheckpointing: RestartStrategySpec;
  readonly network: NetworkSettings;
  readonly coordinatorHeapMb: number;
  readonly checkpoint: CheckpointSettings;
  readonly stateBackend: string;
  readonly failoverStrategy: 'full' | 'region';
  readonly time: TimeSettings;
}

export interface JobTermination {
  readonly state: JobStatus;
  readonly startTime: number;
  readonly endTime: number;
  /** Merged over the last attempt of every subtask, as Flink's job result holds them. */
  readonly accumulators: readonly AccumulatorResult[];
  readonly error?: SerializedError;
}

export interface JobMasterOptions extends RpcEndpointOptions {
  readonly jobMasterId: JobMasterId;
  readonly jobGraph: JobGraph;
  readonly program: ProgramSpec;
  readonly artifact: ArtifactRef;
  readonly artifactPath: string;
  readonly resourceManagerAddress: string;
  readonly settings: JobMasterSettings;
  /** A savepoint or retained checkpoint the job starts from. */
  readonly initialRestore?: RestoreSource;
  readonly onStatusChange?: (status: JobStatus) => void;
  readonly onTerminated: (termination: JobTermination) => void;
}

export class JobMaster extends FencedRpcEndpoint<JobMasterId> implements JobMasterGateway {
  static override readonly unfencedMethods = unfencedMethods<JobMasterGateway>();

  readonly graph: ExecutionGraph;
  readonly #options: JobMasterOptions;
  readonly #pool: SlotPool;
  readonly #restartStrategy: RestartStrategy;
  readonly #coordinators: CoordinatorHost;
  readonly #taskManagers = new Map<string, Promise<TaskExecutorGateway>>();
  #resourceManager: ResourceManagerGateway | undefined;
  #slotTimeout: Cancellable | undefined;
  #startTime = Date.now();
  #terminated = false;
  #deployed = false;
  #restartDisabled = false;
  #endTime = -1;
  readonly #exceptions: ExceptionInfo[] = [];
  readonly #taskManagerLiveness: HeartbeatMonitor<string>;
  readonly #checkpoints: CheckpointCoordinator;
  /** What the next deployment restores from: a completed checkpoint, the initial savepoint, or nothing. */
  #restoreSource: RestoreSource | undefined;
  readonly #checkpointing: CheckpointingSettings;
  /** Failover regions by subtask key; one region means any failure restarts everything. */
  readonly #regionOf = new Map<SubtaskKey, readonly SubtaskKey[]>();
  /** Regions waiting for their cancelled subtasks to end before they restart. */
  readonly #restartingRegions = new Set<readonly SubtaskKey[]>();

  constructor(options: JobMasterOptions) {
    super({ ...options, fencingToken: options.jobMasterId });
    this.#options = options;
    this.graph = new ExecutionGraph(options.jobGraph);
    this.#pool = new SlotPool(computeSlots(options.jobGraph.vertices).required);
    this.#restartStrategy = createRestartStrategy(
      options.jobGraph.checkpointing !== undefined ? options.settings.restartStrategyWithCheckpointing : options.settings.restartStrategy,
    );
    this.#taskManagerLiveness = new HeartbeatMonitor(options.settings.heartbeat.timeoutMs);
    const checkpointSettings = jobCheckpointSettings(options.settings.checkpoint, options.jobGraph);
    this.#checkpointing = {
      enabled: checkpointSettings.intervalMs !== undefined,
      mode: checkpointSettings.mode,
      stateBackend: options.settings.stateBackend,
    };
    this.#checkpoints = new CheckpointCoordinator(options.jobGraph.jobId, checkpointSettings, this.#checkpointHost());
    this.#restoreSource = options.initialRestore;
    for (const region of computeFailoverRegions(options.jobGraph)) for (const key of region) this.#regionOf.set(key, region);
    if (options.initialRestore !== undefined) {
      const { metadata, directory } = options.initialRestore;
      this.#checkpoints.noteRestore(metadata.checkpointId, metadata.isSavepoint, directory);
    }
    this.#coordinators = new CoordinatorHost({
      restoredStates: options.initialRestore?.metadata.coordinators,
      jobGraph: options.jobGraph,
      program: options.program,
      artifactPath: options.artifactPath,
      heapLimitMb: options.settings.coordinatorHeapMb,
      sendToSubtask: (operatorId, subtask, event) => this.#sendToSubtask(operatorId, subtask, event),
      onFailure: (error) => this.runAsync(() => this.#handleGlobalFailure(error)),
    });
  }

  get jobId(): string {
    return this.#options.jobGraph.jobId;
  }

  protected override async onStart(): Promise<void> {
    this.#startTime = Date.now();
    this.#setStatus('RUNNING');
    const rm = await this.rpcService.connect<ResourceManagerGateway>(this.#options.resourceManagerAddress);
    this.#resourceManager = rm;
    this.#scheduleHeartbeats();
    await this.#requestSlots();
  }

  /** Asks the ResourceManager for the job's slots; the job fails if they do not come in time. */
  async #requestSlots(): Promise<void> {
    this.#slotTimeout?.cancel();
    this.#slotTimeout = this.scheduleRunAsync(() => this.#onSlotRequestTimeout(), this.#options.settings.slotRequestTimeoutMs);
    await this.#resourceManager?.declareRequiredResources(this.jobId, this.#options.jobMasterId, this.address, this.#pool.required);
  }

  async disconnectTaskManager(resourceId: string, cause: string): Promise<void> {
    this.#taskManagerLost(resourceId, cause);
  }

  #scheduleHeartbeats(): void {
    const { intervalMs } = this.#options.settings.heartbeat;
    this.scheduleRunAsync(() => {
      if (this.#terminated) return;
      for (const slot of this.#pool.all()) {
        if (this.#taskManagerLiveness.age(slot.taskManagerId) < 0) this.#taskManagerLiveness.track(slot.taskManagerId);
      }
      for (const tmId of this.#taskManagerLiveness.keys()) {
        const slot = this.#pool.all().find((s) => s.taskManagerId === tmId);
        if (slot === undefined) {
          this.#taskManagerLiveness.untrack(tmId);
          continue;
        }
        this.rpcService
          .connect<TaskExecutorGateway>(slot.taskManagerAddress, { timeoutMs: intervalMs })
          .then((tm) => tm.heartbeatFromJobManager(this.jobId))
          .then(
            (reports) =>
              this.runAsync(() => {
                this.#taskManagerLiveness.beat(tmId);
                for (const report of reports) {
                  const execution = this.graph.execution(report.attemptId);
                  if (execution !== undefined && !execution.isTerminal) execution.accumulators = report.accumulators;
                }
              }),
            () => undefined,
          );
      }
      for (const tmId of this.#taskManagerLiveness.expired()) {
        this.#taskManagerLost(tmId, `TaskManager ${tmId} did not answer heartbeats for ${this.#options.settings.heartbeat.timeoutMs} ms`);
      }
      this.#scheduleHeartbeats();
    }, intervalMs);
  }

  /** Its slots are gone and its tasks with them; the failure goes through the restart strategy. */
  #taskManagerLost(resourceId: string, cause: string): void {
    this.#taskManagerLiveness.untrack(resourceId);
    this.#taskManagers.delete(this.#pool.all().find((s) => s.taskManagerId === resourceId)?.taskManagerAddress ?? '');
    const lost = this.#pool.removeTaskManager(resourceId);
    if (lost.length === 0 || this.#terminated) return;
    const error = serializeError(new WeirError('TASK_FAILED', `lost TaskManager ${resourceId}: ${cause}`));
    for (const subtask of this.graph.allExecutionVertices()) {
      const execution = subtask.current;
      if (execution.slot?.taskManagerId !== resourceId || execution.isTerminal) continue;
      void this.updateTaskExecutionState({ executionAttemptId: execution.attemptId, state: 'FAILED', error });
    }
  }

  protected override async onStop(): Promise<void> {
    await this.#coordinators.close();
  }

  async offerSlots(
    taskManagerId: string,
    taskManagerAddress: string,
    dataAddress: string,
    offers: readonly SlotOffer[],
  ): Promise<readonly SlotOffer[]> {
    if (this.#terminated) return [];
    const accepted = offers.filter((offer) =>
      this.#pool.offer({ taskManagerId, taskManagerAddress, dataAddress, allocationId: offer.allocationId, slotIndex: offer.slotIndex }),
    );
    if (accepted.length > 0 && this.#pool.isComplete && !this.#deployed) this.runAsync(() => this.#deployAll());
    return accepted;
  }

  async notifyNotEnoughResources(required: number, available: number): Promise<void> {
    if (this.#deployed || this.#terminated) return;
    const error = this.#notEnoughSlots(required, available);
    this.#recordException(error, undefined, null);
    this.#failWithoutRestart(error);
  }

  async updateTaskExecutionState(update: TaskExecutionStateUpdate): Promise<boolean> {
    const execution = this.graph.execution(update.executionAttemptId);
    if (execution === undefined) return false;
    if (execution.state === 'CANCELING' && update.state === 'RUNNING') {
      // The cancel reached the TaskManager before the task did; say it again now that the task runs.
      this.#resendCancel(execution);
      return false;
    }
    if (!execution.transitionTo(update.state)) return false;
    if (update.accumulators !== undefined) execution.accumulators = update.accumulators;
    if (
      (update.state === 'RUNNING' || update.state === 'FINISHED') &&
      this.graph.allExecutionVertices().every((v) => v.current.state === 'RUNNING' || v.current.state === 'FINISHED')
    ) {
      this.#checkpoints.start();
    }
    if (update.state === 'FAILED') {
      execution.failure = update.error ?? serializeError(new Error('the task failed without a reason'));
      this.#recordException(execution.failure, execution.vertex, execution.slot?.taskManagerId ?? null);
      this.#handleTaskFailure(execution);
    } else if (execution.isTerminal) {
      const region = this.#regionOf.get(subtaskKey(execution.vertex.jobVertex.id, execution.vertex.subtaskIndex));
      if (region !== undefined && this.#restartingRegions.has(region)) this.#checkRegionTerminal(region);
      else this.#checkAllTerminal();
    }
    return true;
  }

  async sendOperatorEventToCoordinator(executionAttemptId: string, operatorId: string, event: unknown): Promise<void> {
    const execution = this.graph.execution(executionAttemptId);
    if (execution === undefined || execution.isTerminal) return;
    this.#coordinators.handleEventFromOperator(operatorId, execution.vertex.subtaskIndex, event);
  }

  async requestJobStatus(): Promise<JobStatus> {
    return this.graph.status;
  }

  async cancel(): Promise<void> {
    const status = this.graph.status;
    if (status === 'FINISHED' || status === 'FAILED' || status === 'CANCELED' || status === 'CANCELLING') return;
    this.#checkpoints.stop('the job is cancelled');
    this.#setStatus('CANCELLING');
    this.#cancelAllExecutions();
    this.#checkAllTerminal();
  }

  async fetchCollectResults(operatorId: string, offset: number): Promise<CollectBatch> {
    return this.#coordinators.fetchCollectResults(operatorId, offset);
  }

  async acknowledgeCheckpoint(executionAttemptId: string, checkpointId: number, state: TaskStateSnapshot, stats: CheckpointStats): Promise<void> {
    this.#checkpoints.acknowledge(executionAttemptId, checkpointId, state, stats);
  }

  async declineCheckpoint(executionAttemptId: string, checkpointId: number, reason: SerializedError): Promise<void> {
    this.#checkpoints.decline(executionAttemptId, checkpointId, reason);
  }

  /** POST /jobs/:id/checkpoints: a checkpoint now, outside the schedule. */
  async triggerCheckpoint(): Promise<{ readonly checkpointId: number; readonly location: string }> {
    const checkpoint = await this.#checkpoints.trigger(false);
    return { checkpointId: checkpoint.id, location: checkpoint.location };
  }

  async triggerSavepoint(targetDirectory: string | null): Promise<{ readonly location: string }> {
    const savepoint = await this.#checkpoints.trigger(true, targetDirectory ?? undefined);
    return { location: savepoint.location };
  }

  /**
   * Flink's stop-with-savepoint: the sources emit nothing after the savepoint's barrier and
   * end their input once it completes, so the savepoint holds everything the job did and a
   * job resumed from it repeats nothing.
   */
  async stopWithSavepoint(targetDirectory: string | null, drain: boolean): Promise<{ readonly location: string }> {
    const savepoint = await this.#checkpoints.trigger(true, targetDirectory ?? undefined, drain ? 'drain' : 'stop');
    return { location: savepoint.location };
  }

  async requestCheckpointStats(): Promise<CheckpointStatsSnapshot> {
    return { ...this.#checkpoints.snapshotStats(), settings: this.#checkpoints.settings };
  }

  #checkpointHost() {
    return {
      runningTasks: (): CheckpointTask[] | undefined => {
        if (this.graph.status !== 'RUNNING') return undefined;
        const tasks: CheckpointTask[] = [];
        for (const subtask of this.graph.allExecutionVertices()) {
          const execution = subtask.current;
          // A finished task (a source with no split left) has nothing more to put in a checkpoint.
          if (execution.state === 'FINISHED') continue;
          if (execution.state !== 'RUNNING') return undefined;
          const vertex = subtask.jobVertex;
          tasks.push({
            attemptId: execution.attemptId,
            vertexId: vertex.id,
            subtask: subtask.subtaskIndex,
            parallelism: vertex.parallelism,
            maxParallelism: vertex.maxParallelism,
            operatorIds: vertex.nodeIds.map((id) => this.#options.jobGraph.streamNodes.find((n) => n.id === id)?.operatorId ?? ''),
            isSource: vertex.isSource,
          });
        }
        return tasks.some((t) => t.isSource) ? tasks : undefined;
      },
      snapshotCoordinators: (checkpointId: number) => this.#coordinators.snapshot(checkpointId),
      releaseOperatorEvents: () => this.#coordinators.releaseEvents(),
      trigger: (task: CheckpointTask, barrier: CheckpointBarrier) =>
        this.#onTaskManagerOf(task.attemptId, (tm) => tm.triggerCheckpoint(task.attemptId, barrier)),
      notifyDone: (task: CheckpointTask, checkpointId: number, completed: boolean) =>
        this.#onTaskManagerOf(task.attemptId, (tm) => tm.notifyCheckpointDone(task.attemptId, checkpointId, completed)),
      failJob: (error: SerializedError) => this.runAsync(() => this.#failover(error)),
      schedule: (action: () => void, delayMs: number) => this.scheduleRunAsync(action, delayMs),
      log: { warn: (message: string, details?: unknown) => this.log.warn(message, details) },
    };
  }

  /** Calls the TaskManager that runs an execution, if it still runs. */
  #onTaskManagerOf(attemptId: string, call: (tm: TaskExecutorGateway) => Promise<void>): void {
    const slot = this.graph.execution(attemptId)?.slot;
    if (slot === undefined) return;
    this.#taskManager(slot.taskManagerAddress)
      .then(call)
      .catch((error: unknown) => this.log.debug(`a checkpoint call to ${slot.taskManagerId} failed`, error));
  }

  /** A failure of the whole job, not of one task (a checkpoint limit, a lost enumerator): restart by the strategy. */
  #failover(error: SerializedError): void {
    if (this.#terminated || this.graph.status !== 'RUNNING') return;
    this.#recordException(error, undefined, null);
    this.graph.failureCause = error;
    this.#checkpoints.stop('the job fails over');
    this.#setStatus('FAILING');
    this.#cancelAllExecutions();
    this.#checkAllTerminal();
  }

  async requestFlameGraph(vertexId: string, subtaskIndex: number | null, sampling: FlameGraphSampling): Promise<FlameGraphNode | null> {
    const attemptsByTaskManager = new Map<string, string[]>();
    for (const subtask of this.graph.subtasks(vertexId)) {
      const execution = subtask.current;
      if ((subtaskIndex !== null && subtask.subtaskIndex !== subtaskIndex) || execution.state !== 'RUNNING' || execution.slot === undefined) continue;
      const address = execution.slot.taskManagerAddress;
      attemptsByTaskManager.set(address, [...(attemptsByTaskManager.get(address) ?? []), execution.attemptId]);
    }
    const graphs = await Promise.all(
      [...attemptsByTaskManager].map(async ([address, attemptIds]) => {
        // The TaskManager answers after sampling: the call may take longer than an ordinary ask.
        const tm = await this.rpcService.connect<TaskExecutorGateway>(address, { timeoutMs: sampling.durationMs + this.rpcService.defaultTimeoutMs });
        return tm.requestFlameGraph(attemptIds, sampling);
      }),
    );
    const sampled = graphs.filter((graph) => graph !== null);
    return sampled.length === 0 ? null : mergeFlameGraphs(sampled);
  }

  async requestJobDetails(): Promise<JobDetailsInfo> {
    const now = Date.now();
    const jobGraph = this.#options.jobGraph;
    const vertices: VertexInfo[] = jobGraph.vertices.map((v) => {
      const subtasks = this.graph.subtasks(v.id).map((s) => subtaskInfo(s, now));
      const tasks = emptyStateCounts();
      for (const s of subtasks) tasks[s.status]++;
      const startTimes = subtasks.map((s) => s.startTime).filter((t) => t > 0);
      const startTime = startTimes.length > 0 ? Math.min(...startTimes) : -1;
      const ended = subtasks.every((s) => s.endTime > 0);
      const endTime = ended ? Math.max(...subtasks.map((s) => s.endTime)) : -1;
      return {
        id: v.id,
        name: v.name,
        parallelism: v.parallelism,
        maxParallelism: v.maxParallelism,
        status: aggregateExecutionState(tasks),
        startTime,
        endTime,
        duration: startTime < 0 ? -1 : (endTime > 0 ? endTime : now) - startTime,
        tasks,
        subtasks,
      };
    });
    const endTime = this.#endTime;
    return {
      jobId: jobGraph.jobId,
      name: jobGraph.jobName,
      state: this.graph.status,
      startTime: this.#startTime,
      endTime,
      duration: (endTime > 0 ? endTime : now) - this.#startTime,
      now,
      maxParallelism: Math.max(...jobGraph.vertices.map((v) => v.maxParallelism)),
      timestamps: { ...this.graph.statusTimestamps },
      vertices,
      plan: jobPlan(jobGraph),
      exceptions: [...this.#exceptions].reverse(),
      executionConfig: {
        restartStrategy: this.#restartStrategy.description,
        jobParallelism: Math.max(...jobGraph.vertices.map((v) => v.parallelism)),
        userConfig: jobGraph.jobParameters,
      },
    };
  }

  #recordException(error: SerializedError, vertex: ExecutionVertex | undefined, taskManagerId: string | null): void {
    this.#exceptions.push({
      exceptionName: error.name,
      stacktrace: error.stack,
      timestamp: Date.now(),
      taskName: vertex?.taskName ?? null,
      taskManagerId,
    });
    // The newest failures matter; an endless restart loop must not grow this without bound.
    if (this.#exceptions.length > 100) this.#exceptions.shift();
  }

  #deployAll(): void {
    if (this.#terminated || this.#deployed) return;
    this.#deployed = true;
    this.#slotTimeout?.cancel();
    this.#deploy(this.graph.allExecutionVertices(), this.#restoreSource);
  }

  /** Deploys the current executions of `subtasks` into their slots, restoring from `restoreSource`. */
  #deploy(subtasks: readonly ExecutionVertex[], restoreSource: RestoreSource | undefined): void {
    const assignment = this.#pool.assign(this.#options.jobGraph.vertices);
    for (const subtask of subtasks) {
      const slot = assignment.get(subtask.jobVertex.id)?.[subtask.subtaskIndex];
      if (slot === undefined) throw new Error(`no slot for ${subtask.taskName}`);
      subtask.current.slot = slot;
      subtask.current.transitionTo('SCHEDULED');
    }
    const jobGraph = this.#options.jobGraph;
    const context = {
      program: this.#options.program,
      artifact: this.#options.artifact,
      network: this.#options.settings.network,
      checkpointing: this.#checkpointing,
      time: this.#options.settings.time,
    };
    for (const subtask of subtasks) {
      const execution = subtask.current;
      const restore = restoreSource === undefined ? undefined : restoreForSubtask(restoreSource, jobGraph, subtask.jobVertex, subtask.subtaskIndex);
      const tdd = buildDeployment(this.graph, subtask, { ...context, restore });
      execution.transitionTo('DEPLOYING');
      const slot = execution.slot as NonNullable<Execution['slot']>;
      this.#taskManager(slot.taskManagerAddress)
        .then((tm) => tm.submitTask(tdd, slot.allocationId))
        .catch((error: unknown) =>
          this.runAsync(() =>
            this.updateTaskExecutionState({ executionAttemptId: execution.attemptId, state: 'FAILED', error: serializeError(error) }),
          ),
        );
    }
  }


  #handleTaskFailure(execution: Execution): void {
    const status = this.graph.status;
    if (status === 'CANCELLING' || status === 'FAILING' || status === 'RESTARTING') {
      this.#checkAllTerminal();
      return;
    }
    const region = this.#regionOf.get(subtaskKey(execution.vertex.jobVertex.id, execution.vertex.subtaskIndex));
    if (this.#options.settings.failoverStrategy === 'region' && this.#deployed && region !== undefined && region.length < this.#regionOf.size) {
      this.#failoverRegion(region, execution);
      return;
    }
    this.graph.failureCause = execution.failure;
    this.#checkpoints.stop('a task failed');
    this.#setStatus('FAILING');
    this.#cancelAllExecutions();
    this.#checkAllTerminal();
  }

  #handleGlobalFailure(error: SerializedError): void {
    if (this.#terminated) return;
    this.#recordException(error, undefined, null);
    this.#failWithoutRestart(error);
  }

  #failWithoutRestart(error: SerializedError): void {
    this.graph.failureCause = error;
    this.#checkpoints.stop('the job fails');
    if (this.graph.status !== 'FAILING') this.#setStatus('FAILING');
    this.#restartDisabled = true;
    this.#cancelAllExecutions();
    this.#checkAllTerminal();
  }

  /** Only the failed task's region stops and restarts; the rest of the job runs on. */
  #failoverRegion(region: readonly SubtaskKey[], failed: Execution): void {
    if (this.#restartingRegions.has(region)) return;
    this.#restartingRegions.add(region);
    this.#checkpoints.stop(`a task of a failover region failed: ${failed.failure?.message ?? ''}`);
    this.#cancelExecutions(this.#subtasksOf(region));
    this.#checkRegionTerminal(region);
  }

  #subtasksOf(region: readonly SubtaskKey[]): ExecutionVertex[] {
    const keys = new Set(region);
    return this.graph.allExecutionVertices().filter((v) => keys.has(subtaskKey(v.jobVertex.id, v.subtaskIndex)));
  }

  #checkRegionTerminal(region: readonly SubtaskKey[]): void {
    const subtasks = this.#subtasksOf(region);
    if (!subtasks.every((v) => v.current.isTerminal)) return;
    this.#restartingRegions.delete(region);
    const delay = this.#restartStrategy.onFailure(Date.now());
    if (delay === undefined) {
      this.graph.failureCause = subtasks.find((v) => v.current.failure !== undefined)?.current.failure ?? this.graph.failureCause;
      this.#failWithoutRestart(this.graph.failureCause ?? serializeError(new Error('a failover region failed')));
      return;
    }
    this.scheduleRunAsync(() => this.#restartRegion(subtasks), delay);
  }

  #restartRegion(subtasks: readonly ExecutionVertex[]): void {
    if (this.#terminated || this.graph.status !== 'RUNNING') return;
    if (!this.#pool.isComplete) {
      // The region lost slots (its TaskManager died): only a global restart waits for new ones.
      this.#failover(serializeError(new WeirError('TASK_FAILED', 'a failover region lost its slots')));
      return;
    }
    this.graph.restartSubtasks(subtasks);
    const latest = this.#checkpoints.latestCompleted();
    const source: RestoreSource | undefined = latest !== undefined ? { metadata: latest.metadata, directory: latest.location } : this.#restoreSource;
    const checkpointId = source?.metadata.checkpointId ?? 0;
    for (const subtask of subtasks) {
      if (!subtask.jobVertex.isSource) continue;
      const head = this.#options.jobGraph.streamNodes.find((n) => n.id === subtask.jobVertex.nodeIds[0]);
      if (head !== undefined) this.#coordinators.subtaskReset(head.operatorId, subtask.subtaskIndex, checkpointId);
    }
    this.#deploy(subtasks, source);
  }

  #resendCancel(execution: Execution): void {
    const slot = execution.slot;
    if (slot === undefined) return;
    this.#taskManager(slot.taskManagerAddress)
      .then((tm) => tm.cancelTask(execution.attemptId))
      .catch((error: unknown) => this.log.warn(`could not cancel ${execution.vertex.taskName}`, error));
  }

  #cancelAllExecutions(): void {
    this.#cancelExecutions(this.graph.allExecutionVertices());
  }

  #cancelExecutions(subtasks: readonly ExecutionVertex[]): void {
    for (const subtask of subtasks) {
      const execution = subtask.current;
      if (execution.isTerminal) continue;
      if (execution.state === 'CREATED' || execution.state === 'SCHEDULED') {
        execution.transitionTo('CANCELED');
        continue;
      }
      execution.transitionTo('CANCELING');
      const slot = execution.slot;
      if (slot === undefined) continue;
      this.#taskManager(slot.taskManagerAddress)
        .then((tm) => tm.cancelTask(execution.attemptId))
        .catch((error: unknown) => this.log.warn(`could not cancel ${subtask.taskName}`, error));
    }
  }

  #checkAllTerminal(): void {
    const executions = this.graph.allExecutionVertices().map((v) => v.current);
    if (!executions.every((e) => e.isTerminal)) return;
    switch (this.graph.status) {
      case 'RUNNING':
        if (executions.every((e) => e.state === 'FINISHED')) this.#terminate('FINISHED');
        break;
      case 'CANCELLING':
        this.#terminate('CANCELED');
        break;
      case 'FAILING': {
        const delay = this.#restartDisabled || !this.#deployed ? undefined : this.#restartStrategy.onFailure(Date.now());
        if (delay === undefined) this.#terminate('FAILED');
        else this.#scheduleRestart(delay);
        break;
      }
      default:
        break;
    }
  }

  #scheduleRestart(delayMs: number): void {
    this.#setStatus('RESTARTING');
    this.scheduleRunAsync(() => {
      if (this.graph.status !== 'RESTARTING') return;
      this.graph.restart();
      const latest = this.#checkpoints.latestCompleted();
      if (latest !== undefined) {
        this.#restoreSource = { metadata: latest.metadata, directory: latest.location };
        this.#checkpoints.noteRestore(latest.id, false, latest.location);
      }
      this.#coordinators.resetForRestart(this.#restoreSource?.metadata.coordinators);
      this.#deployed = false;
      this.#setStatus('RUNNING');
      if (this.#pool.isComplete) this.#deployAll();
      else void this.#requestSlots();
    }, delayMs);
  }

  #terminate(state: 'FINISHED' | 'CANCELED' | 'FAILED'): void {
    if (this.#terminated) return;
    this.#terminated = true;
    this.#slotTimeout?.cancel();
    this.#setStatus(state);
    const endTime = Date.now();
    this.#endTime = endTime;
    const failure = state === 'FAILED' ? this.graph.failureCause : undefined;
    // The result is announced once the slots are back, so a next job finds them free.
    void Promise.all([this.#coordinators.endOfJob(), this.#releaseSlots(), this.#checkpoints.shutdown(state)]).finally(() =>
      this.#options.onTerminated({
        state,
        startTime: this.#startTime,
        endTime,
        accumulators: mergeAccumulators(this.graph.allExecutionVertices().flatMap((subtask) => subtask.current.accumulators)),
        ...(failure !== undefined ? { error: failure } : {}),
      }),
    );
  }

  async #releaseSlots(): Promise<void> {
    // The requirement goes first, or the ResourceManager would hand the freed slots straight back to this job.
    await this.#resourceManager?.disconnectJobManager(this.jobId).catch(() => undefined);
    await Promise.all(
      this.#pool.all().map((slot) =>
        this.#taskManager(slot.taskManagerAddress)
          .then((tm) => tm.freeSlot(slot.allocationId, `job ${this.jobId} ended`))
          .catch((error: unknown) => this.log.warn(`could not free slot ${slot.allocationId}`, error)),
      ),
    );
  }

  #onSlotRequestTimeout(): void {
    if (this.#deployed || this.#terminated) return;
    const rm = this.#resourceManager;
    const failWith = (available: number): void => {
      const error = this.#notEnoughSlots(this.#pool.required, available);
      this.#recordException(error, undefined, null);
      this.#failWithoutRestart(error);
    };
    if (rm === undefined) failWith(this.#pool.size);
    else
      rm.requestClusterOverview().then(
        (overview) => this.runAsync(() => failWith(overview.slotsTotal)),
        () => this.runAsync(() => failWith(this.#pool.size)),
      );
  }

  #notEnoughSlots(required: number, available: number): SerializedError {
    const slots = computeSlots(this.#options.jobGraph.vertices);
    return serializeError(
      new WeirError(
        'NOT_ENOUGH_SLOTS',
        `not enough slots: the job needs ${required} (${describeSlotRequirement(slots)}), the cluster has ${available}; start more TaskManagers, raise taskmanager.numberOfTaskSlots or lower the parallelism`,
      ),
    );
  }

  #sendToSubtask(operatorId: string, subtask: number, event: unknown): void {
    this.runAsync(() => {
      const node = this.#options.jobGraph.streamNodes.find((n) => n.operatorId === operatorId);
      const vertex = node === undefined ? undefined : this.#options.jobGraph.vertices.find((v) => v.nodeIds.includes(node.id));
      if (vertex === undefined) return;
      const execution = this.graph.subtasks(vertex.id)[subtask]?.current;
      const slot = execution?.slot;
      if (execution === undefined || slot === undefined || execution.isTerminal) return;
      this.#taskManager(slot.taskManagerAddress)
        .then((tm) => tm.sendOperatorEventToTask(execution.attemptId, operatorId, event))
        .catch((error: unknown) => this.log.warn(`could not deliver an operator event to ${execution.vertex.taskName}`, error));
    });
  }

  #taskManager(address: string): Promise<TaskExecutorGateway> {
    let gateway = this.#taskManagers.get(address);
    if (gateway === undefined) {
      gateway = this.rpcService.connect<TaskExecutorGateway>(address);
      this.#taskManagers.set(address, gateway);
      gateway.catch(() => this.#taskManagers.delete(address));
    }
    return gateway;
  }

  #setStatus(status: JobStatus): void {
    if (this.graph.transitionTo(status)) this.#options.onStatusChange?.(status);
  }
}

/** The cluster's checkpoint settings with what the program set (`env.enableCheckpointing`) on top. */
function jobCheckpointSettings(base: CheckpointSettings, jobGraph: JobGraph): CheckpointSettings {
  const overrides = jobGraph.checkpointing;
  if (overrides === undefined) return base;
  return { ...base, intervalMs: overrides.intervalMs, mode: overrides.mode };
}

export type { CompletedCheckpoint };

export function emptyStateCounts(): Record<ExecutionState, number> {
  return { CREATED: 0, SCHEDULED: 0, DEPLOYING: 0, INITIALIZING: 0, RUNNING: 0, FINISHED: 0, CANCELING: 0, CANCELED: 0, FAILED: 0 };
}

/** A vertex's state is the "least advanced" of its subtasks', as Flink aggregates it. */
function subtaskInfo(vertex: ExecutionVertex, now: number): SubtaskInfo {
  const execution = vertex.current;
  const timestamps = execution.stateTimestamps;
  const startTime = timestamps.DEPLOYING ?? -1;
  const endTime = execution.isTerminal ? (timestamps[execution.state] ?? -1) : -1;
  return {
    subtask: vertex.subtaskIndex,
    attempt: execution.attemptNumber,
    status: execution.state,
    taskManagerId: execution.slot?.taskManagerId ?? null,
    startTime,
    endTime,
    duration: startTime < 0 ? -1 : (endTime > 0 ? endTime : now) - startTime,
    timestamps: { ...timestamps },
    accumulators: execution.accumulators,
  };
}
