/**
 * The ResourceManager: knows every TaskManager and its slots, watches them with
 * heartbeats, and assigns slots to the jobs that declare a need. With a driver that can
 * start TaskManagers it starts them while slots are missing and stops the ones that stay
 * idle. Where the cluster cannot grow (the mini cluster), a job that needs more slots
 * than exist at all is told at once instead of waiting for its slot request timeout.
 */
import type { TaskManagerInfo } from '../dispatcher/job-info.js';
import { HeartbeatMonitor, type HeartbeatSettings } from '../core/heartbeat-monitor.js';
import { AllocationId, ResourceId, ResourceManagerId } from '../core/ids.js';
import type { JobMasterGateway } from '../jobmaster/job-master-gateway.js';
import { FencedRpcEndpoint, unfencedMethods, type RpcEndpointOptions } from '../rpc/index.js';
import type { TaskExecutorGateway } from '../taskmanager/task-executor-gateway.js';
import { STANDALONE_DRIVER, type ResourceDriver } from './resource-driver.js';
import type { ClusterOverview, ResourceManagerGateway, TaskExecutorRegistration } from './resource-manager-gateway.js';
import { SlotManager, type SlotAssignmentDecision } from './slot-manager.js';

export interface ResourceManagerOptions extends RpcEndpointOptions {
  /** True when no more TaskManagers can ever join: requirements above the total fail at once. */
  readonly failFastWhenInsufficient: boolean;
  readonly heartbeat: HeartbeatSettings;
  readonly driver?: ResourceDriver;
  /** How long a TaskManager the driver started may sit idle before it is stopped. */
  readonly taskManagerTimeoutMs?: number;
}

interface RegisteredTaskManager {
  readonly registration: TaskExecutorRegistration;
  readonly gateway: TaskExecutorGateway;
  idleSince: number;
}

export class ResourceManager extends FencedRpcEndpoint<ResourceManagerId> implements ResourceManagerGateway {
  // Within one JobManager process the ResourceManager is always the leader; callers connect unfenced.
  static override readonly unfencedMethods = unfencedMethods<ResourceManagerGateway>(
    'registerTaskExecutor',
    'declareRequiredResources',
    'notifySlotAvailable',
    'disconnectJobManager',
    'requestClusterOverview',
    'requestTaskManagerInfos',
  );

  readonly resourceManagerId: ResourceManagerId;
  readonly #slots = new SlotManager(() => AllocationId.generate());
  readonly #taskManagers = new Map<string, RegisteredTaskManager>();
  readonly #liveness: HeartbeatMonitor<string>;
  readonly #driver: ResourceDriver;
  /** TaskManagers the driver started that have not registered yet. */
  readonly #starting = new Set<string>();
  readonly #options: ResourceManagerOptions;

  constructor(options: ResourceManagerOptions) {
    const id = ResourceManagerId.generate();
    super({ ...options, fencingToken: id });
    this.resourceManagerId = id;
    this.#options = options;
    this.#driver = options.driver ?? STANDALONE_DRIVER;
    this.#liveness = new HeartbeatMonitor(options.heartbeat.timeoutMs);
  }

  protected override onStart(): void {
    this.#scheduleHeartbeats();
  }

  protected override async onStop(): Promise<void> {
    await this.#driver.close();
  }

  async registerTaskExecutor(registration: TaskExecutorRegistration): Promise<{ readonly resourceManagerId: string }> {
    const gateway = await this.rpcService.connect<TaskExecutorGateway>(registration.address, {
      timeoutMs: this.#options.heartbeat.intervalMs,
    });
    const previous = this.#taskManagers.get(registration.resourceId);
    // A TaskManager that registers again has lost what it had: its old slots are gone.
    if (previous !== undefined) this.#removeTaskManager(registration.resourceId, 'it registered again');
    this.#starting.delete(registration.resourceId);
    this.#taskManagers.set(registration.resourceId, { registration, gateway, idleSince: Date.now() });
    this.#liveness.track(registration.resourceId);
    this.#slots.registerTaskManager(registration.resourceId, registration.numberOfSlots);
    this.#assign();
    return { resourceManagerId: this.resourceManagerId };
  }

  async declareRequiredResources(jobId: string, jobMasterId: string, jobMasterAddress: string, slots: number): Promise<void> {
    this.#slots.declare({ jobId, jobMasterId, jobMasterAddress, required: slots });
    const total = this.#slots.totalSlots;
    if (this.#options.failFastWhenInsufficient && !this.#driver.canStartTaskManagers && slots > total) {
      this.#slots.removeJob(jobId);
      this.#jobMaster(jobMasterAddress, jobMasterId)
        .then((jm) => jm.notifyNotEnoughResources(slots, total))
        .catch((error: unknown) => this.log.warn(`could not tell job ${jobId} that slots are missing`, error));
      return;
    }
    this.#assign();
  }

  async notifySlotAvailable(resourceId: string, slotIndex: number, allocationId: string): Promise<void> {
    if (this.#slots.freeSlot(resourceId, slotIndex, allocationId)) {
      const tm = this.#taskManagers.get(resourceId);
      if (tm !== undefined && this.#slots.isIdle(resourceId)) tm.idleSince = Date.now();
      this.#assign();
    }
  }

  async disconnectJobManager(jobId: string): Promise<void> {
    this.#slots.removeJob(jobId);
  }

  async requestClusterOverview(): Promise<ClusterOverview> {
    return { taskManagers: this.#taskManagers.size, slotsTotal: this.#slots.totalSlots, slotsAvailable: this.#slots.freeSlots };
  }

  async requestTaskManagerInfos(): Promise<readonly TaskManagerInfo[]> {
    return [...this.#taskManagers.values()].map((tm) => {
      const slots = this.#slots.slotsOf(tm.registration.resourceId);
      const dataPort = Number(tm.registration.dataAddress.split(':').pop() ?? 0);
      return {
        id: tm.registration.resourceId,
        path: tm.registration.address,
        dataPort: Number.isFinite(dataPort) ? dataPort : 0,
        timeSinceLastHeartbeat: Math.max(0, this.#liveness.age(tm.registration.resourceId)),
        slotsNumber: slots.length,
        freeSlots: slots.filter((s) => s.allocationId === null).length,
        slots,
        resources: tm.registration.resources,
      };
    });
  }

  #scheduleHeartbeats(): void {
    this.scheduleRunAsync(() => {
      for (const [resourceId, tm] of this.#taskManagers) {
        tm.gateway.heartbeatFromResourceManager(this.resourceManagerId).then(
          () => this.runAsync(() => this.#liveness.beat(resourceId)),
          () => undefined,
        );
      }
      for (const resourceId of this.#liveness.expired()) {
        this.#removeTaskManager(resourceId, `no heartbeat for ${this.#options.heartbeat.timeoutMs} ms`);
      }
      this.#stopIdleTaskManagers();
      this.#assign();
      this.#scheduleHeartbeats();
    }, this.#options.heartbeat.intervalMs);
  }

  /** Forgets a TaskManager and tells the JobMasters whose slots it held. */
  #removeTaskManager(resourceId: string, cause: string): void {
    const tm = this.#taskManagers.get(resourceId);
    if (tm === undefined) return;
    this.log.warn(`TaskManager ${resourceId} at ${tm.registration.address} is gone: ${cause}`);
    this.#taskManagers.delete(resourceId);
    this.#liveness.untrack(resourceId);
    for (const jobId of this.#slots.unregisterTaskManager(resourceId)) {
      const requirement = this.#slots.requirementOf(jobId);
      if (requirement === undefined) continue;
      this.#jobMaster(requirement.jobMasterAddress, requirement.jobMasterId)
        .then((jm) => jm.disconnectTaskManager(resourceId, cause))
        .catch(() => undefined);
    }
  }

  #stopIdleTaskManagers(): void {
    const timeout = this.#options.taskManagerTimeoutMs;
    if (!this.#driver.canStartTaskManagers || timeout === undefined) return;
    const now = Date.now();
    for (const [resourceId, tm] of this.#taskManagers) {
      if (!this.#slots.isIdle(resourceId) || now - tm.idleSince < timeout || this.#slots.unmetSlots() > 0) continue;
      this.#removeTaskManager(resourceId, `idle for ${timeout} ms`);
      this.#driver.stopTaskManager(resourceId).catch((error: unknown) => this.log.warn(`could not stop TaskManager ${resourceId}`, error));
    }
  }

  #assign(): void {
    for (const decision of this.#slots.assignFreeSlots()) this.#requestSlot(decision);
    this.#startTaskManagersIfNeeded();
  }

  #startTaskManagersIfNeeded(): void {
    const driver = this.#driver;
    if (!driver.canStartTaskManagers || driver.slotsPerTaskManager <= 0) return;
    const coming = this.#starting.size * driver.slotsPerTaskManager;
    let unmet = this.#slots.unmetSlots() - coming;
    while (unmet > 0) {
      const resourceId = ResourceId.generate();
      this.#starting.add(resourceId);
      unmet -= driver.slotsPerTaskManager;
      driver.startTaskManager(resourceId).catch((error: unknown) => {
        this.log.warn('could not start a TaskManager', error);
        this.runAsync(() => this.#starting.delete(resourceId));
      });
    }
  }

  #requestSlot(decision: SlotAssignmentDecision): void {
    const tm = this.#taskManagers.get(decision.slot.resourceId);
    if (tm === undefined) {
      this.#slots.revert(decision);
      return;
    }
    const { job } = decision;
    tm.idleSince = Number.POSITIVE_INFINITY;
    tm.gateway
      .requestSlot(decision.slot.slotIndex, job.jobId, decision.allocationId, job.jobMasterAddress, job.jobMasterId)
      .catch((error: unknown) => {
        this.log.warn(`slot request to TaskManager ${decision.slot.resourceId} failed`, error);
        this.runAsync(() => this.#slots.revert(decision));
      });
  }

  #jobMaster(address: string, jobMasterId: string): Promise<JobMasterGateway> {
    return this.rpcService.connectFenced<JobMasterGateway>(address, jobMasterId);
  }
}
