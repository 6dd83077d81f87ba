/**
 * The Dispatcher: takes job submissions, starts one JobMaster per job and answers for
 * the jobs it ran, finished ones included.
 */
import type { CollectBatch, JobStatus } from '../api/job-client.js';
import { TERMINAL_JOB_STATES } from '../api/job-client.js';
import { WeirError } from '../core/errors.js';
import { JobMasterId } from '../core/ids.js';
import { JobMaster, type JobMasterSettings, type JobTermination } from '../jobmaster/job-master.js';
import type { JobMasterGateway } from '../jobmaster/job-master-gateway.js';
import { RpcEndpoint, type RpcEndpointOptions } from '../rpc/index.js';
import type { BlobServer } from './blob-server.js';
import type { DispatcherGateway, JobResult, JobSubmission, JobSummary } from './dispatcher-gateway.js';

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
}

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
      onStatusChange: (status) => this.runAsync(() => {
        entry.status = status;
      }),
      onTerminated: (termination) => this.runAsync(() => this.#jobTerminated(entry, termination)),
    });
    entry.jobMaster = jobMaster;
    entry.gateway = this.rpcService.connectFenced<JobMasterGateway>(jobMaster.address, jobMasterId);
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
    return (await job.gateway).fetchCollectResults(operatorId, offset);
  }

  /** The JobMaster of a job, while it runs; for REST and the dashboard. */
  jobMasterOf(jobId: string): JobMaster | undefined {
    return this.#jobs.get(jobId)?.jobMaster;
  }

  protected override async onStop(): Promise<void> {
    await Promise.all([...this.#jobs.values()].map((job) => job.jobMaster?.stop() ?? Promise.resolve()));
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
      ...(termination.error !== undefined ? { error: termination.error } : {}),
    };
    for (const resolve of job.resultWaiters.splice(0)) resolve(job.result);
    // The JobMaster keeps serving collect results until the client has read them all; it stops with the Dispatcher.
  }
}
