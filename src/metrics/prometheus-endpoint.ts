/**
 * A process's Prometheus endpoint (Flink's PrometheusReporter): an HTTP server on the
 * first free port of `metrics.reporter.prom.port` that renders the process's metrics at
 * every scrape. Several TaskManagers on one host each take the next port of a range.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WeirError, errorMessage } from '../core/errors.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus, type ScopedValues } from './prometheus-format.js';

export interface PrometheusEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

/** `9249` or `9250-9260` as the ports to try, in order. */
export function parsePortRange(spec: string): number[] {
  const match = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(spec);
  const from = Number(match?.[1]);
  const to = match?.[2] === undefined ? from : Number(match[2]);
  if (match === null || from > 65_535 || to > 65_535 || to < from) {
    throw new WeirError('CONFIG_INVALID_VALUE', `metrics.reporter.prom.port takes a port or a range like 9250-9260, got '${spec}'`);
  }
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function listen(server: Server, host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') resolve(false);
      else reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export async function startPrometheusEndpoint(options: {
  readonly portSpec: string;
  readonly host: string;
  readonly collect: () => Promise<readonly ScopedValues[]>;
  readonly onError?: (message: string, error: unknown) => void;
}): Promise<PrometheusEndpoint> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    options.collect().then(
      (scoped) => response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(renderPrometheus(scoped)),
      (error: unknown) => {
        options.onError?.('could not collect metrics for a Prometheus scrape', error);
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`could not collect metrics: ${errorMessage(error)}\n`);
      },
    );
  });
  const ports = parsePortRange(options.portSpec);
  for (const port of ports) {
    if (await listen(server, options.host, port)) {
      const bound = (server.address() as AddressInfo).port;
      return {
        port: bound,
        close: () =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    }
  }
  throw new WeirError(
    'CONFIG_INVALID_VALUE',
    `metrics.reporter.prom.port: every port of '${options.portSpec}' on ${options.host} is in use; give a range with a free port`,
  );
}
