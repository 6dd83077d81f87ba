/**
 * The TaskExecutor: the heart of a TaskManager. It registers its slots with the
 * ResourceManager, offers them to JobMasters, runs deployed tasks in slot worker threads
 * and routes their data: between its own slots directly, to other TaskManagers through
 * the network stack.
 */
import { mkdir, writeFile, access } from 'node:fs/promises';
import { MessageChannel } from 'node:worker_threads';
import { join } from 'node:path';
import { WeirError, serializeError, type SerializedError } from '../core/errors.js';
import type { JobMasterGateway } from '../jobmaster/job-master-gateway.js';
import type { BlobServerGateway } from '../jobmaster/blob-server-gateway.js';
import type { ResourceManagerGateway } from '../resourcemanager/resource-manager-gateway.js';
import { subtaskTitle, type ExecutionState, type TaskDeploymentDescriptor } from '../runtime/deployment.js';
import { RpcEndpoint, type RpcEndpointOptions, type TcpRpcTlsOptions } from '../rpc/index.js';
import { isDownstream, type ChannelKey, type CheckpointBarrier, type NetworkMessage } from './network/messages.js';
import { NetworkStack } from './network/network-stack.js';
import { HeartbeatMonitor, type HeartbeatSettings } from '../core/heartbeat-monitor.js';
import type { FromSlot, TaskAccumulators } from './slot-protocol.js';
import type { AccumulatorSnapshot } from '../api/accumulators.js';
import { dumpThreads, type ThreadInfo } from '../core/thread-dump.js';
import { mergeFlameGraphs, type FlameGraphNode, type FlameGraphSampling } from '../metrics/flame-graph.js';
import { SlotWorkerHandle } from './slot-worker-handle.js';
import type { SlotOffer, TaskExecutorGateway } from './task-executor-gateway.js';
import { TaskManagerMetrics } from '../metrics/task-manager-metrics.js';
import type { TaskManagerMetricDump } from '../metrics/metric-snapshot.js';
import { listLogFiles, readLogFile, type LogFileInfo, type LogFileText } from '../logging/log-files.js';
import { processLogLocation, processLogger } from '../logging/process-log.js';
import { describeTaskManagerResources } from './task-manager-resources.js';

export interface TaskExecutorOptions extends RpcEndpointOptions {
  readonly resourceId: string;
  readonly numberOfSlots: number;
  readonly slotHeapMb: number;
  readonly resourceManagerAddress: string;
  readonly blobServerAddress: string;
  /** Where downloaded artifacts are cached, by hash. */
  readonly workDir: string;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  readonly heartbeat: HeartbeatSettings;
  /** Where to listen for peer TaskManagers; absent in the mini cluster, whose one TaskManager needs no peers. */
  readonly network?: { readonly bindHost: string; readonly advertisedHost: string; readonly port: number; readonly tls?: TcpRpcTlsOptions | undefined };
  /** Called when the TaskManager registered with a ResourceManager (again). */
  readonly onRegistered?: () => void;
  /** `metrics.enabled`; default true. */
  readonly metricsEnabled?: boolean;
}

interface Slot {
  readonly index: number;
  allocationId: string | undefined;
  jobId: string | undefined;
  jobMaster: JobMasterGateway | undefined;
  worker: SlotWorkerHandle | undefined;
  readonly tasks: Set<string>;
}

interface RunningTask {
  readonly slot: Slot;
  readonly tdd: TaskDeploymentDescriptor;
  state: ExecutionState;
  /** The latest the slot reported; goes to the JobMaster with the next heartbeat. */
  accumulators?: readonly AccumulatorSnapshot[];
}

export class TaskExecutor extends RpcEndpoint implements TaskExecutorGateway {
  readonly resourceId: string;
  readonly #options: TaskExecutorOptions;
  readonly #slots: Slot[];
  readonly #tasks = new Map<string, RunningTask>();
  /** Flame graph samplings the slot threads have not answered yet, by request id. */
  readonly #flameGraphRequests = new Map<
    number,
    { readonly worker: SlotWorkerHandle; readonly resolve: (graph: FlameGraphNode | undefined) => void; readonly reject: (error: Error) => void }
  >();
  #nextFlameGraphRequest = 0;
  /** Which local slot consumes (data) or produces (credit) on a channel. */
  readonly #consumers = new Map<ChannelKey, Slot>();
  readonly #producers = new Map<ChannelKey, Slot>();
  readonly #artifacts = new Map<string, Promise<string>>();
  /** Messages for channel ends whose task is not deployed yet, by end: deployments race with data. */
  readonly #early = new Map<string, NetworkMessage[]>();
  readonly #cancelledBeforeDeploy = new Set<string>();
  #resourceManager: ResourceManagerGateway | undefined;
  #network: NetworkStack | undefined;
  #dataAddress = '';
  /** Silence from the ResourceManager or a job's JobMaster beyond the timeout means they are gone. */
  readonly #leaders: HeartbeatMonitor<string>;
  #registering = false;
  /** This TaskManager's metrics; read by its Prometheus endpoint, fetched by the JobManager. */
  readonly metrics: TaskManagerMetrics | undefined;

  constructor(options: TaskExecutorOptions) {
    super(options);
    this.#options = options;
    this.resourceId = options.resourceId;
    this.metrics = options.metricsEnabled === false ? undefined : new TaskManagerMetrics(options.resourceId);
    this.#slots = Array.from({ length: options.numberOfSlots }, (_, index) => ({
      index,
      allocationId: undefined,
      jobId: undefined,
      jobMaster: undefined,
      worker: undefined,
      tasks: new Set<string>(),
    }));
    this.#leaders = new HeartbeatMonitor(options.heartbeat.timeoutMs);
  }

  protected override async onStart(): Promise<void> {
    const network = this.#options.network;
    if (network !== undefined) {
      const stack = new NetworkStack({
        resourceId: this.resourceId,
        bindHost: network.bindHost,
        advertisedHost: network.advertisedHost,
        port: network.port,
        tls: network.tls,
        onMessage: (message) => this.runAsync(() => this.#route(message)),
        onPeerLost: (peer, reason) => this.runAsync(() => this.#peerLost(peer, reason)),
      });
      this.#dataAddress = await stack.start();
      this.#network = stack;
    }
    this.#register();
    this.#scheduleLivenessCheck();
  }

  protected override async onStop(): Promise<void> {
    await Promise.all(this.#slots.map((slot) => slot.worker?.terminate() ?? Promise.resolve()));
    await this.#network?.close();
    this.metrics?.close();
  }

  async heartbeatFromResourceManager(_resourceManagerId: string): Promise<void> {
    this.#leaders.beat('resourcemanager');
  }

  async heartbeatFromJobManager(jobId: string): Promise<readonly TaskAccumulators[]> {
    this.#leaders.beat(`job:${jobId}`);
    const reports: TaskAccumulators[] = [];
    for (const [attemptId, task] of this.#tasks) {
      if (task.tdd.jobId === jobId && task.accumulators !== undefined) reports.push({ attemptId, accumulators: task.accumulators });
    }
    return reports;
  }

  /** Registers with the ResourceManager, retrying until it answers: it may start after us or come back. */
  #register(attempt = 0): void {
    if (this.#registering) return;
    this.#registering = true;
    const retry = (error: unknown): void => {
      this.#registering = false;
      if (attempt === 0) this.log.warn(`cannot reach the ResourceManager at ${this.#options.resourceManagerAddress} yet; retrying`, error);
      this.scheduleRunAsync(() => this.#register(attempt + 1), Math.min(5000, 200 * 2 ** Math.min(attempt, 5)));
    };
    this.rpcService
      .connect<ResourceManagerGateway>(this.#options.resourceManagerAddress, { timeoutMs: this.#options.heartbeat.intervalMs * 2 })
      .then((rm) =>
        rm
          .registerTaskExecutor({
            resourceId: this.resourceId,
            address: this.address,
            numberOfSlots: this.#slots.length,
            dataAddress: this.#dataAddress,
            resources: describeTaskManagerResources(this.#slots.length, this.#options.slotHeapMb),
          })
          .then(() =>
            this.runAsync(() => {
              this.#registering = false;
              this.#resourceManager = rm;
              this.#leaders.track('resourcemanager');
              this.#options.onRegistered?.();
            }),
          ),
      )
      .catch(retry);
  }

  #scheduleLivenessCheck(): void {
    this.scheduleRunAsync(() => {
      for (const leader of this.#leaders.expired()) {
        this.#leaders.untrack(leader);
        if (leader === 'resourcemanager') this.#resourceManagerLost();
        else this.#jobManagerLost(leader.slice('job:'.length));
      }
      this.#scheduleLivenessCheck();
    }, this.#options.heartbeat.intervalMs);
  }

  /** Without a ResourceManager no slot assignment is valid: free them all and register anew. */
  #resourceManagerLost(): void {
    this.log.warn(`lost the ResourceManager at ${this.#options.resourceManagerAddress}: no heartbeat for ${this.#options.heartbeat.timeoutMs} ms; freeing all slots and reconnecting`);
    this.#resourceManager = undefined;
    for (const slot of this.#slots) {
      if (slot.allocationId !== undefined) void this.#releaseSlot(slot, 'the ResourceManager was lost', false);
    }
    this.#register();
  }

  #jobManagerLost(jobId: string): void {
    this.log.warn(`lost the JobMaster of job ${jobId}: no heartbeat for ${this.#options.heartbeat.timeoutMs} ms; freeing its slots`);
    for (const slot of this.#slots) {
      if (slot.jobId === jobId && slot.allocationId !== undefined) void this.#releaseSlot(slot, `the JobMaster of job ${jobId} was lost`, true);
    }
  }

  /** A peer's data connection broke: every task with a channel to it fails. */
  #peerLost(peer: string, reason: string): void {
    for (const [attemptId, task] of this.#tasks) {
      const talksToPeer =
        task.tdd.inputs.some((i) => i.producerLocation === peer) ||
        task.tdd.outputs.some((o) => o.channels.some((c) => c.consumerLocation === peer));
      if (!talksToPeer) continue;
      task.slot.worker?.post({ type: 'cancel', attemptId });
      this.#reportState(attemptId, 'FAILED', serializeError(new WeirError('TASK_FAILED', reason)));
    }
    this.#network?.forgetPeer(peer);
  }

  async requestSlot(slotIndex: number, jobId: string, allocationId: string, jobMasterAddress: string, jobMasterId: string): Promise<void> {
    const slot = this.#slots[slotIndex];
    if (slot === undefined) throw new WeirError('TASK_FAILED', `TaskManager ${this.resourceId} has no slot ${slotIndex}`);
    if (slot.allocationId !== undefined && slot.allocationId !== allocationId) {
      throw new WeirError('TASK_FAILED', `slot ${slotIndex} of TaskManager ${this.resourceId} is already allocated`);
    }
    slot.allocationId = allocationId;
    slot.jobId = jobId;
    slot.worker ??= this.#startWorker(slot);
    const jobMaster = await this.rpcService.connectFenced<JobMasterGateway>(jobMasterAddress, jobMasterId);
    slot.jobMaster = jobMaster;
    if (this.#leaders.age(`job:${jobId}`) < 0) this.#leaders.track(`job:${jobId}`);
    const offer: SlotOffer = { allocationId, slotIndex };
    const accepted = await jobMaster.offerSlots(this.resourceId, this.address, this.#dataAddress, [offer]);
    if (!accepted.some((a) => a.allocationId === allocationId)) await this.freeSlot(allocationId, 'the JobMaster declined the slot');
  }

  async submitTask(tdd: TaskDeploymentDescriptor, allocationId: string): Promise<void> {
    const slot = this.#slots.find((s) => s.allocationId === allocationId);
    if (slot === undefined || slot.worker === undefined || slot.jobId !== tdd.jobId) {
      throw new WeirError('TASK_FAILED', `no slot of TaskManager ${this.resourceId} is allocated to ${allocationId} for job ${tdd.jobId}`);
    }
    const artifactPath = await this.#artifactPath(tdd.artifact.hash);
    const task: RunningTask = { slot, tdd, state: 'DEPLOYING' };
    if (this.#cancelledBeforeDeploy.delete(tdd.executionAttemptId)) {
      slot.jobMaster
        ?.updateTaskExecutionState({ executionAttemptId: tdd.executionAttemptId, state: 'CANCELED' })
        .catch((error: unknown) => this.log.warn(`could not report task ${tdd.executionAttemptId} as CANCELED`, error));
      return;
    }
    this.#tasks.set(tdd.executionAttemptId, task);
    slot.tasks.add(tdd.executionAttemptId);
    this.#forgetEarlyMessages(tdd.jobId, tdd.jobAttempt);
    for (const [peer, address] of Object.entries(tdd.peers)) this.#network?.knowPeer(peer, address);
    slot.worker.post({ type: 'deploy', tdd, artifactPath, allocationId });
    for (const input of tdd.inputs) this.#registerEnd('in', input.key, slot);
    for (const output of tdd.outputs) for (const channel of output.channels) this.#registerEnd('out', channel.key, slot);
  }

  async cancelTask(executionAttemptId: string): Promise<void> {
    const task = this.#tasks.get(executionAttemptId);
    if (task !== undefined) task.slot.worker?.post({ type: 'cancel', attemptId: executionAttemptId });
    // A cancel can overtake its task's deployment: the task then must not start at all.
    else this.#cancelledBeforeDeploy.add(executionAttemptId);
  }

  async freeSlot(allocationId: string, cause: string): Promise<boolean> {
    const slot = this.#slots.find((s) => s.allocationId === allocationId);
    if (slot === undefined) return false;
    await this.#releaseSlot(slot, cause, true);
    return true;
  }

  /** Ends the slot's thread (and any task in it) and tells the ResourceManager it is free. */
  async #releaseSlot(slot: Slot, cause: string, notify: boolean): Promise<void> {
    const allocationId = slot.allocationId;
    const jobId = slot.jobId;
    const worker = slot.worker;
    for (const attemptId of [...slot.tasks]) {
      this.#reportState(attemptId, 'FAILED', serializeError(new WeirError('TASK_FAILED', `the slot was freed: ${cause}`)));
    }
    if (jobId !== undefined) this.#forgetEarlyMessages(jobId, Number.MAX_SAFE_INTEGER);
    slot.allocationId = undefined;
    slot.jobId = undefined;
    slot.jobMaster = undefined;
    slot.worker = undefined;
    if (jobId !== undefined && !this.#slots.some((s) => s.jobId === jobId)) this.#leaders.untrack(`job:${jobId}`);
    await worker?.terminate();
    if (notify && allocationId !== undefined) {
      await this.#resourceManager?.notifySlotAvailable(this.resourceId, slot.index, allocationId).catch(() => undefined);
    }
  }

  async triggerCheckpoint(executionAttemptId: string, barrier: CheckpointBarrier): Promise<void> {
    // A trigger for a task that already ended is stale: the JobMaster learns of the end from the task's state.
    this.#tasks.get(executionAttemptId)?.slot.worker?.post({ type: 'trigger-checkpoint', attemptId: executionAttemptId, barrier });
  }

  async notifyCheckpointDone(executionAttemptId: string, checkpointId: number, completed: boolean): Promise<void> {
    this.#tasks.get(executionAttemptId)?.slot.worker?.post({ type: 'checkpoint-done', attemptId: executionAttemptId, checkpointId, completed });
  }

  async sendOperatorEventToTask(executionAttemptId: string, operatorId: string, event: unknown): Promise<void> {
    const task = this.#tasks.get(executionAttemptId);
    task?.slot.worker?.post({ type: 'operator-event', attemptId: executionAttemptId, operatorId, event });
  }

  async requestFlameGraph(executionAttemptIds: readonly string[], sampling: FlameGraphSampling): Promise<FlameGraphNode | null> {
    const workers = new Set(executionAttemptIds.flatMap((id) => this.#tasks.get(id)?.slot.worker ?? []));
    const graphs = await Promise.all(
      [...workers].map((worker) => {
        const requestId = this.#nextFlameGraphRequest++;
        return new Promise<FlameGraphNode | undefined>((resolve, reject) => {
          this.#flameGraphRequests.set(requestId, { worker, resolve, reject });
          worker.post({ type: 'sample-flame-graph', requestId, sampling });
        });
      }),
    );
    const sampled = graphs.filter((graph) => graph !== undefined);
    return sampled.length === 0 ? null : mergeFlameGraphs(sampled);
  }

  async requestThreadDump(): Promise<readonly ThreadInfo[]> {
    const slotsByWorker = new Map(this.#slots.flatMap((slot) => (slot.worker === undefined ? [] : [[slot.worker.name, slot] as const])));
    const dump = await dumpThreads((workerName) => {
      const slot = slotsByWorker.get(workerName);
      if (slot === undefined) return undefined;
      const tasks = [...slot.tasks].flatMap((id) => {
        const tdd = this.#tasks.get(id)?.tdd;
        return tdd === undefined ? [] : [subtaskTitle(tdd)];
      });
      return {
        threadName: `slot ${slot.index}`,
        description: slot.jobId === undefined ? 'free' : `job ${slot.jobId}, tasks: ${tasks.length === 0 ? 'none' : tasks.join(', ')}`,
      };
    });
    return dump.sort((a, b) => a.threadName.localeCompare(b.threadName, 'en', { numeric: true }));
  }

  async requestMetricDump(): Promise<TaskManagerMetricDump | null> {
    return this.metrics?.dump() ?? null;
  }

  async requestLogList(): Promise<readonly LogFileInfo[]> {
    const location = processLogLocation();
    return location === undefined ? [] : listLogFiles(location);
  }

  async requestLogFile(name: string): Promise<LogFileText | null> {
    const location = processLogLocation();
    return (location === undefined ? undefined : await readLogFile(location, name)) ?? null;
  }

  #startWorker(slot: Slot): SlotWorkerHandle {
    const worker = new SlotWorkerHandle(
      slot.index,
      `weir slot ${slot.index} of TaskManager ${this.resourceId}`,
      this.#options.slotHeapMb,
      (message) => this.#onSlotMessage(slot, message),
      (code, error) => this.#onSlotExit(slot, worker, code, error),
    );
    const metrics = this.metrics;
    if (metrics !== undefined) {
      worker.post({ type: 'metrics-config', taskManagerId: this.resourceId, slotIndex: slot.index, intervalMs: metrics.reportIntervalMs });
    }
    this.#connectToOtherSlots(slot, worker);
    return worker;
  }

  /**
   * Gives the new slot thread a port to each other live slot thread and back, so data
   * between two slots of this TaskManager does not pass through (and wait for) this
   * thread. A slot's ports reach its peers before any deploy that could name them: a
   * task is deployed only into an allocated slot, and its worker is started (and
   * connected) when the slot is allocated.
   */
  #connectToOtherSlots(slot: Slot, worker: SlotWorkerHandle): void {
    const allocationId = slot.allocationId as string;
    for (const other of this.#slots) {
      if (other === slot || other.worker === undefined || other.allocationId === undefined) continue;
      const { port1, port2 } = new MessageChannel();
      worker.post({ type: 'peer', allocationId: other.allocationId, port: port1 }, [port1]);
      other.worker.post({ type: 'peer', allocationId, port: port2 }, [port2]);
    }
  }

  #onSlotMessage(slot: Slot, message: FromSlot): void {
    switch (message.type) {
      case 'net':
        for (const network of message.messages) this.#route(network);
        break;
      case 'task-state':
        this.#reportState(message.attemptId, message.state, message.error, message.accumulators);
        break;
      case 'accumulators':
        for (const report of message.reports) {
          const task = this.#tasks.get(report.attemptId);
          if (task !== undefined) task.accumulators = report.accumulators;
        }
        break;
      case 'operator-event': {
        const task = this.#tasks.get(message.attemptId);
        task?.slot.jobMaster
          ?.sendOperatorEventToCoordinator(message.attemptId, message.operatorId, message.event)
          .catch((error: unknown) => this.log.warn(`could not send an operator event to the JobMaster`, error));
        break;
      }
      case 'print':
        (message.stdErr ? (this.#options.stderr ?? writeStderr) : (this.#options.stdout ?? writeStdout))(message.text);
        break;
      case 'checkpoint-ack':
        this.#tasks
          .get(message.attemptId)
          ?.slot.jobMaster?.acknowledgeCheckpoint(message.attemptId, message.checkpointId, message.state, message.stats)
          .catch((error: unknown) => this.log.warn(`could not acknowledge checkpoint ${message.checkpointId}`, error));
        break;
      case 'checkpoint-decline':
        this.#tasks
          .get(message.attemptId)
          ?.slot.jobMaster?.declineCheckpoint(message.attemptId, message.checkpointId, message.error)
          .catch((error: unknown) => this.log.warn(`could not decline checkpoint ${message.checkpointId}`, error));
        break;
      case 'metrics':
        this.metrics?.onSlotReport(slot.index, message.report);
        break;
      case 'flame-graph': {
        const request = this.#flameGraphRequests.get(message.requestId);
        this.#flameGraphRequests.delete(message.requestId);
        if (message.error !== undefined) request?.reject(new Error(`slot ${slot.index} could not be sampled: ${message.error}`));
        else request?.resolve(message.graph);
        break;
      }
    }
    void slot;
  }

  /** A slot thread that dies takes its tasks with it: each is reported failed. */
  #onSlotExit(slot: Slot, worker: SlotWorkerHandle, code: number, error: Error | undefined): void {
    this.metrics?.slotReleased(slot.index);
    // A thread that is gone samples nothing: its part of a flame graph is empty.
    for (const [id, request] of this.#flameGraphRequests) {
      if (request.worker !== worker) continue;
      this.#flameGraphRequests.delete(id);
      request.resolve(undefined);
    }
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    const reason = error?.message.includes('out of memory') === true || (error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? `the slot's worker ran out of its ${this.#options.slotHeapMb} MB heap; raise taskmanager.memory.task.heap.size or lower the state per slot`
      : `the slot's worker thread exited with code ${code}${error !== undefined ? `: ${error.message}` : ''}`;
    for (const attemptId of [...slot.tasks]) {
      this.#reportState(attemptId, 'FAILED', serializeError(new WeirError('TASK_FAILED', reason)));
    }
  }

  #reportState(attemptId: string, state: ExecutionState, error: SerializedError | undefined, accumulators?: readonly AccumulatorSnapshot[]): void {
    const task = this.#tasks.get(attemptId);
    if (task === undefined) return;
    const { tdd } = task;
    processLogger()
      .child({ component: 'TaskExecutor', jobId: tdd.jobId, vertex: tdd.vertexId, subtask: tdd.subtaskIndex })
      .info(`${subtaskTitle(tdd)} switched from ${task.state} to ${state}`, error?.message);
    task.state = state;
    if (state === 'FINISHED' || state === 'FAILED' || state === 'CANCELED') this.#forgetTask(attemptId);
    task.slot.jobMaster
      ?.updateTaskExecutionState({
        executionAttemptId: attemptId,
        state,
        ...(error !== undefined ? { error } : {}),
        ...(accumulators !== undefined ? { accumulators } : {}),
      })
      .catch((e: unknown) => this.log.warn(`could not report task ${attemptId} as ${state}`, e));
  }

  #forgetTask(attemptId: string): void {
    const task = this.#tasks.get(attemptId);
    if (task === undefined) return;
    this.#tasks.delete(attemptId);
    task.slot.tasks.delete(attemptId);
    for (const input of task.tdd.inputs) if (this.#consumers.get(input.key) === task.slot) this.#consumers.delete(input.key);
    for (const output of task.tdd.outputs) {
      for (const channel of output.channels) if (this.#producers.get(channel.key) === task.slot) this.#producers.delete(channel.key);
    }
  }

  #route(message: NetworkMessage): void {
    if (message.to !== this.resourceId) {
      const network = this.#network;
      if (network !== undefined) network.send(message.to, message);
      else this.log.warn(`dropped a ${message.type} for TaskManager ${message.to}: this TaskManager has no network stack`);
      return;
    }
    const downstream = isDownstream(message);
    const slot = (downstream ? this.#consumers : this.#producers).get(message.key);
    if (slot === undefined) {
      const end = `${downstream ? 'in' : 'out'}|${message.key}`;
      const waiting = this.#early.get(end) ?? [];
      waiting.push(message);
      this.#early.set(end, waiting);
      return;
    }
    slot.worker?.postNetwork(message, message.type === 'buffer' ? transferOf(message.bytes) : []);
  }

  #registerEnd(end: 'in' | 'out', key: ChannelKey, slot: Slot): void {
    (end === 'in' ? this.#consumers : this.#producers).set(key, slot);
    const waiting = this.#early.get(`${end}|${key}`);
    if (waiting === undefined) return;
    this.#early.delete(`${end}|${key}`);
    for (const message of waiting) this.#route(message);
  }

  /** Early messages of older attempts of a job (or of all its attempts) will never find their task. */
  #forgetEarlyMessages(jobId: string, beforeAttempt: number): void {
    for (const end of this.#early.keys()) {
      const [job, attempt] = (end.split('|')[1] ?? '').split(':');
      if (job === jobId && Number(attempt) < beforeAttempt) this.#early.delete(end);
    }
  }

  async #artifactPath(hash: string): Promise<string> {
    let path = this.#artifacts.get(hash);
    if (path === undefined) {
      path = this.#downloadArtifact(hash);
      this.#artifacts.set(hash, path);
      path.catch(() => this.#artifacts.delete(hash));
    }
    return path;
  }

  async #downloadArtifact(hash: string): Promise<string> {
    const dir = join(this.#options.workDir, 'blobs');
    const file = join(dir, `${hash}.mjs`);
    try {
      await access(file);
      return file;
    } catch {
      // Not cached yet.
    }
    const blobs = await this.rpcService.connect<BlobServerGateway>(this.#options.blobServerAddress);
    const bytes = await blobs.getArtifact(hash);
    await mkdir(dir, { recursive: true });
    await writeFile(file, bytes);
    return file;
  }
}

function transferOf(bytes: Uint8Array): ArrayBuffer[] {
  const buffer = bytes.buffer;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? [buffer] : [];
}

function writeStdout(text: string): void {
  process.stdout.write(text);
}

function writeStderr(text: string): void {
  process.stderr.write(text);
}
