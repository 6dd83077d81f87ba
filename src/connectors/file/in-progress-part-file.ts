/**
 * One part file being written. Writes are synchronous (`fs.writeSync`), 64 KiB at a time:
 * `SinkWriter.write` is a synchronous call on the task's hot path, and a task runs in its
 * own slot worker thread, so a blocking write stalls only this task (which is then simply
 * backpressured), never another task, the network or the TaskManager.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileSinkError } from './file-sink-errors.js';
import type { PartFileInfo } from './rolling-policy.js';

const FLUSH_BYTES = 64 * 1024;

export class InProgressPartFile implements PartFileInfo {
  readonly creationTime: number;
  lastUpdateTime: number;
  /** Bytes written, buffered ones included. */
  size = 0;
  private fd: number | undefined;
  /**
   * Rows are buffered as one string (V8 appends without copying) and encoded once per
   * flush: about twice as fast per row as encoding each into a byte buffer.
   */
  private text = '';
  /** Buffered bytes: binary rows, and text already encoded to keep the order with them. */
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(
    readonly bucketId: string,
    /** Where it is written. */
    readonly path: string,
    now: number,
  ) {
    this.creationTime = now;
    this.lastUpdateTime = now;
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.fd = openSync(path, 'w');
    } catch (error) {
      throw fileSinkError('create', path, error);
    }
  }

  write(row: string | Uint8Array, now: number): void {
    this.lastUpdateTime = now;
    let bytes: number;
    if (typeof row === 'string') {
      bytes = Buffer.byteLength(row, 'utf8');
      this.text += row;
    } else {
      this.encodeText();
      // A copy: an encoder may reuse its array for the next row.
      this.chunks.push(Buffer.from(row));
      bytes = row.length;
    }
    this.size += bytes;
    this.buffered += bytes;
    if (this.buffered >= FLUSH_BYTES) this.flush();
  }

  /** Hands the buffered bytes to the operating system. */
  flush(): void {
    if (this.buffered === 0) return;
    this.encodeText();
    const chunks = this.chunks;
    this.chunks = [];
    this.buffered = 0;
    this.writeAll(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
  }

  /**
   * Closes the file durably and renames it to `pendingPath`: from then on it is complete
   * and only waits for its commit. The fsync makes a commit survive a machine crash.
   */
  closeForCommit(pendingPath: string): void {
    this.flush();
    const fd = this.fd as number;
    this.fd = undefined;
    try {
      fsyncSync(fd);
      closeSync(fd);
      renameSync(this.path, pendingPath);
    } catch (error) {
      closeQuietly(fd);
      throw fileSinkError('finish', this.path, error);
    }
  }

  /** Drops the file: its records were never committed and will be written again after a restore. */
  discard(): void {
    if (this.fd !== undefined) closeQuietly(this.fd);
    this.fd = undefined;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone, or not deletable: a restored writer deletes leftovers of its subtask.
    }
  }

  private encodeText(): void {
    if (this.text === '') return;
    this.chunks.push(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }

  private writeAll(bytes: Buffer): void {
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(this.fd as number, bytes, offset, bytes.length - offset);
    } catch (error) {
      throw fileSinkError('write', this.path, error);
    }
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // The descriptor is unusable either way.
  }
}
