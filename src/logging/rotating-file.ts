/**
 * A log file that rolls over by size, as log4j's RollingFileAppender does in Flink:
 * `name.log` is written; when a line would take it past the limit it becomes
 * `name.log.1`, the older ones move up by one, and the oldest beyond the count goes.
 * Writes are synchronous and small: a line reaches the file before a crash can lose it.
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface RotatingFileOptions {
  readonly dir: string;
  /** The file name without `.log`: `jobmanager`, `taskmanager-<id>`. */
  readonly baseName: string;
  readonly maxBytes: number;
  /** Rolled-over files kept besides the current one. */
  readonly maxFiles: number;
}

export class RotatingFile {
  private fd: number | undefined;
  private size = 0;

  constructor(readonly options: RotatingFileOptions) {
    mkdirSync(options.dir, { recursive: true });
    this.open();
  }

  get path(): string {
    return join(this.options.dir, `${this.options.baseName}.log`);
  }

  write(line: string): void {
    if (this.fd === undefined) return;
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.roll();
    if (this.fd === undefined) return;
    writeSync(this.fd, line);
    this.size += bytes;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    this.fd = openSync(this.path, 'a');
    this.size = fstatSync(this.fd).size;
  }

  private roll(): void {
    this.close();
    const { maxFiles } = this.options;
    const rolled = (n: number): string => `${this.path}.${n}`;
    rmSync(rolled(maxFiles), { force: true });
    for (let n = maxFiles - 1; n >= 1; n--) {
      try {
        renameSync(rolled(n), rolled(n + 1));
      } catch {
        // Fewer files than the limit exist yet.
      }
    }
    renameSync(this.path, rolled(1));
    this.open();
  }
}
