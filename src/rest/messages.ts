/**
 * The JSON bodies of Weir's REST API, in the shapes of Flink's REST API v1
 * (docs/rest.md, and Flink's OpenAPI spec for the field meanings). Server and client
 * share these types, so a change of shape shows up on both sides at compile time.
 */
import type { FlameGraphNode } from '../metrics/flame-graph.js';
import type { JobStatus } from '../api/job-client.js';
import type { JobPlan } from '../graph/plan.js';
import type { VertexIOMetrics } from '../metrics/vertex-io.js';
import type { ExecutionState } from '../runtime/deployment.js';
import type { HardwareDescription, TaskExecutorMemoryConfiguration } from '../taskmanager/task-manager-resources.js';

/** Every error answer: `{"errors": ["what happened and what to do"]}`. */
export interface ErrorResponseBody {
  readonly errors: readonly string[];
}

export interface DashboardConfiguration {
  readonly 'refresh-interval': number;
  readonly 'timezone-name': string;
  readonly 'timezone-offset': number;
  readonly 'flink-version': string;
  readonly 'flink-revision': string;
  readonly features: {
    readonly 'web-submit': boolean;
    readonly 'web-cancel': boolean;
    readonly 'web-rescale': boolean;
    readonly 'web-history': boolean;
  };
}

export interface ClusterOverviewWithVersion {
  readonly taskmanagers: number;
  readonly 'taskmanagers-blocked': number;
  readonly 'slots-total': number;
  readonly 'slots-available': number;
  readonly 'slots-free-and-blocked': number;
  readonly 'jobs-running': number;
  readonly 'jobs-finished': number;
  readonly 'jobs-cancelled': number;
  readonly 'jobs-failed': number;
  readonly 'flink-version': string;
  readonly 'flink-commit': string;
}

export interface ConfigurationInfoEntry {
  readonly key: string;
  readonly value: string;
}

export interface JobIdsWithStatusOverview {
  readonly jobs: readonly { readonly id: string; readonly status: JobStatus }[];
}

/** Flink's per-job task counts: lower-case execution states plus `total`. */
export type JobTaskCounts = Readonly<Record<Lowercase<ExecutionState> | 'reconciling' | 'total', number>>;

export interface JobDetails {
  readonly jid: string;
  readonly name: string;
  readonly state: JobStatus;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly 'last-modification': number;
  readonly tasks: JobTaskCounts;
}

export interface MultipleJobsDetails {
  readonly jobs: readonly JobDetails[];
}

/** Flink's IOMetricsInfo: a vertex's or subtask's I/O counts, "complete" once every subtask reported. */
export type IOMetricsInfo = VertexIOMetrics;

/** Counts by upper-case execution state (RECONCILING included, as Flink lists it). */
export type ExecutionStateCounts = Readonly<Record<ExecutionState | 'RECONCILING', number>>;

export interface JobDetailsVertexInfo {
  readonly id: string;
  readonly name: string;
  readonly maxParallelism: number;
  readonly parallelism: number;
  readonly status: ExecutionState;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly tasks: ExecutionStateCounts;
  readonly metrics: IOMetricsInfo;
}

export interface JobDetailsInfo {
  readonly jid: string;
  readonly name: string;
  readonly isStoppable: boolean;
  readonly state: JobStatus;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly maxParallelism: number;
  readonly now: number;
  readonly timestamps: Readonly<Record<JobStatus, number>>;
  readonly vertices: readonly JobDetailsVertexInfo[];
  readonly 'status-counts': ExecutionStateCounts;
  readonly plan: JobPlan;
}

/** Flink's JobConfigInfo. */
export interface JobConfigInfo {
  readonly jid: string;
  readonly name: string;
  readonly 'execution-config': {
    readonly 'execution-mode': 'PIPELINED';
    readonly 'restart-strategy': string;
    readonly 'job-parallelism': number;
    /** Weir never reuses a record object for another record. */
    readonly 'object-reuse-mode': false;
    readonly 'user-config': Readonly<Record<string, string>>;
  };
}

export interface JobPlanInfo {
  readonly plan: JobPlan;
}

export interface JobStatusInfo {
  readonly status: JobStatus;
}

export interface ExecutionExceptionInfo {
  readonly exception: string;
  readonly task: string;
  readonly location: string;
  readonly timestamp: number;
  readonly taskManagerId: string;
}

export interface RootExceptionInfo {
  readonly exceptionName: string;
  readonly stacktrace: string;
  readonly timestamp: number;
  readonly taskName: string | null;
  readonly location: string | null;
  readonly taskManagerId: string | null;
  readonly failureLabels: Readonly<Record<string, string>>;
  readonly concurrentExceptions: readonly never[];
}

export interface JobExceptionsInfoWithHistory {
  readonly 'root-exception'?: string;
  readonly timestamp?: number;
  readonly 'all-exceptions': readonly ExecutionExceptionInfo[];
  readonly truncated: boolean;
  readonly exceptionHistory: {
    readonly entries: readonly RootExceptionInfo[];
    readonly truncated: boolean;
  };
}

export type ApplicationStatus = 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'UNKNOWN';

/**
 * Flink's SerializedThrowable. `serialized-throwable` holds base64 of the JSON of Weir's
 * SerializedError (name, message, stack, code) where Flink holds a Java-serialized
 * exception, so a Weir client rebuilds the error with its code.
 */
export interface SerializedThrowable {
  readonly class: string;
  readonly 'stack-trace': string;
  readonly 'serialized-throwable': string;
}

export interface JobResultBody {
  readonly id: string;
  readonly 'application-status': ApplicationStatus;
  /** Each accumulator by name: base64 JSON of its kind and value (Flink: a Java-serialized value). */
  readonly 'accumulator-results': Readonly<Record<string, string>>;
  readonly 'net-runtime': number;
  readonly 'failure-cause'?: SerializedThrowable;
}

/** `GET /jobs/:jobid/vertices/:vertexid/flamegraph` (Flink's JobVertexFlameGraph); no `data` while there is no graph. */
export interface JobVertexFlameGraph {
  readonly endTimestamp: number;
  readonly data?: FlameGraphNode;
}

/** `GET /taskmanagers/:taskmanagerid/thread-dump` (Flink's ThreadDumpInfo). */
export interface ThreadDumpInfo {
  readonly threadInfos: readonly { readonly threadName: string; readonly stringifiedThreadInfo: string }[];
}

/** Flink's StringifiedAccumulatorResult. */
export interface UserAccumulator {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

/** `GET /jobs/:jobid/accumulators` (Flink's JobAccumulatorsInfo). */
export interface JobAccumulatorsInfo {
  readonly 'job-accumulators': readonly never[];
  readonly 'user-task-accumulators': readonly UserAccumulator[];
  /** With `includeSerializedValue=true`: each as base64 JSON, as in `accumulator-results`. */
  readonly 'serialized-user-task-accumulators': Readonly<Record<string, string>>;
}

/** `GET /jobs/:jobid/vertices/:vertexid/accumulators` (Flink's JobVertexAccumulatorsInfo). */
export interface VertexAccumulatorsInfo {
  readonly id: string;
  readonly 'user-accumulators': readonly UserAccumulator[];
}

/** `GET /jobs/:jobid/vertices/:vertexid/subtasks/accumulators` (Flink's SubtasksAllAccumulatorsInfo). */
export interface SubtasksAllAccumulatorsInfo {
  readonly id: string;
  readonly parallelism: number;
  readonly subtasks: readonly {
    readonly subtask: number;
    readonly attempt: number;
    readonly host: string;
    readonly 'user-accumulators': readonly UserAccumulator[];
  }[];
}

export interface JobExecutionResultResponseBody {
  readonly status: { readonly id: 'IN_PROGRESS' | 'COMPLETED' };
  readonly 'job-execution-result'?: JobResultBody;
}

export interface SubtaskExecutionAttemptDetailsInfo {
  readonly subtask: number;
  readonly status: ExecutionState;
  readonly attempt: number;
  readonly host: string;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly metrics: IOMetricsInfo;
  readonly 'taskmanager-id': string;
  readonly 'status-duration': Readonly<Partial<Record<ExecutionState, number>>>;
}

export interface SubtasksTimesInfo {
  readonly id: string;
  readonly name: string;
  readonly now: number;
  readonly subtasks: readonly {
    readonly subtask: number;
    readonly host: string;
    readonly duration: number;
    /** When the subtask's current attempt entered each state it passed through. */
    readonly timestamps: Readonly<Partial<Record<ExecutionState, number>>>;
  }[];
}

/** A vertex's subtasks by the TaskManager they run on (Flink's JobVertexTaskManagersInfo). */
export interface JobVertexTaskManagersInfo {
  readonly id: string;
  readonly name: string;
  readonly now: number;
  readonly taskmanagers: readonly {
    readonly host: string;
    readonly status: ExecutionState;
    readonly 'start-time': number;
    readonly 'end-time': number;
    readonly duration: number;
    readonly metrics: IOMetricsInfo;
    readonly 'status-counts': Readonly<Record<ExecutionState, number>>;
    readonly 'taskmanager-id': string;
  }[];
}

export interface JobVertexDetailsInfo {
  readonly id: string;
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly now: number;
  readonly subtasks: readonly SubtaskExecutionAttemptDetailsInfo[];
}

/** Flink's ResourceProfileInfo: cores and memory (MiB) of a TaskManager or one of its slots. */
export interface ResourceProfileInfo {
  readonly cpuCores: number;
  readonly taskHeapMemory: number;
  readonly taskOffHeapMemory: number;
  readonly managedMemory: number;
  readonly networkMemory: number;
  readonly extendedResources: Readonly<Record<string, number>>;
}

export interface TaskManagerInfoBody {
  readonly id: string;
  readonly path: string;
  readonly dataPort: number;
  readonly jmxPort: number;
  readonly timeSinceLastHeartbeat: number;
  readonly slotsNumber: number;
  readonly freeSlots: number;
  readonly totalResource: ResourceProfileInfo;
  readonly freeResource: ResourceProfileInfo;
  readonly hardware: HardwareDescription;
  readonly memoryConfiguration: TaskExecutorMemoryConfiguration;
  readonly blocked: boolean;
}

export interface TaskManagersInfo {
  readonly taskmanagers: readonly TaskManagerInfoBody[];
}

export interface TaskManagerDetailsInfo extends TaskManagerInfoBody {
  readonly allocatedSlots: readonly { readonly jobId: string; readonly resource: ResourceProfileInfo }[];
}

export interface JarFileInfo {
  readonly id: string;
  readonly name: string;
  readonly uploaded: number;
  readonly entry: readonly never[];
}

export interface JarListInfo {
  readonly address: string;
  readonly files: readonly JarFileInfo[];
}

export interface JarUploadResponseBody {
  /** The stored artifact's path on the server; its last segment is the jar id. */
  readonly filename: string;
  readonly status: 'success';
}

/** Flink's JarRunRequestBody; also the body of `POST /jars/:jarid/plan` (less the savepoint fields). */
export interface JarRunRequestBody {
  readonly entryClass?: string;
  readonly programArgs?: string;
  readonly programArgsList?: readonly string[];
  readonly parallelism?: number;
  readonly jobId?: string;
  readonly savepointPath?: string;
  readonly allowNonRestoredState?: boolean;
  readonly restoreMode?: string;
  readonly flinkConfiguration?: Readonly<Record<string, string>>;
}

export interface JarRunResponseBody {
  readonly jobid: string;
}

/** The `request` field of `POST /jobs`. */
export interface JobSubmitRequestBody {
  readonly jobGraphFileName: string;
  readonly jobJarFileNames: readonly string[];
  readonly jobArtifactFileNames?: readonly never[];
  /** Start from this savepoint or retained checkpoint (a directory holding `_metadata`, or the file). */
  readonly savepointPath?: string;
  /** Drop savepoint state of operators the job no longer has, instead of refusing the job. */
  readonly allowNonRestoredState?: boolean;
}

export interface JobSubmitResponseBody {
  readonly jobUrl: string;
}

export interface ClientCoordinationRequestBody {
  readonly serializedCoordinationRequest: string;
}

export interface ClientCoordinationResponseBody {
  readonly serializedCoordinationResult: string;
}
