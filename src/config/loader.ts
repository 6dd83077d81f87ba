import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Scalar, type YAMLMap } from 'yaml';
import { WeirError, errorMessage } from '../core/errors.js';
import { Configuration } from './configuration.js';
import {
  HEARTBEAT_INTERVAL,
  HEARTBEAT_TIMEOUT,
  SSL_INTERNAL_CA,
  SSL_INTERNAL_CERT,
  SSL_INTERNAL_ENABLED,
  SSL_INTERNAL_KEY,
} from './options.js';
import { formatDuration } from './units.js';

export const CONFIG_FILE_NAME = 'config.yaml';
export const CONF_DIR_ENV = 'WEIR_CONF_DIR';
export const PROPERTIES_ENV = 'WEIR_PROPERTIES';

export interface LoadConfigurationOptions {
  /** Directory holding config.yaml; else WEIR_CONF_DIR, else ./conf if it exists. */
  readonly confDir?: string;
  /** `-D` overrides: a map, or the `key=value` strings as given on the command line. */
  readonly dynamicProperties?: Readonly<Record<string, string>> | readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Where relative directories resolve from; the process's working directory unless given. */
  readonly cwd?: string;
}

/**
 * Loads Weir's configuration, each layer overriding the one before: defaults, then
 * `<confDir>/config.yaml`, then the WEIR_PROPERTIES variable (`key: value` lines, like
 * Flink's FLINK_PROPERTIES), then `-D` pairs. Every key and value is checked here.
 *
 * @example
 * const config = loadConfiguration({ dynamicProperties: ['parallelism.default=4'] });
 */
export function loadConfiguration(options: LoadConfigurationOptions = {}): Configuration {
  const env = options.env ?? process.env;
  let config = Configuration.empty();

  const confDir = resolveConfDir(options);
  if (confDir !== undefined) {
    const file = path.join(confDir, CONFIG_FILE_NAME);
    const text = readIfPresent(file);
    if (text !== undefined) config = config.withOverrides(parseConfigYaml(text, file));
  }

  const properties = env[PROPERTIES_ENV];
  if (properties !== undefined && properties.trim() !== '') {
    config = config.withOverrides(parseConfigYaml(properties, `environment variable ${PROPERTIES_ENV}`));
  }

  if (options.dynamicProperties !== undefined) {
    config = config.withOverrides(dynamicConfiguration(options.dynamicProperties));
  }
  checkCombinations(config);
  return config;
}

/** Rejects values that are each valid but cannot work together, so the mistake surfaces at startup. */
function checkCombinations(config: Configuration): void {
  if (config.get(HEARTBEAT_TIMEOUT) < config.get(HEARTBEAT_INTERVAL)) {
    throw new WeirError(
      'CONFIG_INVALID_VALUE',
      `'${HEARTBEAT_TIMEOUT.key}' (${formatDuration(config.get(HEARTBEAT_TIMEOUT))}) is shorter than '${HEARTBEAT_INTERVAL.key}' (${formatDuration(config.get(HEARTBEAT_INTERVAL))}), so every peer would time out between heartbeats. Make the timeout several intervals long.`,
    );
  }
  if (config.get(SSL_INTERNAL_ENABLED)) {
    const missing = [SSL_INTERNAL_KEY, SSL_INTERNAL_CERT, SSL_INTERNAL_CA].filter((option) => config.get(option) === undefined);
    if (missing.length > 0) {
      throw new WeirError(
        'CONFIG_INVALID_VALUE',
        `'${SSL_INTERNAL_ENABLED.key}' is true but ${missing.map((option) => `'${option.key}'`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. Internal TLS needs PEM paths for the key, the certificate and the CA.`,
      );
    }
  }
}

/**
 * The configuration directory in use, or undefined when there is none. A directory named
 * explicitly (argument or WEIR_CONF_DIR) must exist, since a typo there would otherwise
 * silently run on defaults; the implicit ./conf may be absent.
 */
export function resolveConfDir(options: LoadConfigurationOptions = {}): string | undefined {
  const cwd = options.cwd ?? process.cwd();
  const fromEnv = (options.env ?? process.env)[CONF_DIR_ENV];
  const [named, via] =
    options.confDir !== undefined
      ? [options.confDir, 'the configuration directory argument']
      : fromEnv !== undefined && fromEnv !== ''
        ? [fromEnv, `environment variable ${CONF_DIR_ENV}`]
        : [undefined, ''];
  if (named === undefined) {
    const implicit = path.resolve(cwd, 'conf');
    return isDirectory(implicit) ? implicit : undefined;
  }
  const dir = path.resolve(cwd, named);
  if (!isDirectory(dir)) {
    throw new WeirError(
      'CONFIG_FILE_INVALID',
      `Configuration directory '${dir}' (from ${via}) does not exist or is not a directory. Create it or name the directory that holds ${CONFIG_FILE_NAME}.`,
    );
  }
  return dir;
}

/**
 * Parses config.yaml text, nested (`rest: { port: 8081 }`) or flat (`rest.port: 8081`) as in
 * Flink, into a validated Configuration. `sourceName` (a path) appears in errors with the line.
 */
export function parseConfigYaml(text: string, sourceName: string): Configuration {
  const entries = flattenYaml(text, sourceName);
  const map: Record<string, string> = {};
  for (const [key, entry] of entries) map[key] = entry.value;
  return Configuration.fromMap(map, { source: (key) => `${sourceName}, line ${entries.get(key)?.line ?? '?'}` });
}

/**
 * Splits one `-D` argument into key and value at the first `=`; a leading `-D` is dropped.
 * @example parseDynamicProperty('rest.port=9091') // ['rest.port', '9091']
 */
export function parseDynamicProperty(text: string): [key: string, value: string] {
  const body = text.startsWith('-D') ? text.slice(2) : text;
  const equals = body.indexOf('=');
  const key = equals < 0 ? '' : body.slice(0, equals).trim();
  if (key === '') {
    throw new WeirError(
      'CONFIG_INVALID_VALUE',
      `-D expects key=value, but got '${text}'. For example: -D parallelism.default=4`,
    );
  }
  return [key, body.slice(equals + 1).trim()];
}

function dynamicConfiguration(properties: Readonly<Record<string, string>> | readonly string[]): Configuration {
  const map: Record<string, string> = isStringArray(properties)
    ? Object.fromEntries(properties.map(parseDynamicProperty))
    : { ...properties };
  return Configuration.fromMap(map, { source: (key) => `-D ${key}` });
}

function isStringArray(value: Readonly<Record<string, string>> | readonly string[]): value is readonly string[] {
  return Array.isArray(value);
}

interface YamlEntry {
  readonly value: string;
  readonly line: number;
}

function flattenYaml(text: string, sourceName: string): Map<string, YamlEntry> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number | undefined): number => lines.linePos(offset ?? 0).line;
  const fileError = (line: number, problem: string): WeirError =>
    new WeirError('CONFIG_FILE_INVALID', `${sourceName}, line ${line}: ${problem}.`);

  const [error] = doc.errors;
  if (error !== undefined) throw fileError(lineOf(error.pos[0]), `malformed YAML: ${error.message}`);

  const entries = new Map<string, YamlEntry>();
  if (doc.contents === null) return entries;
  if (!isMap(doc.contents)) {
    throw fileError(lineOf(doc.contents.range?.[0]), "expected 'key: value' lines, such as 'rest.port: 8081'");
  }

  const walk = (map: YAMLMap, prefix: string): void => {
    for (const { key: keyNode, value: valueNode } of map.items) {
      const line = lineOf(isScalar(keyNode) ? keyNode.range?.[0] : undefined);
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        throw fileError(line, 'a key must be plain text');
      }
      const key = `${prefix}${String(keyNode.value)}`;
      const node = isAlias(valueNode) ? valueNode.resolve(doc) : valueNode;
      if (isMap(node)) {
        walk(node, `${key}.`);
        continue;
      }
      if (isSeq(node)) throw fileError(line, `'${key}' is a list, but every Weir option takes one value`);
      // `key:` with nothing after it leaves the default in place, as an absent line would.
      if (!isScalar(node) || node.value === null) continue;
      const previous = entries.get(key);
      if (previous !== undefined) {
        throw fileError(line, `'${key}' is already set on line ${previous.line}; keep one`);
      }
      entries.set(key, { value: scalarText(node), line });
    }
  };
  walk(doc.contents, '');
  return entries;
}

function scalarText(node: Scalar): string {
  // A number's source keeps what the user wrote: `1.0` must stay invalid for an integer key.
  if (typeof node.value === 'number' && node.source !== undefined) return node.source;
  return String(node.value);
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WeirError('CONFIG_FILE_INVALID', `Cannot read ${file}: ${errorMessage(error)}`, { cause: error });
  }
}

function isDirectory(dir: string): boolean {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
