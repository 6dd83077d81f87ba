/** The TCP RPC service of a cluster process, configured from the configuration (ports, TLS, ask timeout). */
import { readFileSync } from 'node:fs';
import {
  RPC_ASK_TIMEOUT,
  SSL_INTERNAL_CA,
  SSL_INTERNAL_CERT,
  SSL_INTERNAL_ENABLED,
  SSL_INTERNAL_KEY,
  type Configuration,
} from '../config/index.js';
import { WeirError } from '../core/errors.js';
import { processLogger } from '../logging/process-log.js';
import { TcpRpcService, type TcpRpcTlsOptions } from '../rpc/index.js';

function internalTls(config: Configuration): TcpRpcTlsOptions | undefined {
  if (!config.get(SSL_INTERNAL_ENABLED)) return undefined;
  const read = (path: string | undefined, key: string): string => {
    if (path === undefined) throw new WeirError('CONFIG_INVALID_VALUE', `security.ssl.internal.enabled is true but ${key} is not set`);
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new WeirError('CONFIG_INVALID_VALUE', `${key}: cannot read ${path}: ${(error as Error).message}`);
    }
  };
  return {
    key: read(config.get(SSL_INTERNAL_KEY), 'security.ssl.internal.key'),
    cert: read(config.get(SSL_INTERNAL_CERT), 'security.ssl.internal.cert'),
    ca: read(config.get(SSL_INTERNAL_CA), 'security.ssl.internal.ca'),
  };
}

export function createClusterRpcService(config: Configuration, host: string, port: number): Promise<TcpRpcService> {
  const tls = internalTls(config);
  return TcpRpcService.create({
    host,
    port,
    defaultTimeoutMs: config.get(RPC_ASK_TIMEOUT),
    logger: processLogger().child({ component: 'rpc' }),
    ...(tls !== undefined ? { tls } : {}),
  });
}

/** Addresses of the JobManager's endpoints, from the host:port of its RPC service. */
export function jobManagerEndpoints(hostPort: string): { resourceManager: string; blobServer: string; dispatcher: string } {
  const base = `weir://${hostPort}`;
  return { resourceManager: `${base}/resourcemanager`, blobServer: `${base}/blobserver`, dispatcher: `${base}/dispatcher` };
}
