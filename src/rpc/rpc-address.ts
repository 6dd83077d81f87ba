import { WeirError } from '../core/errors.js';

/**
 * RPC addresses name one endpoint of one RpcService:
 * `weir://<host>:<port>/<endpointId>` across processes (TCP, optionally TLS) and
 * `local://<serviceName>/<endpointId>` inside one process.
 */
export type RpcAddress =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly endpointId: string }
  | { readonly kind: 'local'; readonly serviceName: string; readonly endpointId: string };

// Ids and service names end up in a URL path and in log lines; keep them boring.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const TCP_ADDRESS = /^weir:\/\/(\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):(\d{1,5})\/([^/]+)$/;
const LOCAL_ADDRESS = /^local:\/\/([^/]+)\/([^/]+)$/;

/** Throws RPC_INVALID_ADDRESS unless `name` can be an endpoint id or a local service name. */
export function validateRpcName(name: string, what: string): void {
  if (!NAME.test(name)) {
    throw new WeirError(
      'RPC_INVALID_ADDRESS',
      `Invalid ${what} '${name.slice(0, 200)}': use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
}

/** Parses an endpoint address; throws RPC_INVALID_ADDRESS on anything else. */
export function parseRpcAddress(address: string): RpcAddress {
  const tcp = TCP_ADDRESS.exec(address);
  if (tcp !== null) {
    const [, rawHost = '', rawPort = '', endpointId = ''] = tcp;
    const port = Number(rawPort);
    if (port >= 1 && port <= 65_535 && NAME.test(endpointId)) {
      const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
      return { kind: 'tcp', host, port, endpointId };
    }
  }
  const local = LOCAL_ADDRESS.exec(address);
  if (local !== null) {
    const [, serviceName = '', endpointId = ''] = local;
    if (NAME.test(serviceName) && NAME.test(endpointId)) return { kind: 'local', serviceName, endpointId };
  }
  throw new WeirError(
    'RPC_INVALID_ADDRESS',
    `Invalid RPC address '${address.slice(0, 200)}': expected weir://<host>:<port>/<endpointId> or local://<service>/<endpointId>`,
  );
}

/** `weir://host:port`, bracketing IPv6 literals. */
export function formatTcpServiceAddress(host: string, port: number): string {
  return `weir://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** `local://serviceName`. */
export function formatLocalServiceAddress(serviceName: string): string {
  return `local://${serviceName}`;
}
