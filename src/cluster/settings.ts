/** Reads the runtime settings of each component from the configuration, in one place. */
import type { EnvironmentDefaults } from '../api/execution-context.js';
import {
  BUFFER_TIMEOUT,
  BUFFER_TIMEOUT_ENABLED,
  HEARTBEAT_INTERVAL,
  HEARTBEAT_TIMEOUT,
  DEFAULT_PARALLELISM,
  FIXED_DELAY_ATTEMPTS,
  FIXED_DELAY_DELAY,
  MAX_PARALLELISM,
  MEMORY_SEGMENT_SIZE,
  NETWORK_BUFFERS_PER_CHANNEL,
  OPERATOR_CHAINING,
  RESTART_STRATEGY,
  SLOT_REQUEST_TIMEOUT,
  slotHeapSize,
  type Configuration,
} from '../config/index.js';
import { WeirError } from '../core/errors.js';
import type { JobMasterSettings } from '../jobmaster/job-master.js';
import type { RestartStrategySpec } from '../jobmaster/restart-strategy.js';
import type { HeartbeatSettings } from '../core/heartbeat-monitor.js';

const MB = 1024 * 1024;

export function environmentDefaults(config: Configuration): EnvironmentDefaults {
  return {
    parallelism: config.get(DEFAULT_PARALLELISM),
    maxParallelism: config.get(MAX_PARALLELISM),
    chainingEnabled: config.get(OPERATOR_CHAINING),
  };
}

export function restartStrategySpec(config: Configuration): RestartStrategySpec {
  const type = config.get(RESTART_STRATEGY);
  switch (type) {
    case 'none':
      return { type: 'none' };
    case 'fixed-delay':
      return { type: 'fixed-delay', attempts: config.get(FIXED_DELAY_ATTEMPTS), delayMs: config.get(FIXED_DELAY_DELAY) };
    default:
      throw new WeirError(
        'CONFIG_INVALID_VALUE',
        `restart-strategy.type '${type}' needs checkpointing, which this Weir version does not have yet; use 'none' or 'fixed-delay'`,
      );
  }
}

export function heartbeatSettings(config: Configuration): HeartbeatSettings {
  return { intervalMs: config.get(HEARTBEAT_INTERVAL), timeoutMs: config.get(HEARTBEAT_TIMEOUT) };
}

export function jobMasterSettings(config: Configuration): JobMasterSettings {
  return {
    slotRequestTimeoutMs: config.get(SLOT_REQUEST_TIMEOUT),
    heartbeat: heartbeatSettings(config),
    restartStrategy: restartStrategySpec(config),
    network: {
      segmentSize: config.get(MEMORY_SEGMENT_SIZE),
      buffersPerChannel: config.get(NETWORK_BUFFERS_PER_CHANNEL),
      bufferTimeoutMs: config.get(BUFFER_TIMEOUT_ENABLED) ? config.get(BUFFER_TIMEOUT) : -1,
    },
    coordinatorHeapMb: 256,
  };
}

/** Each slot worker's heap limit. */
export function slotHeapMb(config: Configuration): number {
  return Math.max(32, Math.floor(slotHeapSize(config) / MB));
}
