/**
 * What travels on a data channel. A channel connects one producer subtask to one
 * consumer subtask of one job attempt; its key names all of that, so a buffer from an
 * attempt that was cancelled can never reach the next attempt's task.
 * Data and end-of-partition flow downstream to the consumer's TaskManager; credits flow
 * upstream to the producer's.
 */
export type ChannelKey = string;

export function channelKey(
  jobId: string,
  attempt: number,
  sourceNodeId: number,
  targetNodeId: number,
  producerSubtask: number,
  consumerSubtask: number,
): ChannelKey {
  return `${jobId}:${attempt}:${sourceNodeId}-${targetNodeId}:${producerSubtask}:${consumerSubtask}`;
}

/** A checkpoint barrier: everything before it on a channel belongs to the checkpoint, nothing after. */
export interface CheckpointBarrier {
  readonly checkpointId: number;
  readonly timestamp: number;
  readonly isSavepoint: boolean;
  /** Absolute directory the checkpoint's files go to. */
  readonly location: string;
  /**
   * Stop-with-savepoint: sources emit nothing after this barrier and end their input once
   * the savepoint completes; `drain` also advances event time to the end first.
   */
  readonly terminate?: 'stop' | 'drain';
}

/** What travels in order with the buffers of a channel but holds no records. */
export type ChannelEvent =
  | { readonly kind: 'barrier'; readonly barrier: CheckpointBarrier }
  | { readonly kind: 'watermark'; readonly watermark: number }
  | { readonly kind: 'watermark-status'; readonly idle: boolean };

export type NetworkMessage =
  | { readonly type: 'buffer'; readonly key: ChannelKey; readonly to: string; readonly bytes: Uint8Array }
  | { readonly type: 'end-of-partition'; readonly key: ChannelKey; readonly to: string }
  | { readonly type: 'event'; readonly key: ChannelKey; readonly to: string; readonly event: ChannelEvent }
  | { readonly type: 'credit'; readonly key: ChannelKey; readonly to: string; readonly credits: number };

/** Downstream messages are delivered to the consumer side of a channel, credits to the producer side. */
export function isDownstream(message: NetworkMessage): boolean {
  return message.type !== 'credit';
}
