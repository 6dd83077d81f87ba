/**
 * Writes a task's keyed state snapshots to files and reads them back. Chunks are
 * serialized one key group at a time and written with asynchronous file I/O, so the task
 * goes on processing records while a large snapshot is written.
 */
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WeirError } from '../../core/errors.js';
import type { KeyGroupRange } from '../partitioning/key-groups.js';
import type { KeyedStateSnapshot } from '../state/state-backend.js';
import type { KeyedStateHandle } from './state-handles.js';

/** Writes the snapshot's chunks to `directory/file`; the handle records where each key group is. */
export async function writeKeyedState(directory: string, file: string, snapshot: KeyedStateSnapshot): Promise<KeyedStateHandle> {
  const handle = await open(join(directory, file), 'w');
  const keyGroups: [number, number, number][] = [];
  let offset = 0;
  try {
    // One write in flight while the next key group is encoded, so the disk and the encoder overlap.
    let writing: Promise<unknown> = Promise.resolve();
    for (const chunk of snapshot.chunks()) {
      await writing;
      writing = handle.write(chunk.bytes);
      // Awaited on the next turn or after the loop; this only keeps a failed write from being unhandled meanwhile.
      void writing.catch(() => undefined);
      keyGroups.push([chunk.keyGroup, offset, chunk.bytes.byteLength]);
      offset += chunk.bytes.byteLength;
    }
    await writing;
    await handle.sync();
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new WeirError(
      'STATE_SNAPSHOT_FAILED',
      `could not write checkpoint file ${join(directory, file)}: ${(error as Error).message}${code === 'ENOSPC' ? ' (the disk is full: free space or point execution.checkpointing.dir elsewhere)' : ''}`,
      { cause: error },
    );
  } finally {
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
