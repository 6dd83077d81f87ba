/**
 * Wraps the output a task writes to the network with: one `count++` per record and the
 * last watermark sent, which the task's numRecordsOut and currentOutputWatermark read.
 * Only edges into a record writer get one, so records passed between chained operators
 * pay nothing.
 */
import { MIN_WATERMARK, type Output } from '../runtime/operators/output.js';

export class CountingOutput implements Output {
  count = 0;
  watermark = MIN_WATERMARK;

  constructor(private readonly inner: Output) {}

  collect(record: unknown): void {
    this.count++;
    this.inner.collect(record);
  }

  emitWatermark(watermark: number): void {
    this.watermark = watermark;
    this.inner.emitWatermark(watermark);
  }

  emitWatermarkStatus(idle: boolean): void {
    this.inner.emitWatermarkStatus(idle);
  }
}
