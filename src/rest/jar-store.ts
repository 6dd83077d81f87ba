/**
 * The uploaded artifacts ("jars") of `/jars/*`: files in one directory, named by ids this
 * store issued. Every path it opens is built from a validated id (see ids.ts), so no
 * request can read or write outside the directory.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WeirError } from '../core/errors.js';
import { isJarId, jarName, jarPath, newJarId } from './ids.js';
import type { JarFileInfo } from './messages.js';

export interface StoredJar {
  readonly id: string;
  readonly path: string;
}

export class JarStore {
  constructor(readonly dir: string) {}

  /** Streams an upload to disk; a stream cut short by the size limit leaves nothing behind. */
  async save(uploadedName: string, data: Readable & { readonly truncated?: boolean }, tooLarge: () => Error): Promise<StoredJar> {
    await mkdir(this.dir, { recursive: true });
    const id = newJarId(uploadedName);
    // Not a jar id, so a half-written upload is never listed or run.
    const temporary = join(this.dir, `.upload-${randomUUID()}.tmp`);
    try {
      await pipeline(data, createWriteStream(temporary, { flags: 'wx' }));
      if (data.truncated === true) throw tooLarge();
      const path = jarPath(this.dir, id);
      await rename(temporary, path);
      return { id, path };
    } finally {
      await rm(temporary, { force: true });
    }
  }

  /** Newest first, as Flink lists them. */
  async list(): Promise<JarFileInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const files: JarFileInfo[] = [];
    for (const id of names.filter(isJarId)) {
      const stats = await lstat(join(this.dir, id)).catch(() => undefined);
      if (stats?.isFile() === true) files.push({ id, name: jarName(id), uploaded: Math.round(stats.mtimeMs), entry: [] });
    }
    return files.sort((a, b) => b.uploaded - a.uploaded);
  }

  /** The path of an existing jar; REST_NOT_FOUND when there is none. */
  async path(id: string): Promise<string> {
    const path = jarPath(this.dir, id);
    // lstat: a link someone planted under a jar's name is not followed out of the directory.
    const stats = await lstat(path).catch(() => undefined);
    if (stats?.isFile() !== true) throw notFound(id);
    return path;
  }

  async read(id: string): Promise<Uint8Array> {
    return readFile(await this.path(id));
  }

  async delete(id: string): Promise<void> {
    await rm(await this.path(id));
  }
}

function notFound(id: string): WeirError {
  return new WeirError('REST_NOT_FOUND', `no jar with id ${id}; GET /jars lists the uploaded ones`);
}
