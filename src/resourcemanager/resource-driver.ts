/**
 * How a ResourceManager gets TaskManagers: Flink's ResourceManagerDriver. Standalone
 * clusters get them by hand (`weir taskmanager`, `weir cluster start`) and start none;
 * the local process driver starts TaskManager processes on demand. A Kubernetes driver
 * implements the same interface.
 */
export interface ResourceDriver {
  /** False for a standalone cluster: the ResourceManager then only waits for TaskManagers. */
  readonly canStartTaskManagers: boolean;
  /** Slots each TaskManager the driver starts will offer. */
  readonly slotsPerTaskManager: number;
  /** Starts a TaskManager that will register with this id. */
  startTaskManager(resourceId: string): Promise<void>;
  stopTaskManager(resourceId: string): Promise<void>;
  /** Stops every TaskManager the driver started. */
  close(): Promise<void>;
}

export const STANDALONE_DRIVER: ResourceDriver = {
  canStartTaskManagers: false,
  slotsPerTaskManager: 0,
  startTaskManager: () => Promise.reject(new Error('a standalone cluster starts no TaskManagers')),
  stopTaskManager: () => Promise.resolve(),
  close: () => Promise.resolve(),
};
