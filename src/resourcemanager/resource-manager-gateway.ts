import type { TaskManagerInfo } from '../dispatcher/job-info.js';
import type { TaskManagerResources } from '../taskmanager/task-manager-resources.js';

export interface TaskExecutorRegistration {
  readonly resourceId: string;
  readonly address: string;
  readonly numberOfSlots: number;
  /** host:port of the TaskManager's data server; empty for a TaskManager that only talks to itself. */
  readonly dataAddress: string;
  readonly resources: TaskManagerResources;
}

export interface ClusterOverview {
  readonly taskManagers: number;
  readonly slotsTotal: number;
  readonly slotsAvailable: number;
}

/** Calls the ResourceManager takes (Flink's ResourceManagerGateway). */
export interface ResourceManagerGateway {
  registerTaskExecutor(registration: TaskExecutorRegistration): Promise<{ readonly resourceManagerId: string }>;
  /** A JobMaster states how many slots its job needs in all; the ResourceManager assigns free ones. */
  declareRequiredResources(jobId: string, jobMasterId: string, jobMasterAddress: string, slots: number): Promise<void>;
  /** A TaskManager freed a slot. */
  notifySlotAvailable(resourceId: string, slotIndex: number, allocationId: string): Promise<void>;
  /** The job ended: forget its requirement. */
  disconnectJobManager(jobId: string): Promise<void>;
  requestClusterOverview(): Promise<ClusterOverview>;
  requestTaskManagerInfos(): Promise<readonly TaskManagerInfo[]>;
}
