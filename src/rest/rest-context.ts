/** What the route modules share: the cluster they answer for and the server's settings. */
import type { Configuration } from '../config/index.js';
import type { DispatcherGateway } from '../dispatcher/dispatcher-gateway.js';
import type { RpcLogger } from '../rpc/index.js';
import type { JarRunner } from './jar-runner.js';
import type { JarStore } from './jar-store.js';

export interface RestContext {
  readonly dispatcher: DispatcherGateway;
  readonly configuration: Configuration;
  readonly jars: JarStore;
  readonly runJar: JarRunner;
  /** `rest.server.max-content-length` in bytes: the limit of every request body and upload. */
  readonly maxContentLength: number;
  readonly log: RpcLogger;
  /** The base URL clients reach this server at (Flink's `address` in `/jars`). */
  webAddress(): string;
  /** Present when `DELETE /cluster` may stop the cluster. */
  readonly shutDownCluster?: () => void;
}
