import { resolve } from 'node:path';

/** Where cluster processes keep pid and log files: $WEIR_LOG_DIR, else ./log (Flink's log/). */
export function logDirectory(): string {
  return resolve(process.env['WEIR_LOG_DIR'] ?? 'log');
}
