/**
 * What a TaskManager tells the ResourceManager about its machine and memory at
 * registration, in the shapes of Flink's HardwareDescription and
 * TaskExecutorMemoryConfiguration (bytes), so REST clients and the dashboard read them as
 * they do Flink's.
 */
import { availableParallelism, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

const MIB = 1024 * 1024;

export interface HardwareDescription {
  readonly cpuCores: number;
  readonly physicalMemory: number;
  /** Flink reports the JVM's maximum heap here; Weir the heap limits of the process's threads together. */
  readonly freeMemory: number;
  readonly managedMemory: number;
}

/**
 * Weir's memory model is the TaskManager's main thread (the framework heap) plus one heap
 * limit per slot thread (the task heap). Network buffers are allocated per channel as
 * credits allow rather than from a fixed pool, and there is no managed memory, metaspace
 * or JVM overhead: those are 0.
 */
export interface TaskExecutorMemoryConfiguration {
  readonly frameworkHeap: number;
  readonly taskHeap: number;
  readonly frameworkOffHeap: number;
  readonly taskOffHeap: number;
  readonly networkMemory: number;
  readonly managedMemory: number;
  readonly jvmMetaspace: number;
  readonly jvmOverhead: number;
  readonly totalFlinkMemory: number;
  readonly totalProcessMemory: number;
}

export interface TaskManagerResources {
  readonly hardware: HardwareDescription;
  readonly memoryConfiguration: TaskExecutorMemoryConfiguration;
}

export function describeTaskManagerResources(numberOfSlots: number, slotHeapMb: number): TaskManagerResources {
  const frameworkHeap = getHeapStatistics().heap_size_limit;
  const taskHeap = numberOfSlots * slotHeapMb * MIB;
  const total = frameworkHeap + taskHeap;
  return {
    hardware: { cpuCores: availableParallelism(), physicalMemory: totalmem(), freeMemory: total, managedMemory: 0 },
    memoryConfiguration: {
      frameworkHeap,
      taskHeap,
      frameworkOffHeap: 0,
      taskOffHeap: 0,
      networkMemory: 0,
      managedMemory: 0,
      jvmMetaspace: 0,
      jvmOverhead: 0,
      totalFlinkMemory: total,
      totalProcessMemory: total,
    },
  };
}
