/** Command-line options of a benchmark: `--name value` pairs after the benchmark's name. */
export function numberOption(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${name} expects a positive number, got '${process.argv[index + 1] ?? ''}'`);
  }
  return value;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The highest of several throughput measurements: interference only ever lowers one. */
export function best(values: readonly number[]): number {
  return Math.max(...values);
}
