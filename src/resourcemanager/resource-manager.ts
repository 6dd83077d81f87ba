/**
 * The ResourceManager: knows every TaskManager and its slots, and assigns slots to the
 * jobs that declare a need. Where the cluster cannot grow (the mini cluster, or a
 * standalone cluster told to fail fast), a job that needs more slots than exist at all is
 * told at once instead of waiting for its slot request timeout.
 */
import { AllocationId, ResourceManagerId } from '../core/ids.js';
import type { JobMasterGateway } from '../jobmaster/job-master-gateway.js';
import { FencedRpcEndpoint, unfencedMethods, type RpcEndpointOptions } from '../rpc/index.js';
import type { TaskExecutorGateway } from '../taskmanager/task-executor-gateway.js';
import type {
  ClusterOverview,
  ResourceManagerGateway,
  TaskExecutorRegistration,
} from './resource-manager-gateway.js';
import { SlotManager, type SlotAssignmentDecision } from './slot-manager.js';

export interface ResourceManagerOptions extends RpcEndpointOptions {
  /** True when no more TaskManagers can ever join: requirements above the total fail at once. */
  readonly failFastWhenInsufficient: boolean;
}

interface RegisteredTaskManager {
  readonly registration: TaskExecutorRegistration;
  readonly gateway: TaskExecutorGateway;
}

export class ResourceManager extends FencedRpcEndpoint<ResourceManagerId> implements ResourceManagerGateway {
  // Within one JobManager process the ResourceManager is always the leader; callers connect unfenced.
  static override readonly unfencedMethods = unfencedMethods<ResourceManagerGateway>(
    'registerTaskExecutor',
    'declareRequiredResources',
    'notifySlotAvailable',
    'disconnectJobManager',
    'requestClusterOverview',
  );

  readonly resourceManagerId = ResourceManagerId.generate();
  readonly #slots = new SlotManager(() => AllocationId.generate());
  readonly #taskManagers = new Map<string, RegisteredTaskManager>();
  readonly #options: ResourceManagerOptions;

  constructor(options: ResourceManagerOptions) {
    super({ ...options, fencingToken: ResourceManagerId.generate() });
    this.#options = options;
  }

  async registerTaskExecutor(registration: TaskExecutorRegistration): Promise<{ readonly resourceManagerId: string }> {
    const gateway = await this.rpcService.connect<TaskExecutorGateway>(registration.address);
    this.#taskManagers.set(registration.resourceId, { registration, gateway });
    this.#slots.registerTaskManager(registration.resourceId, registration.numberOfSlots);
    this.#assign();
    return { resourceManagerId: this.resourceManagerId };
  }

  async declareRequiredResources(jobId: string, jobMasterId: string, jobMasterAddress: string, slots: number): Promise<void> {
    this.#slots.declare({ jobId, jobMasterId, jobMasterAddress }, slots);
    if (this.#options.failFastWhenInsufficient && slots > this.#slots.totalSlots) {
      this.#slots.removeJob(jobId);
      const total = this.#slots.totalSlots;
      this.rpcService
        .connectFenced<JobMasterGateway>(jobMasterAddress, jobMasterId)
        .then((jm) => jm.notifyNotEnoughResources(slots, total))
        .catch((error: unknown) => this.log.warn(`could not tell job ${jobId} that slots are missing`, error));
      return;
    }
    this.#assign();
  }

  async notifySlotAvailable(resourceId: string, slotIndex: number, allocationId: string): Promise<void> {
    if (this.#slots.freeSlot(resourceId, slotIndex, allocationId)) this.#assign();
  }

  async disconnectJobManager(jobId: string): Promise<void> {
    this.#slots.removeJob(jobId);
  }

  async requestClusterOverview(): Promise<ClusterOverview> {
    return { taskManagers: this.#taskManagers.size, slotsTotal: this.#slots.totalSlots, slotsAvailable: this.#slots.freeSlots };
  }

  #assign(): void {
    for (const decision of this.#slots.assignFreeSlots()) this.#requestSlot(decision);
  }

  #requestSlot(decision: SlotAssignmentDecision): void {
    const tm = this.#taskManagers.get(decision.slot.resourceId);
    if (tm === undefined) {
      this.#slots.revert(decision);
      return;
    }
    const { job } = decision;
    tm.gateway
      .requestSlot(decision.slot.slotIndex, job.jobId, decision.allocationId, job.jobMasterAddress, job.jobMasterId)
      .catch((error: unknown) => {
        this.log.warn(`slot request to TaskManager ${decision.slot.resourceId} failed`, error);
        this.runAsync(() => this.#slots.revert(decision));
      });
  }
}
