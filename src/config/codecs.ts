import type { AnyConfigOption, OptionType } from './options.js';
import { formatDuration, formatMemorySize, invalidValue, parseDuration, parseMemorySize, type ValueContext } from './units.js';

/**
 * Text ⇄ value for each option type. Configuration keeps parsed values and writes them back
 * with `formatValue`, so `toMap()` always holds text that parses to the same value.
 */

/** Parses an option's text, checking type, range and enum membership; throws CONFIG_INVALID_VALUE. */
export function parseValue(option: AnyConfigOption, raw: string, origin?: string): unknown {
  const context: ValueContext = origin === undefined ? { key: option.key } : { key: option.key, origin };
  const text = raw.trim();
  switch (option.type) {
    case 'int':
      return checkRange(option, raw, context, parseInteger(text, raw, context));
    case 'double':
      return checkRange(option, raw, context, parseDouble(text, raw, context));
    case 'duration':
      return checkRange(option, raw, context, parseDuration(text, context));
    case 'memory':
      return checkRange(option, raw, context, parseMemorySize(text, context));
    case 'boolean':
      return parseBoolean(text, raw, context);
    case 'enum':
      return parseEnum(option, text, raw, context);
    case 'string':
      return text;
  }
}

/** Writes a value as text that `parseValue` reads back unchanged. */
export function formatValue(type: OptionType, value: unknown): string {
  if (type === 'duration' && typeof value === 'number') return formatDuration(value);
  if (type === 'memory' && typeof value === 'number') return formatMemorySize(value);
  return String(value);
}

function parseInteger(text: string, raw: string, context: ValueContext): number {
  const value = Number(text);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw invalidValue(raw, 'integer', context, 'not a whole number', "Write digits only, such as '4'");
  }
  return value;
}

function parseDouble(text: string, raw: string, context: ValueContext): number {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw invalidValue(raw, 'number', context, 'not a number', "Write a decimal number, such as '1.5'");
  }
  return value;
}

function parseBoolean(text: string, raw: string, context: ValueContext): boolean {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw invalidValue(raw, 'boolean', context, 'not a boolean', "Write 'true' or 'false'");
}

function parseEnum(option: AnyConfigOption, text: string, raw: string, context: ValueContext): string {
  const values = option.enumValues ?? [];
  const lower = text.toLowerCase();
  const match = values.find((value) => value.toLowerCase() === lower) ?? option.enumAliases?.[lower];
  if (match === undefined) {
    const list = values.map((value) => `'${value}'`).join(', ');
    throw invalidValue(raw, 'value', context, 'not one of the allowed values', `Write one of ${list}`);
  }
  return match;
}

function checkRange(option: AnyConfigOption, raw: string, context: ValueContext, value: number): number {
  const { min, max } = option;
  if ((min === undefined || value >= min) && (max === undefined || value <= max)) return value;
  const format = (bound: number): string => formatValue(option.type, bound);
  const range =
    min !== undefined && max !== undefined
      ? `between ${format(min)} and ${format(max)}`
      : min !== undefined
        ? `at least ${format(min)}`
        : `at most ${format(max ?? 0)}`;
  const example = typeof option.default === 'number' ? option.default : (min ?? max ?? 0);
  throw invalidValue(raw, 'value', context, `must be ${range}`, `For example '${format(example)}'`);
}
