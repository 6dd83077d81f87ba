/**
 * One log event and its two renderings: a JSON line for the log file, which tools can
 * filter by job or subtask, and a one-line text for people reading stderr.
 */
import { errorMessage } from '../core/errors.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export const LEVEL_ORDER: Readonly<Record<LogLevel, number>> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3 };

/** What a log line is about, where known. */
export interface LogContext {
  readonly component?: string;
  readonly jobId?: string;
  readonly vertex?: string;
  readonly subtask?: number;
}

export interface LogRecord extends LogContext {
  readonly timestamp: number;
  readonly level: LogLevel;
  readonly message: string;
  readonly details?: unknown;
}

export function jsonLine(record: LogRecord): string {
  const { timestamp, level, message, details, ...context } = record;
  const error = details === undefined ? undefined : errorMessage(details);
  const stack = details instanceof Error ? details.stack : undefined;
  return `${JSON.stringify({
    ts: new Date(timestamp).toISOString(),
    level,
    ...context,
    message,
    ...(error !== undefined ? { error } : {}),
    ...(stack !== undefined && LEVEL_ORDER[level] >= LEVEL_ORDER.WARN ? { stack } : {}),
  })}\n`;
}

/** Stacks only with WEIR_DEBUG set: a user reads stderr, not a debugger. */
export function textLine(record: LogRecord): string {
  const debug = process.env['WEIR_DEBUG'] !== undefined;
  const details = record.details;
  const detail =
    details === undefined ? '' : debug && details instanceof Error ? `\n${details.stack ?? details.message}` : `: ${errorMessage(details)}`;
  const where = [record.component, record.jobId !== undefined ? `job ${record.jobId}` : undefined].filter((s) => s !== undefined).join(' ');
  return `${new Date(record.timestamp).toISOString()} ${record.level}${where === '' ? '' : ` [${where}]`} ${record.message}${detail}\n`;
}
