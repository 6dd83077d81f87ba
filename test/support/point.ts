/** A record that is a class instance with a method: what crosses a task as plain data. */
export class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}

  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}
