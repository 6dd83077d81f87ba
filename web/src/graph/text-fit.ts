/**
 * SVG text does not wrap or ellipsize, so long operator names are cut here to the box
 * width, measured with the same font the box uses.
 */

let context: CanvasRenderingContext2D | null | undefined;

function measure(text: string, font: string): number {
  context ??= document.createElement('canvas').getContext('2d');
  if (context === null) return text.length * 7.5;
  context.font = font;
  return context.measureText(text).width;
}

/** The longest prefix of `text` that fits `maxWidth` with an ellipsis, or `text` itself. */
export function fitText(text: string, maxWidth: number, font: string): string {
  if (measure(text, font) <= maxWidth) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(`${text.slice(0, mid)}…`, font) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return `${text.slice(0, low).trimEnd()}…`;
}
