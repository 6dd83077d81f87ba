/**
 * A typed client for Weir's REST API (Flink's REST API v1 paths and shapes), on Node's
 * fetch. Every call has a time limit, and every failure is a WeirError carrying the
 * server's own message.
 */
import type { CollectBatch } from '../api/job-client.js';
import { WeirError, errorMessage, type WeirErrorCode } from '../core/errors.js';
import type { JobSubmission } from '../dispatcher/dispatcher-gateway.js';
import { formatDuration } from '../config/index.js';
import { decodeCollectBatch, encodeCollectRequest } from '../rest/coordination.js';
import type { JobGraphFile } from '../rest/job-graph-file.js';
import type {
  AsynchronousOperationResult,
  CheckpointConfigInfo,
  CheckpointInfo,
  CheckpointingStatistics,
  CheckpointStatistics,
  CheckpointTriggerRequestBody,
  SavepointInfo,
  SavepointTriggerRequestBody,
  StopWithSavepointRequestBody,
  TriggerResponse,
} from '../rest/checkpoint-messages.js';
import type {
  ClientCoordinationResponseBody,
  ClusterOverviewWithVersion,
  ConfigurationInfoEntry,
  DashboardConfiguration,
  ErrorResponseBody,
  JarListInfo,
  JarRunRequestBody,
  JarRunResponseBody,
  JarUploadResponseBody,
  JobDetailsInfo,
  JobExceptionsInfoWithHistory,
  JobExecutionResultResponseBody,
  JobIdsWithStatusOverview,
  JobPlanInfo,
  JobStatusInfo,
  JobSubmitRequestBody,
  JobSubmitResponseBody,
  JobVertexDetailsInfo,
  MultipleJobsDetails,
  TaskManagerDetailsInfo,
  TaskManagersInfo,
} from '../rest/messages.js';

export interface RestClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8081`. */
  readonly baseUrl: string;
  /** Time limit of each call; default 30 s. */
  readonly timeoutMs?: number;
  /** Time limit of calls that upload an artifact; default 5 min. */
  readonly uploadTimeoutMs?: number;
}

const CODE_OF_STATUS: Readonly<Record<number, WeirErrorCode>> = {
  400: 'REST_BAD_REQUEST',
  404: 'REST_NOT_FOUND',
  405: 'REST_METHOD_NOT_ALLOWED',
  409: 'REST_CONFLICT',
  413: 'REST_PAYLOAD_TOO_LARGE',
};

interface Call {
  readonly json?: unknown;
  readonly form?: FormData;
  readonly timeoutMs?: number;
}

const seg = encodeURIComponent;

/**
 * @example
 * const client = new RestClient({ baseUrl: 'http://localhost:8081' });
 * const { jobs } = await client.jobsOverview();
 */
export class RestClient {
  readonly baseUrl: string;
  readonly #timeoutMs: number;
  readonly #uploadTimeoutMs: number;

  constructor(options: RestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#uploadTimeoutMs = options.uploadTimeoutMs ?? 300_000;
  }

  config(): Promise<DashboardConfiguration> {
    return this.#call('GET', '/config');
  }

  overview(): Promise<ClusterOverviewWithVersion> {
    return this.#call('GET', '/overview');
  }

  jobManagerConfig(): Promise<ConfigurationInfoEntry[]> {
    return this.#call('GET', '/jobmanager/config');
  }

  taskManagers(): Promise<TaskManagersInfo> {
    return this.#call('GET', '/taskmanagers');
  }

  taskManager(taskManagerId: string): Promise<TaskManagerDetailsInfo> {
    return this.#call('GET', `/taskmanagers/${seg(taskManagerId)}`);
  }

  listJobs(): Promise<JobIdsWithStatusOverview> {
    return this.#call('GET', '/jobs');
  }

  jobsOverview(): Promise<MultipleJobsDetails> {
    return this.#call('GET', '/jobs/overview');
  }

  jobDetails(jobId: string): Promise<JobDetailsInfo> {
    return this.#call('GET', `/jobs/${seg(jobId)}`);
  }

  jobPlan(jobId: string): Promise<JobPlanInfo> {
    return this.#call('GET', `/jobs/${seg(jobId)}/plan`);
  }

  jobStatus(jobId: string): Promise<JobStatusInfo> {
    return this.#call('GET', `/jobs/${seg(jobId)}/status`);
  }

  jobExceptions(jobId: string, maxExceptions?: number): Promise<JobExceptionsInfoWithHistory> {
    const query = maxExceptions === undefined ? '' : `?maxExceptions=${maxExceptions}`;
    return this.#call('GET', `/jobs/${seg(jobId)}/exceptions${query}`);
  }

  jobExecutionResult(jobId: string): Promise<JobExecutionResultResponseBody> {
    return this.#call('GET', `/jobs/${seg(jobId)}/execution-result`);
  }

  async cancelJob(jobId: string): Promise<void> {
    await this.#call('PATCH', `/jobs/${seg(jobId)}?mode=cancel`);
  }

  vertexDetails(jobId: string, vertexId: string): Promise<JobVertexDetailsInfo> {
    return this.#call('GET', `/jobs/${seg(jobId)}/vertices/${seg(vertexId)}`);
  }

  /** `POST /jobs`: the JobGraph and program as the job graph file, the artifact as the one jar. */
  submitJob(submission: JobSubmission): Promise<JobSubmitResponseBody> {
    const graphFile: JobGraphFile = { jobGraph: submission.jobGraph, program: submission.program };
    const restore = submission.savepointRestore;
    const request: JobSubmitRequestBody = {
      jobGraphFileName: 'job-graph.json',
      jobJarFileNames: ['job.mjs'],
      ...(restore !== undefined ? { savepointPath: restore.path, allowNonRestoredState: restore.allowNonRestoredState } : {}),
    };
    const form = new FormData();
    form.append('request', JSON.stringify(request));
    form.append('file_0', new Blob([JSON.stringify(graphFile)], { type: 'application/json' }), request.jobGraphFileName);
    form.append('file_1', new Blob([submission.artifact], { type: 'text/javascript' }), 'job.mjs');
    return this.#call('POST', '/jobs', { form, timeoutMs: this.#uploadTimeoutMs });
  }

  /** One poll of a collect sink through the client coordination route. */
  async fetchCollectResults(jobId: string, operatorId: string, offset: number): Promise<CollectBatch> {
    const body: ClientCoordinationResponseBody = await this.#call('POST', `/jobs/${seg(jobId)}/coordinators/${seg(operatorId)}`, {
      json: { serializedCoordinationRequest: encodeCollectRequest({ offset }) },
    });
    return decodeCollectBatch(body.serializedCoordinationResult);
  }

  /** Starts a savepoint; poll `savepointStatus` with the answer's `request-id`. */
  triggerSavepoint(jobId: string, body: SavepointTriggerRequestBody = {}): Promise<TriggerResponse> {
    return this.#call('POST', `/jobs/${seg(jobId)}/savepoints`, { json: body });
  }

  /** Stops the job with a savepoint; its status is read with `savepointStatus`, as in Flink. */
  stopWithSavepoint(jobId: string, body: StopWithSavepointRequestBody = {}): Promise<TriggerResponse> {
    return this.#call('POST', `/jobs/${seg(jobId)}/stop`, { json: body });
  }

  savepointStatus(jobId: string, triggerId: string): Promise<AsynchronousOperationResult<SavepointInfo>> {
    return this.#call('GET', `/jobs/${seg(jobId)}/savepoints/${seg(triggerId)}`);
  }

  triggerCheckpoint(jobId: string, body: CheckpointTriggerRequestBody = {}): Promise<TriggerResponse> {
    return this.#call('POST', `/jobs/${seg(jobId)}/checkpoints`, { json: body });
  }

  checkpointStatus(jobId: string, triggerId: string): Promise<AsynchronousOperationResult<CheckpointInfo>> {
    return this.#call('GET', `/jobs/${seg(jobId)}/checkpoints/${seg(triggerId)}`);
  }

  checkpointStatistics(jobId: string): Promise<CheckpointingStatistics> {
    return this.#call('GET', `/jobs/${seg(jobId)}/checkpoints`);
  }

  checkpointConfig(jobId: string): Promise<CheckpointConfigInfo> {
    return this.#call('GET', `/jobs/${seg(jobId)}/checkpoints/config`);
  }

  checkpointDetails(jobId: string, checkpointId: number): Promise<CheckpointStatistics> {
    return this.#call('GET', `/jobs/${seg(jobId)}/checkpoints/details/${checkpointId}`);
  }

  listJars(): Promise<JarListInfo> {
    return this.#call('GET', '/jars');
  }

  uploadJar(fileName: string, artifact: Uint8Array): Promise<JarUploadResponseBody> {
    const form = new FormData();
    form.append('jarfile', new Blob([artifact], { type: 'text/javascript' }), fileName);
    return this.#call('POST', '/jars/upload', { form, timeoutMs: this.#uploadTimeoutMs });
  }

  async deleteJar(jarId: string): Promise<void> {
    await this.#call('DELETE', `/jars/${seg(jarId)}`);
  }

  /** Runs the jar's main on the server and submits its first job. */
  runJar(jarId: string, body: JarRunRequestBody = {}): Promise<JarRunResponseBody> {
    return this.#call('POST', `/jars/${seg(jarId)}/run`, { json: body, timeoutMs: this.#uploadTimeoutMs });
  }

  jarPlan(jarId: string, body: Omit<JarRunRequestBody, 'savepointPath' | 'allowNonRestoredState' | 'restoreMode'> = {}): Promise<JobPlanInfo> {
    return this.#call('POST', `/jars/${seg(jarId)}/plan`, { json: body, timeoutMs: this.#uploadTimeoutMs });
  }

  async #call<T>(method: string, path: string, call: Call = {}): Promise<T> {
    const timeoutMs = call.timeoutMs ?? this.#timeoutMs;
    const what = `${method} ${path}`;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        ...(call.json !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(call.json) } : {}),
        ...(call.form !== undefined ? { body: call.form } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) throw this.#answerError(response.status, what, text);
      return (text === '' ? {} : JSON.parse(text)) as T;
    } catch (error) {
      if (error instanceof WeirError) throw error;
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new WeirError(
          'REST_TIMEOUT',
          `${what} got no answer from ${this.baseUrl} within ${formatDuration(timeoutMs)}; the JobManager may be overloaded, or raise the client's timeout`,
          { cause: error },
        );
      }
      if (error instanceof SyntaxError) {
        throw new WeirError('REST_SERVER_ERROR', `${what}: ${this.baseUrl} answered with something other than JSON`, { cause: error });
      }
      const cause = error instanceof Error && error.cause !== undefined ? errorMessage(error.cause) : errorMessage(error);
      throw new WeirError(
        'REST_CONNECTION_FAILED',
        `could not reach the JobManager's REST endpoint at ${this.baseUrl} (${cause}); check that it runs and that rest.address and rest.port point at it`,
        { cause: error },
      );
    }
  }

  #answerError(status: number, what: string, text: string): WeirError {
    let messages: readonly string[] = [];
    try {
      const body = JSON.parse(text) as Partial<ErrorResponseBody>;
      if (Array.isArray(body.errors)) messages = body.errors.filter((e): e is string => typeof e === 'string');
    } catch {
      // A proxy's HTML page, say: the status still tells what happened.
    }
    const message = messages.length > 0 ? messages.join('; ') : `HTTP ${status}`;
    const code = status >= 500 ? 'REST_SERVER_ERROR' : (CODE_OF_STATUS[status] ?? 'REST_BAD_REQUEST');
    return new WeirError(code, `${message} (${what} answered ${status})`);
  }
}
