import { distance } from 'fastest-levenshtein';
import { WeirError } from '../core/errors.js';
import { formatValue, parseValue } from './codecs.js';
import {
  ALL_OPTIONS,
  findOption,
  isDerivedDefault,
  REPLACED_FLINK_KEYS,
  type AnyConfigOption,
  type ConfigOption,
  type OptionReader,
} from './options.js';

export interface FromMapOptions {
  /** Where the entries came from, for error messages: one label, or one per key (a file path and line). */
  readonly source?: string | ((key: string) => string);
}

/**
 * An immutable set of explicitly configured values; every other option reads as its default.
 * Values are parsed and checked when they enter (fromMap, set), so a bad value fails at
 * startup, not when some component first reads it. `set` and `withOverrides` return a new
 * Configuration, so one handed to a component cannot change under it.
 *
 * @example
 * const config = Configuration.fromMap({ 'rest.port': '9091', 'heartbeat.interval': '5 s' });
 * config.get(REST_PORT); // 9091
 * config.get(HEARTBEAT_INTERVAL); // 5000 (milliseconds)
 */
export class Configuration implements OptionReader {
  private constructor(private readonly values: ReadonlyMap<string, unknown>) {}

  /** A configuration with nothing set: every option reads as its default. */
  static empty(): Configuration {
    return new Configuration(new Map());
  }

  /**
   * Parses and validates string entries. Throws CONFIG_UNKNOWN_KEY for a key not in the
   * catalogue (with the nearest valid key) and CONFIG_INVALID_VALUE for a bad value.
   * Deprecated Flink names are stored under their current key; the current key wins if both are given.
   */
  static fromMap(map: Readonly<Record<string, string>>, options: FromMapOptions = {}): Configuration {
    const values = new Map<string, unknown>();
    for (const [key, raw] of Object.entries(map)) {
      const origin = typeof options.source === 'function' ? options.source(key) : options.source;
      const option = findOption(key);
      if (option === undefined) throw unknownKey(key, origin);
      const value = parseValue(option, raw, origin);
      if (key === option.key || !Object.hasOwn(map, option.key)) values.set(option.key, value);
    }
    return new Configuration(values);
  }

  /** The option's value: as set, else its default (derived defaults are computed now). */
  get<T>(option: ConfigOption<T>): T {
    if (this.values.has(option.key)) return this.values.get(option.key) as T;
    const fallback = option.default;
    return isDerivedDefault(fallback) ? fallback.derive(this) : fallback;
  }

  /** The option's value only if it was set explicitly; undefined means "the default applies". */
  getOptional<T>(option: ConfigOption<T>): T | undefined {
    return this.values.get(option.key) as T | undefined;
  }

  /** True if the option, or the key (a deprecated Flink name counts as its option), was set explicitly. */
  has(keyOrOption: string | AnyConfigOption): boolean {
    const key = typeof keyOrOption === 'string' ? (findOption(keyOrOption)?.key ?? keyOrOption) : keyOrOption.key;
    return this.values.has(key);
  }

  /**
   * A copy with one option set, checked like a loaded value (range, enum membership).
   * @example const wider = config.set(DEFAULT_PARALLELISM, 4);
   */
  set<T>(option: ConfigOption<T>, value: NonNullable<T>): Configuration {
    const parsed = parseValue(option, formatValue(option.type, value), 'Configuration.set');
    return new Configuration(new Map([...this.values, [option.key, parsed]]));
  }

  /** A copy with every explicitly set value of `overrides` laid over this one. */
  withOverrides(overrides: Configuration): Configuration {
    return new Configuration(new Map([...this.values, ...overrides.values]));
  }

  /** Every explicitly set key with its value as text that `fromMap` reads back to the same value. */
  toMap(): Record<string, string> {
    const map: Record<string, string> = {};
    for (const [key, value] of this.values) map[key] = formatValue(findOption(key)?.type ?? 'string', value);
    return map;
  }

  /**
   * Every known key with the value in effect, defaults included, for display (the REST
   * `/jobmanager/config` route). Options with neither value nor default are left out, and
   * secrets are masked as Flink masks them; use `toMap` to pass a configuration on.
   */
  effectiveMap(): Record<string, string> {
    const map: Record<string, string> = {};
    for (const option of ALL_OPTIONS) {
      const value = this.get(option);
      if (value === undefined) continue;
      map[option.key] = SENSITIVE_KEY.test(option.key) ? MASK : formatValue(option.type, value);
    }
    return map;
  }
}

// Flink's GlobalConfiguration hides values whose key looks secret; the REST output must too.
const SENSITIVE_KEY = /password|secret|token/i;
const MASK = '******';

function unknownKey(key: string, origin: string | undefined): WeirError {
  const where = origin === undefined ? '' : ` (from ${origin})`;
  const replaced = REPLACED_FLINK_KEYS[key];
  const hint = replaced === undefined ? suggestionFor(key) : `: ${replaced}.`;
  return new WeirError(
    'CONFIG_UNKNOWN_KEY',
    `Unknown configuration key '${key}'${where}${hint} docs/config.md lists every key Weir reads.`,
  );
}

function suggestionFor(key: string): string {
  const wanted = key.toLowerCase();
  let nearest = '';
  let nearestDistance = Infinity;
  for (const option of ALL_OPTIONS) {
    const d = distance(wanted, option.key.toLowerCase());
    if (d < nearestDistance) [nearest, nearestDistance] = [option.key, d];
  }
  // Beyond about a quarter of the key's length the nearest key is a different key, not a typo.
  return nearestDistance <= Math.max(3, Math.floor(key.length / 4)) ? `; did you mean '${nearest}'?` : '.';
}
