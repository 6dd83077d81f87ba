/**
 * Combines the watermarks of a task's input channels (Flink's StatusWatermarkValve): the
 * task's watermark is the minimum over the channels that are active; idle channels do not
 * hold it back, and when every channel is idle the task is idle too. Watermarks only ever
 * advance.
 */
import { MIN_WATERMARK } from '../operators/output.js';

export interface ValveOutput {
  emitWatermark(watermark: number): void;
  emitWatermarkStatus(idle: boolean): void;
}

interface ChannelTime {
  watermark: number;
  idle: boolean;
}

export class StatusWatermarkValve {
  private readonly channels = new Map<string, ChannelTime>();
  private lastOutput = MIN_WATERMARK;
  private idle = false;

  constructor(
    channelKeys: readonly string[],
    private readonly output: ValveOutput,
  ) {
    for (const key of channelKeys) this.channels.set(key, { watermark: MIN_WATERMARK, idle: false });
  }

  get currentWatermark(): number {
    return this.lastOutput;
  }

  inputWatermark(key: string, watermark: number): void {
    const channel = this.channels.get(key);
    if (channel === undefined) return;
    if (channel.idle) {
      channel.idle = false;
      this.updateIdleness();
    }
    if (watermark <= channel.watermark) return;
    channel.watermark = watermark;
    this.advance();
  }

  inputWatermarkStatus(key: string, idle: boolean): void {
    const channel = this.channels.get(key);
    if (channel === undefined || channel.idle === idle) return;
    channel.idle = idle;
    this.updateIdleness();
    if (idle) this.advance();
  }

  private advance(): void {
    let min = Number.POSITIVE_INFINITY;
    for (const channel of this.channels.values()) if (!channel.idle && channel.watermark < min) min = channel.watermark;
    if (min === Number.POSITIVE_INFINITY || min <= this.lastOutput) return;
    this.lastOutput = min;
    this.output.emitWatermark(min);
  }

  private updateIdleness(): void {
    let allIdle = this.channels.size > 0;
    for (const channel of this.channels.values()) if (!channel.idle) allIdle = false;
    if (allIdle === this.idle) return;
    this.idle = allIdle;
    this.output.emitWatermarkStatus(allIdle);
  }
}
