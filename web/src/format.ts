/**
 * How the dashboard writes numbers, sizes, times and durations. A value the cluster did
 * not send is DASH everywhere, so "unknown" never looks like "zero".
 */

export const DASH = '—';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function formatCount(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? DASH : integer.format(value);
}

/** 1.2K, 3.4M: for the small boxes of the job graph. */
export function formatCompact(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? DASH : compact.format(value);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Binary units, as Flink's dashboard shows sizes. */
export function formatBytes(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value) || value < 0) return DASH;
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < BYTE_UNITS.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${unit === 0 ? size : size.toFixed(size < 10 ? 2 : 1)} ${BYTE_UNITS[unit] ?? ''}`;
}

const DURATION_UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** The two largest units, as people say it: `2h 5m`, `3m 12s`, `4s`, `250ms`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return DASH;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of DURATION_UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0 || parts.length > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
    if (parts.length === 2) break;
  }
  return parts.filter((part, index) => index === 0 || !part.startsWith('0')).join(' ');
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Local time as `2026-11-21 05:31:02`; Flink sends 0 or -1 for "never". */
export function formatDate(timestamp: number | undefined): string {
  if (timestamp === undefined || !Number.isFinite(timestamp) || timestamp <= 0) return DASH;
  const d = new Date(timestamp);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatTime(timestamp: number): string {
  const d = new Date(timestamp);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A ratio in [0, 1] as a whole percentage. */
export function formatPercent(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? DASH : `${Math.round(ratio * 100)}%`;
}

/** Watermarks below this are Flink's "no watermark yet" (Long.MIN_VALUE) or Weir's -Infinity. */
const NO_WATERMARK_BELOW = -1e15;

export function formatWatermark(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return DASH;
  if (value < NO_WATERMARK_BELOW) return 'No watermark';
  if (value === Infinity || value >= 9.2e18) return 'End of input';
  return formatDate(value);
}

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
