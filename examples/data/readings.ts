/** Sensor readings and alert rules for the broadcast state example. */
export interface Reading {
  readonly sensor: string;
  readonly type: 'temperature' | 'pressure';
  readonly value: number;
}

export interface Rule {
  readonly type: Reading['type'];
  readonly threshold: number;
}

export const RULES: readonly Rule[] = [
  { type: 'temperature', threshold: 80 },
  { type: 'pressure', threshold: 30 },
];

export function readings(count: number): Reading[] {
  return Array.from({ length: count }, (_, i) => ({
    sensor: `sensor-${i % 7}`,
    type: i % 3 === 0 ? 'pressure' : 'temperature',
    value: (i * 37) % 100,
  }));
}

