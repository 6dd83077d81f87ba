/**
 * The process logger. One line per event on stderr: what happened and, for an error, its
 * message; stacks only with WEIR_DEBUG set, since a user reads these, not a debugger.
 */
import { errorMessage } from './errors.js';

export interface Logger {
  debug(message: string, details?: unknown): void;
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

function line(level: string, message: string, details: unknown): string {
  const debug = process.env['WEIR_DEBUG'] !== undefined;
  const detail =
    details === undefined ? '' : debug && details instanceof Error ? `\n${details.stack ?? details.message}` : `: ${errorMessage(details)}`;
  return `${new Date().toISOString()} ${level} ${message}${detail}\n`;
}

export const stderrLogger: Logger = {
  debug: (message, details) => {
    if (process.env['WEIR_DEBUG'] !== undefined) process.stderr.write(line('DEBUG', message, details));
  },
  info: (message, details) => process.stderr.write(line('INFO', message, details)),
  warn: (message, details) => process.stderr.write(line('WARN', message, details)),
  error: (message, details) => process.stderr.write(line('ERROR', message, details)),
};
