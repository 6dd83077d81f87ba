/**
 * Stores job artifacts by content hash on the JobManager's disk and serves them to
 * TaskManagers (Flink's BlobServer). Only names it computed itself are ever opened, so a
 * hash from a caller cannot reach outside its directory.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WeirError } from '../core/errors.js';
import type { BlobServerGateway } from '../jobmaster/blob-server-gateway.js';
import type { ArtifactRef } from '../runtime/deployment.js';
import { RpcEndpoint, type RpcEndpointOptions } from '../rpc/index.js';

const HASH = /^[0-9a-f]{64}$/;

export interface BlobServerOptions extends RpcEndpointOptions {
  readonly storageDir: string;
}

export class BlobServer extends RpcEndpoint implements BlobServerGateway {
  readonly #dir: string;

  constructor(options: BlobServerOptions) {
    super(options);
    this.#dir = options.storageDir;
  }

  async getArtifact(hash: string): Promise<Uint8Array> {
    if (!HASH.test(hash)) throw new WeirError('JOB_NOT_FOUND', `not an artifact hash: ${hash.slice(0, 80)}`);
    try {
      return await readFile(this.#pathOf(hash));
    } catch {
      throw new WeirError('JOB_NOT_FOUND', `no artifact ${hash} on the BlobServer`);
    }
  }

  /** Stores bytes under their hash; storing the same artifact twice is a no-op. */
  async put(bytes: Uint8Array): Promise<ArtifactRef & { readonly path: string }> {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const path = this.#pathOf(hash);
    await mkdir(this.#dir, { recursive: true });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
    return { hash, size: bytes.byteLength, path };
  }

  #pathOf(hash: string): string {
    return join(this.#dir, `${hash}.mjs`);
  }
}
