/** `GET /jobs/:jobid/checkpoints/config` in Flink's CheckpointConfigInfo shape. */
import type { CheckpointStatsInfo } from '../dispatcher/dispatcher-gateway.js';
import type { CheckpointConfigInfo } from './checkpoint-messages.js';

/** Flink's class names for what `state.backend.type` selects. */
const STATE_BACKEND_CLASS: Readonly<Record<string, string>> = { hashmap: 'HashMapStateBackend' };

/** `GET /jobs/:jobid/checkpoints/config`, for a job with periodic checkpoints. */
export function checkpointConfigBody(settings: CheckpointStatsInfo['settings'], stateBackend: string): CheckpointConfigInfo {
  return {
    mode: settings.mode === 'AT_LEAST_ONCE' ? 'at_least_once' : 'exactly_once',
    interval: settings.intervalMs ?? 0,
    timeout: settings.timeoutMs,
    min_pause: settings.minPauseMs,
    max_concurrent: settings.maxConcurrent,
    // As Flink derives it from the retention policy: retained checkpoints are "externalized".
    externalization: {
      enabled: settings.retention !== 'NO_EXTERNALIZED_CHECKPOINTS',
      delete_on_cancellation: settings.retention !== 'RETAIN_ON_CANCELLATION',
    },
    state_backend: STATE_BACKEND_CLASS[stateBackend] ?? stateBackend,
    checkpoint_storage: settings.directory === undefined ? 'none' : 'FileSystemCheckpointStorage',
    unaligned_checkpoints: false,
    tolerable_failed_checkpoints: settings.tolerableFailures,
    aligned_checkpoint_timeout: 0,
    checkpoints_after_tasks_finish: false,
    state_changelog_enabled: false,
  };
}
