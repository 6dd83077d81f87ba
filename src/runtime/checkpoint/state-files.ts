/**
 * Writes a task's keyed state snapshots to files and reads them back. Chunks are
 * serialized into a buffer that is written out whenever it holds a few MiB, with
 * asynchronous file I/O, so the task goes on processing records while a large snapshot
 * is written.
 */
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WeirError } from '../../core/errors.js';
import type { KeyGroupRange } from '../partitioning/key-groups.js';
import { ChunkBuffer } from '../state/keyed-state-chunk.js';
import type { KeyedStateSnapshot } from '../state/state-backend.js';
import type { KeyedStateHandle } from './state-handles.js';

const MiB = 1024 * 1024;
/**
 * Bytes encoded before they are written. Two buffers of about this size take turns, one
 * being written while the other is filled, and are reused for the whole snapshot: memory
 * never touched before costs a page fault per 4 KiB, which is why encoding into fresh
 * buffers (one per key group) ran at half speed. 2 MiB encoded faster than 8 MiB (less
 * memory to touch first, bytes likely still in the CPU cache when written); each write
 * is also a turn in which the task processes records.
 */
const WRITE_BYTES = 2 * MiB;
/**
 * Written bytes after which the file is flushed to disk in the background, so the disk
 * works while the rest is encoded instead of after it: the final fsync of a 200 MB
 * snapshot otherwise took a quarter of the checkpoint.
 */
const SYNC_BYTES = 64 * MiB;

/** Writes the snapshot's chunks to `directory/file`; the handle records where each key group is. */
export async function writeKeyedState(directory: string, file: string, snapshot: KeyedStateSnapshot): Promise<KeyedStateHandle> {
  const handle = await open(join(directory, file), 'w');
  const keyGroups: [number, number, number][] = [];
  let offset = 0;
  const into = new ChunkBuffer();
  // One write in flight while the next bytes are encoded into the other buffer; a write
  // gives its memory back when done.
  let writing: Promise<Buffer | undefined> = Promise.resolve(undefined);
  let syncing: Promise<void> = Promise.resolve();
  let unsynced = 0;
  const writeOut = async (): Promise<void> => {
    const length = into.length;
    const full = into.exchange((await writing) ?? Buffer.allocUnsafeSlow(into.bytes.length));
    writing = handle.write(full, 0, length).then(() => full);
    // Awaited before the next write or at the end; this only keeps a failure from being unhandled meanwhile.
    void writing.catch(() => undefined);
    unsynced += length;
    if (unsynced >= SYNC_BYTES) {
      unsynced = 0;
      syncing = syncing.then(() => handle.datasync());
      void syncing.catch(() => undefined);
    }
  };
  try {
    for (const chunk of snapshot.chunks(into)) {
      keyGroups.push([chunk.keyGroup, offset, chunk.bytes.byteLength]);
      offset += chunk.bytes.byteLength;
      if (into.length >= WRITE_BYTES) await writeOut();
    }
    await writing;
    if (into.length > 0) await handle.write(into.bytes, 0, into.length);
    await syncing;
    await handle.sync();
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new WeirError(
      'STATE_SNAPSHOT_FAILED',
      `could not write checkpoint file ${join(directory, file)}: ${(error as Error).message}${code === 'ENOSPC' ? ' (the disk is full: free space or point execution.checkpointing.dir elsewhere)' : ''}`,
      { cause: error },
    );
  } finally {
    // A failed encode or write leaves the other in flight; the file closes after it.
    await Promise.allSettled([writing, syncing]);
    await handle.close();
    snapshot.release();
  }
  return { file, keyGroups, size: offset };
}

/** The chunks of key groups in `range` from every handle, read from the checkpoint directory. */
export async function readKeyedChunks(
  directory: string,
  handles: readonly KeyedStateHandle[],
  range: KeyGroupRange,
): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for (const handle of handles) {
    const wanted = handle.keyGroups.filter(([keyGroup]) => keyGroup >= range.start && keyGroup <= range.end);
    if (wanted.length === 0) continue;
    const path = join(directory, handle.file);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new WeirError(
        'STATE_RESTORE_FAILED',
        `cannot read checkpoint file ${path}: ${(error as Error).message}; the checkpoint is incomplete — restore from another checkpoint or savepoint`,
        { cause: error },
      );
    }
    if (bytes.byteLength !== handle.size) {
      throw new WeirError(
        'STATE_RESTORE_FAILED',
        `checkpoint file ${path} has ${bytes.byteLength} bytes but the checkpoint wrote ${handle.size}: it is truncated or was changed`,
      );
    }
    for (const [, offset, length] of wanted) chunks.push(bytes.subarray(offset, offset + length));
  }
  return chunks;
}
