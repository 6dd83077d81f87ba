/**
 * The REST bodies the dashboard reads, in the shapes of Flink's REST API v1
 * (flink-rest-v1-dispatcher.yml). Fields a Flink or Weir version may leave out are
 * optional, so the pages show "—" for them instead of breaking. These are the UI's own
 * copies: the server's types in src/rest/messages.ts pull in Node-only modules.
 */

export type JobState =
  | 'INITIALIZING'
  | 'CREATED'
  | 'RUNNING'
  | 'FAILING'
  | 'FAILED'
  | 'CANCELLING'
  | 'CANCELED'
  | 'FINISHED'
  | 'RESTARTING'
  | 'SUSPENDED'
  | 'RECONCILING';

export type ExecutionState =
  | 'CREATED'
  | 'SCHEDULED'
  | 'DEPLOYING'
  | 'INITIALIZING'
  | 'RUNNING'
  | 'FINISHED'
  | 'CANCELING'
  | 'CANCELED'
  | 'FAILED'
  | 'RECONCILING';

export interface DashboardConfig {
  readonly 'refresh-interval': number;
  readonly 'timezone-name'?: string;
  readonly 'flink-version': string;
  readonly 'flink-revision'?: string;
  readonly features?: {
    readonly 'web-submit'?: boolean;
    readonly 'web-cancel'?: boolean;
  };
}

export interface ClusterOverview {
  readonly taskmanagers: number;
  readonly 'slots-total': number;
  readonly 'slots-available': number;
  readonly 'jobs-running': number;
  readonly 'jobs-finished': number;
  readonly 'jobs-cancelled': number;
  readonly 'jobs-failed': number;
  readonly 'flink-version'?: string;
}

export type TaskCounts = Readonly<Partial<Record<Lowercase<ExecutionState> | 'total', number>>>;

export interface JobOverviewEntry {
  readonly jid: string;
  readonly name: string;
  readonly state: JobState;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly 'last-modification'?: number;
  readonly tasks: TaskCounts;
}

export interface JobsOverview {
  readonly jobs: readonly JobOverviewEntry[];
}

export interface IoMetrics {
  readonly 'read-bytes'?: number;
  readonly 'read-bytes-complete'?: boolean;
  readonly 'write-bytes'?: number;
  readonly 'write-bytes-complete'?: boolean;
  readonly 'read-records'?: number;
  readonly 'read-records-complete'?: boolean;
  readonly 'write-records'?: number;
  readonly 'write-records-complete'?: boolean;
  readonly 'accumulated-backpressured-time'?: number;
  readonly 'accumulated-idle-time'?: number;
  readonly 'accumulated-busy-time'?: number;
}

export interface PlanInput {
  readonly num: number;
  readonly id: string;
  readonly ship_strategy: string;
  readonly exchange?: string;
}

export interface PlanNode {
  readonly id: string;
  readonly parallelism: number;
  readonly operator?: string;
  readonly description?: string;
  readonly inputs?: readonly PlanInput[];
}

export interface JobPlan {
  readonly jid?: string;
  readonly name?: string;
  readonly nodes: readonly PlanNode[];
}

export interface JobVertexSummary {
  readonly id: string;
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism?: number;
  readonly status: ExecutionState;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly tasks: Readonly<Partial<Record<ExecutionState, number>>>;
  readonly metrics?: IoMetrics;
}

export interface JobDetails {
  readonly jid: string;
  readonly name: string;
  readonly isStoppable?: boolean;
  readonly state: JobState;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly maxParallelism?: number;
  readonly now: number;
  readonly timestamps?: Readonly<Partial<Record<JobState, number>>>;
  readonly vertices: readonly JobVertexSummary[];
  readonly plan: JobPlan;
}

export interface SubtaskDetails {
  readonly subtask: number;
  readonly status: ExecutionState;
  readonly attempt: number;
  readonly host?: string;
  readonly endpoint?: string;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly metrics?: IoMetrics;
  readonly 'taskmanager-id'?: string;
}

export interface VertexDetails {
  readonly id: string;
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism?: number;
  readonly now: number;
  readonly subtasks: readonly SubtaskDetails[];
}

export interface ExceptionEntry {
  readonly exceptionName?: string;
  readonly stacktrace: string;
  readonly timestamp: number;
  readonly taskName?: string | null;
  readonly location?: string | null;
  readonly endpoint?: string | null;
  readonly taskManagerId?: string | null;
}

export interface JobExceptions {
  readonly 'root-exception'?: string;
  readonly timestamp?: number;
  readonly exceptionHistory?: {
    readonly entries: readonly ExceptionEntry[];
    readonly truncated?: boolean;
  };
}

export type BackpressureLevel = 'ok' | 'low' | 'high';

export interface SubtaskBackpressure {
  readonly subtask: number;
  readonly 'attempt-number'?: number;
  readonly backpressureLevel?: BackpressureLevel;
  readonly ratio?: number;
  readonly idleRatio?: number;
  readonly busyRatio?: number;
}

export interface VertexBackpressure {
  readonly status?: 'ok' | 'deprecated';
  readonly backpressureLevel?: BackpressureLevel;
  readonly 'end-timestamp'?: number;
  readonly subtasks?: readonly SubtaskBackpressure[];
}

/** One entry of Flink's MetricCollectionResponseBody (served as a bare array). */
export interface FlameGraphNode {
  readonly name: string;
  readonly value: number;
  readonly children: readonly FlameGraphNode[];
}

/** `GET /jobs/:jobid/vertices/:vertexid/flamegraph`: endTimestamp -1 ended, -2 disabled, -3 waiting. */
export interface FlameGraph {
  readonly endTimestamp: number;
  readonly data?: FlameGraphNode;
}

/** `GET /taskmanagers/:taskmanagerid/thread-dump`. */
export interface ThreadDump {
  readonly threadInfos: readonly { readonly threadName: string; readonly stringifiedThreadInfo: string }[];
}

/** Flink's StringifiedAccumulatorResult. */
export interface UserAccumulator {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

/** `GET /jobs/:jobid/vertices/:vertexid/subtasks/accumulators`. */
export interface SubtaskAccumulators {
  readonly id: string;
  readonly parallelism: number;
  readonly subtasks: readonly { readonly subtask: number; readonly attempt: number; readonly host: string; readonly 'user-accumulators': readonly UserAccumulator[] }[];
}

export interface MetricValue {
  readonly id: string;
  readonly value?: string;
}

/** One entry of Flink's AggregatedMetricsResponseBody (served as a bare array). */
export interface AggregatedMetric {
  readonly id: string;
  readonly min?: number;
  readonly max?: number;
  readonly avg?: number;
  readonly sum?: number;
  readonly skew?: number;
}

export interface CheckpointCounts {
  readonly restored?: number;
  readonly total?: number;
  readonly in_progress?: number;
  readonly completed?: number;
  readonly failed?: number;
}

export interface StatsSummary {
  readonly min?: number;
  readonly max?: number;
  readonly avg?: number;
  readonly p50?: number;
  readonly p99?: number;
}

export type CheckpointStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface CheckpointEntry {
  readonly id: number;
  readonly status: CheckpointStatus;
  readonly is_savepoint?: boolean;
  readonly checkpoint_type?: string;
  readonly trigger_timestamp?: number;
  readonly latest_ack_timestamp?: number;
  readonly state_size?: number;
  readonly checkpointed_size?: number;
  readonly end_to_end_duration?: number;
  readonly processed_data?: number;
  readonly persisted_data?: number;
  readonly num_subtasks?: number;
  readonly num_acknowledged_subtasks?: number;
  readonly external_path?: string;
  readonly failure_message?: string;
}

export interface CheckpointingStatistics {
  readonly counts?: CheckpointCounts;
  readonly summary?: {
    readonly checkpointed_size?: StatsSummary;
    readonly state_size?: StatsSummary;
    readonly end_to_end_duration?: StatsSummary;
  };
  readonly latest?: {
    readonly completed?: CheckpointEntry | null;
    readonly savepoint?: CheckpointEntry | null;
    readonly failed?: CheckpointEntry | null;
    readonly restored?: { readonly id: number; readonly restore_timestamp?: number; readonly external_path?: string; readonly is_savepoint?: boolean } | null;
  };
  readonly history?: readonly CheckpointEntry[];
}

export interface CheckpointConfig {
  readonly mode?: string;
  readonly interval?: number;
  readonly timeout?: number;
  readonly min_pause?: number;
  readonly max_concurrent?: number;
  readonly externalization?: { readonly enabled?: boolean; readonly delete_on_cancellation?: boolean };
  readonly state_backend?: string;
  readonly checkpoint_storage?: string;
  readonly unaligned_checkpoints?: boolean;
  readonly tolerable_failed_checkpoints?: number;
}

/** GET /jobs/:id/config: Flink sends `jid`, `name`, `execution-config`; its spec names them otherwise. */
export interface JobConfig {
  readonly jid?: string;
  readonly name?: string;
  readonly 'execution-config'?: ExecutionConfig;
  readonly executionConfigInfo?: ExecutionConfig;
}

export interface ExecutionConfig {
  readonly 'execution-mode'?: string;
  readonly 'restart-strategy'?: string;
  readonly 'job-parallelism'?: number;
  readonly 'object-reuse-mode'?: boolean;
  readonly 'user-config'?: Readonly<Record<string, string>>;
}

export interface ConfigEntry {
  readonly key: string;
  readonly value: string;
}

export interface Hardware {
  readonly cpuCores?: number;
  readonly physicalMemory?: number;
  readonly freeMemory?: number;
  readonly managedMemory?: number;
}

export interface TaskManagerMetricsInfo {
  readonly heapUsed?: number;
  readonly heapCommitted?: number;
  readonly heapMax?: number;
  readonly nonHeapUsed?: number;
}

export interface TaskManagerSummary {
  readonly id: string;
  readonly path: string;
  readonly dataPort: number;
  readonly timeSinceLastHeartbeat: number;
  readonly slotsNumber: number;
  readonly freeSlots: number;
  readonly hardware?: Hardware;
  readonly memoryConfiguration?: Readonly<Record<string, number>>;
}

export interface TaskManagers {
  readonly taskmanagers: readonly TaskManagerSummary[];
}

export interface TaskManagerDetails extends TaskManagerSummary {
  readonly allocatedSlots?: readonly { readonly jobId: string }[];
  readonly metrics?: TaskManagerMetricsInfo;
}

export interface LogInfo {
  readonly name: string;
  readonly size?: number;
  readonly mtime?: number;
}

export interface LogList {
  readonly logs: readonly LogInfo[];
}

export interface JarFile {
  readonly id: string;
  readonly name: string;
  readonly uploaded: number;
}

export interface JarList {
  readonly address?: string;
  readonly files: readonly JarFile[];
}

export interface JarUploadResponse {
  readonly filename: string;
  readonly status: string;
}

export interface JarRunRequest {
  readonly parallelism?: number;
  readonly programArgs?: string;
  readonly savepointPath?: string;
  readonly allowNonRestoredState?: boolean;
}

export interface TriggerResponse {
  readonly 'request-id': string;
}

export interface AsynchronousOperationResult {
  readonly status: { readonly id: 'IN_PROGRESS' | 'COMPLETED' };
  readonly operation?: {
    readonly location?: string;
    readonly 'failure-cause'?: { readonly class?: string; readonly 'stack-trace'?: string };
  };
}
