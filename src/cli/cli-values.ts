/**
 * Checks the values commands take on the command line (job ids, time limits, paths, the
 * REST address) and turns them into what the clients need, with messages that say what
 * to type instead.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REST_ADDRESS, REST_PORT, parseDuration, type Configuration } from '../config/index.js';
import { WeirError } from '../core/errors.js';

const JOB_ID = /^[0-9a-f]{32}$/;

export function parseJobId(value: string): string {
  if (!JOB_ID.test(value)) {
    throw new WeirError('CLI_USAGE', `'${value}' is not a JobID: a JobID is 32 hexadecimal characters ('weir list' shows them)`);
  }
  return value;
}

/** A time limit such as `10 min`, `90 s` or `5000` (ms). */
export function parseTimeout(value: string, flag = '--timeout'): number {
  const ms = parseDuration(value, { key: flag });
  if (ms <= 0) throw new WeirError('CLI_USAGE', `${flag} must be longer than 0, got '${value}'`);
  return ms;
}

/**
 * A path the JobManager is to read or write. A relative path is taken from the directory
 * the command runs in, which is what its user means; the JobManager's own working
 * directory is nothing the user can see. `file:` URIs, as Flink prints them, work too.
 */
export function clusterPath(value: string): string {
  if (value.startsWith('file:')) return fileURLToPath(value);
  return isAbsolute(value) ? value : resolve(value);
}

/**
 * The JobManager's REST base URL: `--jobmanager host:port` (or a URL) when given, else
 * `rest.address`:`rest.port` from the configuration, as Flink's CLI reads it.
 */
export function restBaseUrl(jobmanager: string | undefined, config: Configuration): string {
  if (jobmanager === undefined) return `http://${reachable(config.get(REST_ADDRESS))}:${config.get(REST_PORT)}`;
  if (/^https?:\/\//i.test(jobmanager)) return jobmanager.replace(/\/+$/, '');
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:/\s]+):([0-9]{1,5})$/.exec(jobmanager);
  const port = Number(match?.[2]);
  if (match === null || port < 1 || port > 65535) {
    throw new WeirError(
      'CLI_USAGE',
      `--jobmanager expects the JobManager's REST address as host:port (rest.port, 8081 by default), got '${jobmanager}'`,
    );
  }
  return `http://${reachable(match[1] ?? '')}:${port}`;
}

/** `localhost` may resolve to ::1 first, while the REST server binds 127.0.0.1 by default. */
function reachable(host: string): string {
  return host === 'localhost' ? '127.0.0.1' : host;
}
