/**
 * The wire format of the data plane between TaskManagers: length-prefixed frames, each
 * one channel message. A frame is
 *   u32 length of the rest | u8 kind | u8 0 | u16 key length | u32 credits | key (UTF-8) | payload
 * The first frame on a connection is a HELLO whose key is the sender's resource id.
 */
import type { ChannelEvent, NetworkMessage } from './messages.js';

const KIND_HELLO = 0;
const KIND_BUFFER = 1;
const KIND_END = 2;
const KIND_CREDIT = 3;
const KIND_EVENT = 4;
const HEADER = 12;

/** Frames above this are a protocol error: buffers are ~32 KiB, a peer sending more is broken. */
export const MAX_DATA_FRAME_BYTES = 64 * 1024 * 1024;

export type DataFrame = { readonly kind: 'hello'; readonly resourceId: string } | { readonly kind: 'message'; readonly message: NetworkMessage };

/**
 * A frame as the chunks to write: the header with the key, then the payload as it is,
 * so a 32 KiB buffer is not copied into a frame of its own (a corked socket writes both
 * with one writev).
 */
function encode(kind: number, key: string, credits: number, payload: Uint8Array | undefined): Uint8Array[] {
  const keyLength = Buffer.byteLength(key, 'utf8');
  const payloadLength = payload?.byteLength ?? 0;
  const head = Buffer.allocUnsafe(HEADER + keyLength);
  head.writeUInt32BE(HEADER - 4 + keyLength + payloadLength, 0);
  head.writeUInt8(kind, 4);
  head.writeUInt8(0, 5);
  head.writeUInt16BE(keyLength, 6);
  head.writeUInt32BE(credits, 8);
  head.write(key, HEADER, 'utf8');
  return payload === undefined || payloadLength === 0 ? [head] : [head, payload];
}

export function encodeHello(resourceId: string): Uint8Array[] {
  return encode(KIND_HELLO, resourceId, 0, undefined);
}

export function encodeMessage(message: NetworkMessage): Uint8Array[] {
  switch (message.type) {
    case 'buffer':
      return encode(KIND_BUFFER, message.key, 0, message.bytes);
    case 'end-of-partition':
      return encode(KIND_END, message.key, 0, undefined);
    case 'credit':
      return encode(KIND_CREDIT, message.key, message.credits, undefined);
    case 'event':
      return encode(KIND_EVENT, message.key, 0, Buffer.from(JSON.stringify(message.event), 'utf8'));
  }
}

/**
 * Cuts a byte stream into frames. `to` of decoded messages is the receiving TaskManager,
 * which the caller supplies: the frame itself need not carry it.
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly localResourceId: string) {}

  push(chunk: Buffer): DataFrame[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.byteLength;
    const frames: DataFrame[] = [];
    for (;;) {
      if (this.pendingBytes < 4) break;
      const head = this.peek(4);
      const length = head.readUInt32BE(0);
      if (length > MAX_DATA_FRAME_BYTES || length < HEADER - 4) {
        throw new Error(`data frame of ${length} bytes is outside the protocol's bounds; the peer is not a Weir TaskManager of this version`);
      }
      if (this.pendingBytes < 4 + length) break;
      const frame = this.take(4 + length);
      frames.push(this.decode(frame));
    }
    return frames;
  }

  private decode(frame: Buffer): DataFrame {
    const kind = frame.readUInt8(4);
    const keyLength = frame.readUInt16BE(6);
    const credits = frame.readUInt32BE(8);
    const key = frame.toString('utf8', HEADER, HEADER + keyLength);
    const to = this.localResourceId;
    switch (kind) {
      case KIND_HELLO:
        return { kind: 'hello', resourceId: key };
      case KIND_BUFFER: {
        // A fresh ArrayBuffer of its own, so the slot thread can take it by transfer.
        const bytes = new Uint8Array(frame.byteLength - HEADER - keyLength);
        bytes.set(frame.subarray(HEADER + keyLength));
        return { kind: 'message', message: { type: 'buffer', key, to, bytes } };
      }
      case KIND_END:
        return { kind: 'message', message: { type: 'end-of-partition', key, to } };
      case KIND_CREDIT:
        return { kind: 'message', message: { type: 'credit', key, to, credits } };
      case KIND_EVENT: {
        const event = JSON.parse(frame.toString('utf8', HEADER + keyLength)) as ChannelEvent;
        return { kind: 'message', message: { type: 'event', key, to, event } };
      }
      default:
        throw new Error(`unknown data frame kind ${kind}`);
    }
  }

  private peek(bytes: number): Buffer {
    const first = this.pending[0] as Buffer;
    if (first.byteLength >= bytes) return first;
    return Buffer.concat(this.pending, Math.min(this.pendingBytes, bytes));
  }

  private take(bytes: number): Buffer {
    const joined = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    const frame = joined.subarray(0, bytes);
    const rest = joined.subarray(bytes);
    this.pending = rest.byteLength > 0 ? [rest] : [];
    this.pendingBytes = rest.byteLength;
    return frame;
  }
}
