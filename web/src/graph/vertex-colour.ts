/**
 * Flink's colouring of the job graph: idle vertices pale blue, busy ones toward red,
 * backpressured ones toward dark grey, so a bottleneck (a red vertex with grey ones
 * before it) stands out at a glance.
 */

type Rgb = readonly [number, number, number];

const IDLE: Rgb = [230, 244, 255];
const BUSY: Rgb = [255, 77, 79];
const WHITE: Rgb = [255, 255, 255];
const BACKPRESSURED: Rgb = [80, 80, 80];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const k = Math.min(1, Math.max(0, t));
  return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k];
}

function css([r, g, b]: Rgb): string {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

function dark([r, g, b]: Rgb): boolean {
  return 0.299 * r + 0.587 * g + 0.114 * b < 140;
}

export interface VertexColour {
  readonly fill: string;
  readonly text: string;
}

/** Ratios in [0, 1]; without either, a neutral white box. */
export function vertexColour(busy: number | undefined, backpressure: number | undefined): VertexColour {
  let rgb: Rgb = WHITE;
  if (backpressure !== undefined && backpressure > 0.05 && backpressure >= (busy ?? 0)) rgb = mix(WHITE, BACKPRESSURED, backpressure);
  else if (busy !== undefined) rgb = mix(IDLE, BUSY, busy);
  return { fill: css(rgb), text: dark(rgb) ? '#fff' : '#1f2328' };
}
