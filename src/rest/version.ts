/**
 * Weir's version, where Flink's REST API reports `flink-version`: tools that read it learn
 * which Weir they talk to.
 */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    // Compiled, this file sits in dist/src/rest/; installed or in the repository, package.json is three levels up.
    const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const WEIR_VERSION = readVersion();

/** Weir builds carry no commit id yet; Flink answers the same when it has none. */
export const WEIR_REVISION = 'unknown';
