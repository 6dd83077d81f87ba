import type { StreamPartitioner } from '../../runtime/partitioning/partitioners.js';
import type { Output } from '../../runtime/operators/output.js';
import type { OutputChannel } from './output-channel.js';
import type { CheckpointBarrier } from './messages.js';

/** The end of a chain that feeds one JobEdge: picks a channel per record and writes to it. */
export class RecordWriter implements Output {
  private readonly broadcast: boolean;

  constructor(
    private readonly partitioner: StreamPartitioner,
    readonly channels: readonly OutputChannel[],
  ) {
    partitioner.setup(channels.length);
    this.broadcast = partitioner.isBroadcast;
  }

  collect(record: unknown): void {
    if (this.broadcast) {
      for (const channel of this.channels) channel.add(record);
      return;
    }
    (this.channels[this.partitioner.selectChannel(record)] as OutputChannel).add(record);
  }

  emitWatermark(watermark: number): void {
    for (const channel of this.channels) channel.broadcastEvent({ kind: 'watermark', watermark });
  }

  emitWatermarkStatus(idle: boolean): void {
    for (const channel of this.channels) channel.broadcastEvent({ kind: 'watermark-status', idle });
  }

  get isAvailable(): boolean {
    for (const channel of this.channels) if (!channel.isAvailable) return false;
    return true;
  }

  flush(): void {
    for (const channel of this.channels) channel.flush();
  }

  endOfPartition(): void {
    for (const channel of this.channels) channel.endOfPartition();
  }

  broadcastBarrier(barrier: CheckpointBarrier): void {
    for (const channel of this.channels) channel.broadcastEvent({ kind: 'barrier', barrier });
  }
}
