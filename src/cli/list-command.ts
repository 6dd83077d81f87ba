/**
 * `weir list`: the cluster's jobs in Flink's sections (running/restarting, scheduled,
 * terminated), each line `dd.MM.yyyy HH:mm:ss : <jobid> : <name> (<STATE>)`, oldest first.
 */
import type { JobStatus } from '../api/job-client.js';
import { RestClient } from '../client/rest-client.js';
import type { JobDetails } from '../rest/messages.js';
import { cliConfiguration } from './cli-configuration.js';
import { restBaseUrl } from './cli-values.js';
import { jobLine } from './job-lines.js';
import type { ClusterCommandOptions } from './main.js';

export interface ListOptions extends ClusterCommandOptions {
  readonly running?: boolean;
  readonly scheduled?: boolean;
  readonly all?: boolean;
}

/** Flink's globally terminal states; a SUSPENDED job may still come back, so it lists as running. */
const TERMINATED: ReadonlySet<JobStatus> = new Set(['FINISHED', 'CANCELED', 'FAILED']);
const RULE = '--------------------------------------------------------------';

function section(title: string, jobs: readonly JobDetails[], empty: string | undefined): string[] {
  if (jobs.length === 0) return empty === undefined ? [] : [empty];
  const sorted = [...jobs].sort((a, b) => a['start-time'] - b['start-time']);
  return [title, ...sorted.map((job) => jobLine(job['start-time'], job.jid, job.name, job.state)), RULE];
}

/** The lines `weir list` prints for these jobs; pure, for tests. */
export function listLines(jobs: readonly JobDetails[], options: Pick<ListOptions, 'running' | 'scheduled' | 'all'>): string[] {
  const all = options.all === true;
  // As in Flink: no flag shows running and scheduled jobs.
  const none = options.running !== true && options.scheduled !== true;
  const running = all || none || options.running === true;
  const scheduled = all || none || options.scheduled === true;
  const lines: string[] = [];
  if (running) {
    const jobsRunning = jobs.filter((job) => job.state !== 'CREATED' && !TERMINATED.has(job.state));
    lines.push(...section('------------------ Running/Restarting Jobs -------------------', jobsRunning, 'No running jobs.'));
  }
  if (scheduled) {
    lines.push(...section('----------------------- Scheduled Jobs -----------------------', jobs.filter((job) => job.state === 'CREATED'), 'No scheduled jobs.'));
  }
  if (all) {
    lines.push(...section('---------------------- Terminated Jobs -----------------------', jobs.filter((job) => TERMINATED.has(job.state)), undefined));
  }
  return lines;
}

export async function listCommand(options: ListOptions): Promise<number> {
  const client = new RestClient({ baseUrl: restBaseUrl(options.jobmanager, cliConfiguration(options)) });
  const { jobs } = await client.jobsOverview();
  process.stdout.write(`${listLines(jobs, options).join('\n')}\n`);
  return 0;
}
