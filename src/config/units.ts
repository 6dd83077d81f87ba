import { WeirError } from '../core/errors.js';

/** Where a value came from, so a parse error can name the key and the file, `-D` or variable. */
export interface ValueContext {
  readonly key?: string;
  readonly origin?: string;
}

/** Builds the CONFIG_INVALID_VALUE error every option type raises: what, where, and a value that works. */
export function invalidValue(
  raw: string,
  what: string,
  context: ValueContext,
  problem: string,
  advice: string,
): WeirError {
  const subject = context.key === undefined ? `${what} '${raw}'` : `value '${raw}' for '${context.key}'`;
  const origin = context.origin === undefined ? '' : ` (from ${context.origin})`;
  return new WeirError('CONFIG_INVALID_VALUE', `Invalid ${subject}${origin}: ${problem}. ${advice}.`);
}

const MS_PER = { ns: 1e-6, us: 1e-3, ms: 1, s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type TimeUnit = keyof typeof MS_PER;

// Flink's TimeUtils labels, plus 'us' and Greek mu because a keyboard rarely has the micro sign.
const TIME_LABELS: Readonly<Record<string, TimeUnit>> = labels({
  ns: ['ns', 'nano', 'nanos', 'nanosecond', 'nanoseconds'],
  us: ['us', 'µs', 'μs', 'micro', 'micros', 'microsecond', 'microseconds'],
  ms: ['ms', 'milli', 'millis', 'millisecond', 'milliseconds'],
  s: ['s', 'sec', 'secs', 'second', 'seconds'],
  min: ['m', 'min', 'mins', 'minute', 'minutes'],
  h: ['h', 'hour', 'hours'],
  d: ['d', 'day', 'days'],
});

const BYTES_PER = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 } as const;
type MemoryUnit = keyof typeof BYTES_PER;

// Flink's MemorySize labels (all binary), plus kib/mib/… since Weir's own docs write MiB.
const MEMORY_LABELS: Readonly<Record<string, MemoryUnit>> = labels({
  b: ['b', 'bytes'],
  kb: ['k', 'kb', 'kib', 'kibibytes'],
  mb: ['m', 'mb', 'mib', 'mebibytes'],
  gb: ['g', 'gb', 'gib', 'gibibytes'],
  tb: ['t', 'tb', 'tib', 'tebibytes'],
});

const DURATION_ADVICE = "Write a whole number and a unit, such as '100 ms', '10 s' or '5 min' (units: ns, us, ms, s, min, h, d; no unit means ms)";
const MEMORY_ADVICE = "Write a whole number and a unit, such as '32 kb', '512 mb' or '1 gb' (units: b, kb, mb, gb, tb; no unit means bytes)";

/**
 * Parses a Flink-style duration to milliseconds; a bare number is milliseconds.
 * @example parseDuration('10 s') === 10_000; parseDuration('500 milli') === 500
 */
export function parseDuration(text: string, context: ValueContext = {}): number {
  const [amount, unit] = splitAmount(text, 'duration', context, DURATION_ADVICE);
  if (unit === '') return amount;
  const known = TIME_LABELS[unit];
  if (known === undefined) {
    throw invalidValue(text, 'duration', context, `unknown time unit '${unit}'`, DURATION_ADVICE);
  }
  return amount * MS_PER[known];
}

/**
 * Parses a Flink-style memory size to bytes; units are binary and a bare number is bytes.
 * @example parseMemorySize('32 kb') === 32_768; parseMemorySize('1g') === 1_073_741_824
 */
export function parseMemorySize(text: string, context: ValueContext = {}): number {
  const [amount, unit] = splitAmount(text, 'memory size', context, MEMORY_ADVICE);
  if (unit === '') return amount;
  const known = MEMORY_LABELS[unit];
  if (known === undefined) {
    throw invalidValue(text, 'memory size', context, `unknown memory unit '${unit}'`, MEMORY_ADVICE);
  }
  const bytes = amount * BYTES_PER[known];
  if (!Number.isSafeInteger(bytes)) {
    throw invalidValue(text, 'memory size', context, 'too large', MEMORY_ADVICE);
  }
  return bytes;
}

/**
 * Writes milliseconds in the largest unit that keeps the number whole, so it parses back exactly.
 * @example formatDuration(300_000) === '5 min'
 */
export function formatDuration(ms: number): string {
  const units: readonly TimeUnit[] = ['d', 'h', 'min', 's', 'ms', 'us', 'ns'];
  for (const unit of units) {
    const amount = ms / MS_PER[unit];
    if (Number.isInteger(amount) && (amount !== 0 || unit === 'ms')) return `${amount} ${unit}`;
  }
  return `${ms} ms`;
}

/**
 * Writes bytes in the largest binary unit that keeps the number whole, as Flink's MemorySize does.
 * @example formatMemorySize(32_768) === '32 kb'
 */
export function formatMemorySize(bytes: number): string {
  const units: readonly MemoryUnit[] = ['tb', 'gb', 'mb', 'kb'];
  for (const unit of units) {
    const amount = bytes / BYTES_PER[unit];
    if (Number.isInteger(amount) && amount !== 0) return `${amount} ${unit}`;
  }
  return `${bytes} b`;
}

function splitAmount(text: string, what: string, context: ValueContext, advice: string): [number, string] {
  // Flink takes only digits before the unit: no sign, no fraction, so '1.5 s' is an error, not 1 s.
  const match = /^(\d+)\s*(\S*)$/u.exec(text.trim());
  if (match === null) {
    throw invalidValue(text, what, context, 'not a whole number followed by an optional unit', advice);
  }
  const amount = Number(match[1]);
  if (!Number.isSafeInteger(amount)) throw invalidValue(text, what, context, 'too large', advice);
  return [amount, (match[2] ?? '').toLowerCase()];
}

function labels<U extends string>(byUnit: Readonly<Record<U, readonly string[]>>): Record<string, U> {
  const byLabel: Record<string, U> = {};
  for (const [unit, names] of Object.entries(byUnit) as [U, readonly string[]][]) {
    for (const name of names) byLabel[name] = unit;
  }
  return byLabel;
}
