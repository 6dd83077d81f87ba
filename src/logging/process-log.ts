/**
 * The log of this process. A cluster process installs it once at start, naming its file
 * (`jobmanager`, `taskmanager-<id>`) in the log directory: from then on every line goes
 * to that file as JSON, and warnings and errors also to stderr as text for the person
 * watching. Until one is installed (tests, the embedded mini cluster without a log
 * directory), warnings and errors go to stderr only.
 *
 * One per process, like log4j's root logger: the TaskExecutor, the RPC service and the
 * REST handlers of a process all write, and read back, the same file.
 */
import { LEVEL_ORDER, jsonLine, textLine, type LogContext, type LogLevel, type LogRecord } from './log-record.js';
import { RotatingFile, type RotatingFileOptions } from './rotating-file.js';

/** The shape of src/core/logger.ts's Logger, with a context for the lines of one job or subtask. */
export interface ContextLogger {
  debug(message: string, details?: unknown): void;
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
  child(context: LogContext): ContextLogger;
}

export interface ProcessLogOptions extends RotatingFileOptions {
  /** `jobmanager`, `taskmanager`, `minicluster`: the component of lines that name none. */
  readonly component: string;
  readonly fileLevel?: LogLevel;
  readonly stderrLevel?: LogLevel;
}

interface Sink {
  readonly file: RotatingFile | undefined;
  readonly component: string | undefined;
  readonly fileLevel: number;
  readonly stderrLevel: number;
}

const DEBUG_ENABLED = (): boolean => process.env['WEIR_DEBUG'] !== undefined;

let sink: Sink = { file: undefined, component: undefined, fileLevel: LEVEL_ORDER.ERROR + 1, stderrLevel: LEVEL_ORDER.WARN };

function write(level: LogLevel, message: string, details: unknown, context: LogContext): void {
  const order = LEVEL_ORDER[level];
  const toFile = sink.file !== undefined && order >= sink.fileLevel;
  const toStderr = order >= sink.stderrLevel || (level === 'DEBUG' && DEBUG_ENABLED());
  if (!toFile && !toStderr) return;
  const record: LogRecord = {
    timestamp: Date.now(),
    level,
    ...(sink.component !== undefined ? { component: sink.component } : {}),
    ...context,
    message,
    ...(details !== undefined ? { details } : {}),
  };
  if (toFile) {
    try {
      sink.file?.write(jsonLine(record));
    } catch {
      // A full disk must not take the process down; stderr still has the warnings.
    }
  }
  if (toStderr) process.stderr.write(textLine(record));
}

function contextLogger(context: LogContext): ContextLogger {
  return {
    debug: (message, details) => write('DEBUG', message, details, context),
    info: (message, details) => write('INFO', message, details, context),
    warn: (message, details) => write('WARN', message, details, context),
    error: (message, details) => write('ERROR', message, details, context),
    child: (more) => contextLogger({ ...context, ...more }),
  };
}

const root = contextLogger({});

/** This process's logger; lines written before `installProcessLog` go to stderr only. */
export function processLogger(): ContextLogger {
  return root;
}

/**
 * Starts writing this process's log file; a second call replaces the first (the newest
 * process role wins, as when `weir run-application` starts a JobManager).
 * @example installProcessLog({ dir: logDirectory(), baseName: 'jobmanager', component: 'jobmanager', maxBytes: 10 << 20, maxFiles: 5 });
 */
export function installProcessLog(options: ProcessLogOptions): void {
  sink.file?.close();
  sink = {
    file: new RotatingFile(options),
    component: options.component,
    fileLevel: LEVEL_ORDER[options.fileLevel ?? (DEBUG_ENABLED() ? 'DEBUG' : 'INFO')],
    stderrLevel: LEVEL_ORDER[options.stderrLevel ?? 'WARN'],
  };
}

/** Where this process's log files are, if it writes any. */
export function processLogLocation(): { readonly dir: string; readonly baseName: string } | undefined {
  const file = sink.file;
  return file === undefined ? undefined : { dir: file.options.dir, baseName: file.options.baseName };
}

/** Stops writing the file (tests; a process that ends). */
export function closeProcessLog(): void {
  sink.file?.close();
  sink = { file: undefined, component: undefined, fileLevel: LEVEL_ORDER.ERROR + 1, stderrLevel: LEVEL_ORDER.WARN };
}
