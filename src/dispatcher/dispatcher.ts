/**
 * The Dispatcher: takes job submissions, starts one JobMaster per job and answers for
 * the jobs it ran, finished ones included.
 */
import type { FlameGraphNode, FlameGraphSampling } from '../metrics/flame-graph.js';
import { dumpThreads, type ThreadInfo } from '../core/thread-dump.js';
import { coordinatorThreadName } from '../jobmaster/coordination/coordinator-host.js';
import type { CollectBatch, JobStatus } from '../api/job-client.js';
import { TERMINAL_JOB_STATES } from '../api/job-client.js';
import { WeirError } from '../core/errors.js';
import { JobMasterId } from '../core/ids.js';
import { JobMaster, type JobMasterSettings, type JobTermination } from '../jobmaster/job-master.js';
import type { JobMasterGateway } from '../jobmaster/job-master-gateway.js';
import { RpcEndpoint, type RpcEndpointOptions } from '../rpc/index.js';
import type { BlobServer } from './blob-server.js';
import type { CheckpointStatsInfo, ClusterOverviewInfo, DispatcherGateway, JobResult, JobSubmission, JobSummary } from './dispatcher-gateway.js';
import { readMetadata } from '../jobmaster/checkpoint/checkpoint-metadata.js';
import { checkRestorable } from '../jobmaster/checkpoint/state-assignment.js';
import type { JobDetailsInfo, TaskManagerInfo } from './job-info.js';
import type { ResourceManagerGateway } from '../resourcemanager/resource-manager-gateway.js';
import type { TaskManagerMetricDump } from '../metrics/metric-snapshot.js';
import { fetchTaskManagerLogFile, fetchTaskManagerLogList, fetchTaskManagerMetrics, fetchTaskManagerThreadDump } from '../metrics/task-manager-queries.js';
import type { LogFileInfo, LogFileText } from '../logging/log-files.js';

export interface DispatcherOptions extends RpcEndpointOptions {
  readonly blobServer: BlobServer;
  readonly resourceManagerAddress: string;
  readonly jobMasterSettings: JobMasterSettings;
}

interface JobEntry {
  readonly jobId: string;
  readonly name: string;
  readonly submittedAt: number;
  status: JobStatus;
  jobMaster: JobMaster | undefined;
  gateway: Promise<JobMasterGateway> | undefined;
  result: JobResult | undefined;
  readonly resultWaiters: ((result: JobResult) => void)[];
  endTime: number;
  /** The job's details as they were when it ended (Flink's ArchivedExecutionGraph). */
  archive: JobDetailsInfo | undefined;
  checkpointStats: CheckpointStatsInfo | undefined;
  /** Collect sinks whose results the client has not read to the end. */
  readonly undrainedCollectors: Set<string>;
}

/** How long a finished job's JobMaster keeps unread collect results for a client that stopped reading. */
const COLLECT_RETENTION_MS = 5 * 60_000;

export class Dispatcher extends RpcEndpoint implements DispatcherGateway {
  readonly #options: DispatcherOptions;
  readonly #jobs = new Map<string, JobEntry>();

  constructor(options: DispatcherOptions) {
    super(options);
    this.#options = options;
  }

  async submitJob(submission: JobSubmission): Promise<{ readonly jobId: string }> {
    const { jobGraph } = submission;
    if (this.#jobs.has(jobGraph.jobId)) {
      throw new WeirError('GRAPH_INVALID', `job ${jobGraph.jobId} was already submitted; submit a new JobGraph with a new id`);
    }
    const initialRestore = submission.savepointRestore === undefined ? undefined : await readMetadata(submission.savepointRestore.path);
    if (initialRestore !== undefined) checkRestorable(initialRestore, jobGraph, submission.savepointRestore?.allowNonRestoredState ?? false);
    const artifact = await this.#options.blobServer.put(submission.artifact);
    const entry: JobEntry = {
      jobId: jobGraph.jobId,
      name: jobGraph.jobName,
      submittedAt: Date.now(),
      status: 'INITIALIZING',
      jobMaster: undefined,
      gateway: undefined,
      result: undefined,
      resultWaiters: [],
      endTime: -1,
      archive: undefined,
      checkpointStats: undefined,
      undrainedCollectors: new Set(jobGraph.streamNodes.filter((n) => n.kind === 'collect').map((n) => n.operatorId)),
    };
    this.#jobs.set(entry.jobId, entry);
    const jobMasterId = JobMasterId.generate();
    const jobMaster = new JobMaster({
      rpcService: this.rpcService,
      endpointId: `jobmaster_${jobGraph.jobId}`,
      jobMasterId,
      jobGraph,
      program: submission.program,
      artifact: { hash: artifact.hash, size: artifact.size },
      artifactPath: artifact.path,
      resourceManagerAddress: this.#options.resourceManagerAddress,
      settings: this.#options.jobMasterSettings,
      ...(initialRestore !== undefined ? { initialRestore } : {}),
      onStatusChange: (status) => this.runAsync(() => {
        entry.status = status;
      }),
      onTerminated: (termination) => this.runAsync(() => this.#jobTerminated(entry, termination)),
    });
    entry.jobMaster = jobMaster;
    // Savepoints and stops answer only when they complete, which may take up to the checkpoint timeout.
    const timeoutMs = Math.max(this.rpcService.defaultTimeoutMs, this.#options.jobMasterSettings.checkpoint.timeoutMs + 60_000);
    entry.gateway = this.rpcService.connectFenced<JobMasterGateway>(jobMaster.address, jobMasterId, { timeoutMs });
    entry.status = 'CREATED';
    jobMaster.start();
    return { jobId: entry.jobId };
  }

  async listJobs(): Promise<readonly JobSummary[]> {
    return [...this.#jobs.values()].map((job) => ({
      jobId: job.jobId,
      name: job.name,
      state: job.status,
      startTime: job.submittedAt,
      endTime: job.endTime,
    }));
  }

  async requestJobStatus(jobId: string): Promise<JobStatus> {
    return this.#job(jobId).status;
  }

  async requestJobResult(jobId: string): Promise<JobResult> {
    const job = this.#job(jobId);
    if (job.result !== undefined) return job.result;
    return new Promise((resolve) => job.resultWaiters.push(resolve));
  }

  async cancelJob(jobId: string): Promise<void> {
    const job = this.#job(jobId);
    if (TERMINAL_JOB_STATES.has(job.status) || job.gateway === undefined) return;
    await (await job.gateway).cancel();
  }

  async fetchCollectResults(jobId: string, operatorId: string, offset: number): Promise<CollectBatch> {
    const job = this.#job(jobId);
    if (job.gateway === undefined) return { records: [], finished: job.result !== undefined };
    const batch = await (await job.gateway).fetchCollectResults(operatorId, offset);
    if (batch.finished) {
      job.undrainedCollectors.delete(operatorId);
      if (job.result !== undefined && job.undrainedCollectors.size === 0) this.runAsync(() => this.#stopJobMaster(job));
    }
    return batch;
  }

  async requestJobDetails(jobId: string): Promise<JobDetailsInfo> {
    const job = this.#job(jobId);
    if (job.archive !== undefined) return job.archive;
    if (job.gateway === undefined) throw new WeirError('JOB_NOT_FOUND', `job ${jobId} has no JobMaster yet`);
    try {
      return await (await job.gateway).requestJobDetails();
    } catch (error) {
      // The job may have ended meanwhile and its JobMaster stopped: its archive answers now.
      if (job.archive !== undefined) return job.archive;
      throw error;
    }
  }

  async requestClusterOverview(): Promise<ClusterOverviewInfo> {
    const rm = await this.#resourceManager();
    const overview = await rm.requestClusterOverview();
    const count = (states: readonly JobStatus[]): number => [...this.#jobs.values()].filter((j) => states.includes(j.status)).length;
    return {
      taskmanagers: overview.taskManagers,
      'slots-total': overview.slotsTotal,
      'slots-available': overview.slotsAvailable,
      'jobs-running': count(['INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'CANCELLING', 'RESTARTING', 'RECONCILING']),
      'jobs-finished': count(['FINISHED']),
      'jobs-cancelled': count(['CANCELED']),
      'jobs-failed': count(['FAILED']),
    };
  }

  async triggerSavepoint(jobId: string, targetDirectory: string | null): Promise<{ readonly location: string }> {
    return (await this.#runningJobMaster(jobId)).triggerSavepoint(targetDirectory);
  }

  async stopWithSavepoint(jobId: string, targetDirectory: string | null, drain: boolean): Promise<{ readonly location: string }> {
    return (await this.#runningJobMaster(jobId)).stopWithSavepoint(targetDirectory, drain);
  }

  async requestFlameGraph(jobId: string, vertexId: string, subtaskIndex: number | null, sampling: FlameGraphSampling): Promise<FlameGraphNode | null> {
    const job = this.#job(jobId);
    if (TERMINAL_JOB_STATES.has(job.status) || job.gateway === undefined) return null;
    return (await job.gateway).requestFlameGraph(vertexId, subtaskIndex, sampling);
  }

  async triggerCheckpoint(jobId: string): Promise<{ readonly checkpointId: number; readonly location: string }> {
    return (await this.#runningJobMaster(jobId)).triggerCheckpoint();
  }

  async requestCheckpointStats(jobId: string): Promise<CheckpointStatsInfo> {
    const job = this.#job(jobId);
    if (job.checkpointStats !== undefined) return job.checkpointStats;
    if (job.gateway === undefined) throw new WeirError('JOB_NOT_FOUND', `job ${jobId} has no JobMaster yet`);
    try {
      return await (await job.gateway).requestCheckpointStats();
    } catch (error) {
      if (job.checkpointStats !== undefined) return job.checkpointStats;
      throw error;
    }
  }

  async #runningJobMaster(jobId: string): Promise<JobMasterGateway> {
    const job = this.#job(jobId);
    if (job.gateway === undefined || TERMINAL_JOB_STATES.has(job.status)) {
      throw new WeirError('JOB_NOT_FOUND', `job ${jobId} is not running (it is ${job.status})`);
    }
    return job.gateway;
  }

  async requestTaskManagers(): Promise<readonly TaskManagerInfo[]> {
    return (await this.#resourceManager()).requestTaskManagerInfos();
  }

  async requestTaskManagerMetrics(): Promise<readonly TaskManagerMetricDump[]> {
    return fetchTaskManagerMetrics(this.rpcService, await this.requestTaskManagers());
  }

  async requestTaskManagerLogList(taskManagerId: string): Promise<readonly LogFileInfo[] | null> {
    return fetchTaskManagerLogList(this.rpcService, (await this.requestTaskManagers()).find((tm) => tm.id === taskManagerId));
  }

  async requestThreadDump(): Promise<readonly ThreadInfo[]> {
    const running = new Map([...this.#jobs.values()].filter((job) => !TERMINAL_JOB_STATES.has(job.status)).map((job) => [coordinatorThreadName(job.jobId), job]));
    return dumpThreads((workerName) => {
      const job = running.get(workerName);
      return job === undefined ? undefined : { threadName: `coordinator of job ${job.jobId}`, description: `job '${job.name}': its split enumerators` };
    });
  }

  async requestTaskManagerThreadDump(taskManagerId: string): Promise<readonly ThreadInfo[] | null> {
    return fetchTaskManagerThreadDump(this.rpcService, (await this.requestTaskManagers()).find((tm) => tm.id === taskManagerId));
  }

  async requestTaskManagerLogFile(taskManagerId: string, fileName: string): Promise<LogFileText | null> {
    return fetchTaskManagerLogFile(this.rpcService, (await this.requestTaskManagers()).find((tm) => tm.id === taskManagerId), fileName);
  }

  protected override async onStop(): Promise<void> {
    await Promise.all([...this.#jobs.values()].map((job) => job.jobMaster?.stop() ?? Promise.resolve()));
  }

  #resourceManager(): Promise<ResourceManagerGateway> {
    this.#rm ??= this.rpcService.connect<ResourceManagerGateway>(this.#options.resourceManagerAddress);
    return this.#rm;
  }

  #rm: Promise<ResourceManagerGateway> | undefined;

  async #stopJobMaster(job: JobEntry): Promise<void> {
    const jobMaster = job.jobMaster;
    if (jobMaster === undefined) return;
    job.jobMaster = undefined;
    job.gateway = undefined;
    await jobMaster.stop();
  }

  #job(jobId: string): JobEntry {
    const job = this.#jobs.get(jobId);
    if (job === undefined) throw new WeirError('JOB_NOT_FOUND', `no job with id ${jobId}; list the jobs with 'weir list --all'`);
    return job;
  }

  #jobTerminated(job: JobEntry, termination: JobTermination): void {
    job.status = termination.state;
    job.endTime = termination.endTime;
    job.result = {
      jobId: job.jobId,
      jobName: job.name,
      state: termination.state,
      netRuntimeMs: termination.endTime - termination.startTime,
      accumulators: termination.accumulators,
      ...(termination.error !== undefined ? { error: termination.error } : {}),
    };
    for (const resolve of job.resultWaiters.splice(0)) resolve(job.result);
    const jobMaster = job.jobMaster;
    if (jobMaster === undefined) return;
    Promise.all([jobMaster.requestJobDetails(), jobMaster.requestCheckpointStats()])
      .then(([details, stats]) =>
        this.runAsync(() => {
          job.archive = details;
          job.checkpointStats = stats;
        }),
      )
      .catch((error: unknown) => this.log.warn(`could not archive job ${job.jobId}`, error))
      .finally(() => {
        // A JobMaster with unread collect results serves them a while longer.
        if (job.undrainedCollectors.size === 0) this.runAsync(() => this.#stopJobMaster(job));
        else this.scheduleRunAsync(() => this.#stopJobMaster(job), COLLECT_RETENTION_MS);
      });
  }
}
