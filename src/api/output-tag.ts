/**
 * Names a side output: a second stream an operator can emit to besides its main output.
 *
 * ```ts
 * const late = new OutputTag<Click>('late-clicks');
 * const main = stream.process(fn);           // fn calls ctx.output(late, click)
 * main.getSideOutput(late).print();
 * ```
 */
export class OutputTag<T> {
  declare readonly __type?: T;

  constructor(readonly id: string) {
    if (id.length === 0) throw new TypeError('an OutputTag needs a non-empty id');
  }
}
