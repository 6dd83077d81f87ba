import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  EXPONENTIAL_DELAY_ATTEMPTS,
  EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
  EXPONENTIAL_DELAY_INITIAL_BACKOFF,
  EXPONENTIAL_DELAY_JITTER_FACTOR,
  EXPONENTIAL_DELAY_MAX_BACKOFF,
  EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
  FAILURE_RATE_DELAY,
  FAILURE_RATE_INTERVAL,
  FAILURE_RATE_MAX_FAILURES,
  CHECKPOINTING_INTERVAL,
  CHECKPOINTING_MODE,
  CHECKPOINTING_TIMEOUT,
  CHECKPOINTING_MIN_PAUSE,
  CHECKPOINTING_MAX_CONCURRENT,
  CHECKPOINTING_TOLERABLE_FAILURES,
  CHECKPOINTING_NUM_RETAINED,
  CHECKPOINTING_RETENTION,
  CHECKPOINTS_DIRECTORY,
  SAVEPOINT_DIRECTORY,
  STATE_BACKEND,
  FAILOVER_STRATEGY,
  AUTO_WATERMARK_INTERVAL,
  MAX_PARALLELISM,
  MEMORY_SEGMENT_SIZE,
  NETWORK_BUFFERS_PER_CHANNEL,
  NETWORK_FLOATING_BUFFERS_PER_GATE,
  OPERATOR_CHAINING,
  RESTART_STRATEGY,
  SLOT_REQUEST_TIMEOUT,
  slotHeapSize,
  type Configuration,
} from '../config/index.js';
import type { JobMasterSettings } from '../jobmaster/job-master.js';
import type { RestartStrategySpec } from '../jobmaster/restart-strategy.js';
import type { HeartbeatSettings } from '../core/heartbeat-monitor.js';
import type { CheckpointSettings } from '../jobmaster/checkpoint/checkpoint-coordinator.js';

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
    case 'exponential-delay':
      return {
        type: 'exponential-delay',
        initialBackoffMs: config.get(EXPONENTIAL_DELAY_INITIAL_BACKOFF),
        maxBackoffMs: config.get(EXPONENTIAL_DELAY_MAX_BACKOFF),
        multiplier: config.get(EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER),
        resetThresholdMs: config.get(EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD),
        jitterFactor: config.get(EXPONENTIAL_DELAY_JITTER_FACTOR),
        attemptsBeforeReset: config.get(EXPONENTIAL_DELAY_ATTEMPTS),
      };
    case 'failure-rate':
      return {
        type: 'failure-rate',
        maxFailuresPerInterval: config.get(FAILURE_RATE_MAX_FAILURES),
        intervalMs: config.get(FAILURE_RATE_INTERVAL),
        delayMs: config.get(FAILURE_RATE_DELAY),
      };
  }
}

export function checkpointSettings(config: Configuration): CheckpointSettings {
  return {
    intervalMs: config.get(CHECKPOINTING_INTERVAL),
    mode: config.get(CHECKPOINTING_MODE),
    timeoutMs: config.get(CHECKPOINTING_TIMEOUT),
    minPauseMs: config.get(CHECKPOINTING_MIN_PAUSE),
    maxConcurrent: config.get(CHECKPOINTING_MAX_CONCURRENT),
    tolerableFailures: config.get(CHECKPOINTING_TOLERABLE_FAILURES),
    numRetained: config.get(CHECKPOINTING_NUM_RETAINED),
    retention: config.get(CHECKPOINTING_RETENTION),
    // Flink falls back to keeping checkpoints in the JobManager; on one machine a temporary
    // directory does the same job and survives a TaskManager's death.
    directory: config.get(CHECKPOINTS_DIRECTORY) ?? join(tmpdir(), 'weir-checkpoints'),
    savepointDirectory: config.get(SAVEPOINT_DIRECTORY),
  };
}

export function heartbeatSettings(config: Configuration): HeartbeatSettings {
  return { intervalMs: config.get(HEARTBEAT_INTERVAL), timeoutMs: config.get(HEARTBEAT_TIMEOUT) };
}

export function jobMasterSettings(config: Configuration): JobMasterSettings {
  return {
    slotRequestTimeoutMs: config.get(SLOT_REQUEST_TIMEOUT),
    heartbeat: heartbeatSettings(config),
    restartStrategy: restartStrategySpec(config),
    // A program that enables checkpointing itself gets Flink's default for checkpointed jobs.
    restartStrategyWithCheckpointing: config.has(RESTART_STRATEGY) ? restartStrategySpec(config) : restartStrategySpec(config.set(RESTART_STRATEGY, 'exponential-delay')),
    network: {
      segmentSize: config.get(MEMORY_SEGMENT_SIZE),
      buffersPerChannel: config.get(NETWORK_BUFFERS_PER_CHANNEL),
      floatingBuffersPerGate: config.get(NETWORK_FLOATING_BUFFERS_PER_GATE),
      bufferTimeoutMs: config.get(BUFFER_TIMEOUT_ENABLED) ? config.get(BUFFER_TIMEOUT) : -1,
    },
    coordinatorHeapMb: 256,
    checkpoint: checkpointSettings(config),
    stateBackend: config.get(STATE_BACKEND),
    failoverStrategy: config.get(FAILOVER_STRATEGY),
    time: { autoWatermarkIntervalMs: config.get(AUTO_WATERMARK_INTERVAL) },
  };
}

/** Each slot worker's heap limit. */
export function slotHeapMb(config: Configuration): number {
  return Math.max(32, Math.floor(slotHeapSize(config) / MB));
}
