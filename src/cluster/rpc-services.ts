/** The TCP RPC service of a cluster process, configured from the configuration (ports, TLS, ask timeout). */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import {
  RPC_ASK_TIMEOUT,
  SSL_INTERNAL_CA,
  SSL_INTERNAL_CERT,
  SSL_INTERNAL_ENABLED,
  SSL_INTERNAL_KEY,
  SSL_INTERNAL_KEY_PASSWORD,
  type Configuration,
} from '../config/index.js';
import { errorMessage, WeirError } from '../core/errors.js';
import { processLogger } from '../logging/process-log.js';
import { TcpRpcService, type TcpRpcTlsOptions } from '../rpc/index.js';

/** The TLS settings of every internal connection, RPC and data, or undefined when internal TLS is off. */
export function internalTls(config: Configuration): TcpRpcTlsOptions | undefined {
  if (!config.get(SSL_INTERNAL_ENABLED)) return undefined;
  const read = (path: string | undefined, key: string): string => {
    if (path === undefined) throw new WeirError('CONFIG_INVALID_VALUE', `security.ssl.internal.enabled is true but ${key} is not set`);
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new WeirError('CONFIG_INVALID_VALUE', `${key}: cannot read ${path}: ${(error as Error).message}`);
    }
  };
  const passphrase = config.get(SSL_INTERNAL_KEY_PASSWORD);
  const options: TcpRpcTlsOptions = {
    key: read(config.get(SSL_INTERNAL_KEY), 'security.ssl.internal.key'),
    ...(passphrase !== undefined ? { passphrase } : {}),
    cert: read(config.get(SSL_INTERNAL_CERT), 'security.ssl.internal.cert'),
    ca: read(config.get(SSL_INTERNAL_CA), 'security.ssl.internal.ca'),
  };
  // Load the PEMs once here, so that a bad file or passphrase stops the process at start with the key to fix.
  try {
    createSecureContext(options);
  } catch (error) {
    const message = errorMessage(error);
    const hint = /decrypt|passphrase|PEM_read_bio|DECODER/i.test(message)
      ? passphrase === undefined
        ? `if the key is encrypted, set '${SSL_INTERNAL_KEY_PASSWORD.key}' to its passphrase`
        : `check '${SSL_INTERNAL_KEY_PASSWORD.key}' and '${SSL_INTERNAL_KEY.key}'`
      : `check '${SSL_INTERNAL_KEY.key}', '${SSL_INTERNAL_CERT.key}' and '${SSL_INTERNAL_CA.key}' (PEM files, the key matching the certificate)`;
    throw new WeirError('CONFIG_INVALID_VALUE', `Internal TLS cannot use its key and certificates (${message}): ${hint}`, { cause: error });
  }
  return options;
}

/** `tls`: the process's internal TLS settings when it has read them already (a TaskManager's data plane uses them too). */
export function createClusterRpcService(config: Configuration, host: string, port: number, tls = internalTls(config)): Promise<TcpRpcService> {
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
