/** The one-line form a job takes in `weir list` and in the status changes `weir run` prints. */
import type { JobStatus } from '../api/job-client.js';

const two = (n: number): string => String(n).padStart(2, '0');

/** `dd.MM.yyyy HH:mm:ss` in local time, Flink's CLI date format. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** `20.05.2025 14:03:07 : 3f2a…e1 : keyed counter (RUNNING)`. */
export function jobLine(timestamp: number, jobId: string, name: string, state: JobStatus): string {
  return `${formatTimestamp(timestamp)} : ${jobId} : ${name} (${state})`;
}
