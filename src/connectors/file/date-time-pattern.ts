/**
 * A small subset of Java's DateTimeFormatter patterns, for bucket names: y (year),
 * M (month), d (day), H (hour 0-23), m (minute), s (second), text in single quotes, and
 * any character that is not a letter as itself. A letter count pads with zeros
 * (`yy` is the year's last two digits).
 */
import { WeirError, errorMessage } from '../../core/errors.js';

type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

const FIELDS: Readonly<Partial<Record<string, Field>>> = { y: 'year', M: 'month', d: 'day', H: 'hour', m: 'minute', s: 'second' };

const FIELDS_OF_PARTS: Readonly<Partial<Record<string, Field>>> = {
  year: 'year',
  month: 'month',
  day: 'day',
  hour: 'hour',
  minute: 'minute',
  second: 'second',
};

type Piece = { readonly text: string } | { readonly field: Field; readonly width: number };

/** Formats epoch milliseconds with `pattern` in `timeZone` (an IANA name; the system's zone by default). */
export function compileDateTimePattern(pattern: string, timeZone?: string): (epochMs: number) => string {
  const pieces = parse(pattern);
  let parts: Intl.DateTimeFormat;
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      ...(timeZone !== undefined ? { timeZone } : {}),
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
  } catch (error) {
    throw new WeirError('GRAPH_INVALID', `DateTimeBucketAssigner: unknown time zone '${timeZone}': ${errorMessage(error)}`);
  }
  return (epochMs) => {
    const values: Partial<Record<Field, number>> = {};
    for (const part of parts.formatToParts(epochMs)) {
      const field = FIELDS_OF_PARTS[part.type];
      if (field !== undefined) values[field] = Number(part.value);
    }
    let out = '';
    for (const piece of pieces) {
      if ('text' in piece) {
        out += piece.text;
      } else {
        const value = values[piece.field] ?? 0;
        const shown = piece.field === 'year' && piece.width === 2 ? value % 100 : value;
        out += String(shown).padStart(piece.width, '0');
      }
    }
    return out;
  };
}

function parse(pattern: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i] as string;
    if (char === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) throw invalid(pattern, 'a quote is not closed');
      pieces.push({ text: close === i + 1 ? "'" : pattern.slice(i + 1, close) });
      i = close + 1;
    } else if (/[A-Za-z]/.test(char)) {
      const field = FIELDS[char];
      if (field === undefined) throw invalid(pattern, `the letter '${char}' is not supported (use y, M, d, H, m, s)`);
      let width = 1;
      while (pattern[i + width] === char) width++;
      pieces.push({ field, width });
      i += width;
    } else {
      pieces.push({ text: char });
      i++;
    }
  }
  return pieces;
}

function invalid(pattern: string, why: string): WeirError {
  return new WeirError('GRAPH_INVALID', `DateTimeBucketAssigner: cannot use the format '${pattern}': ${why}`);
}
