/**
 * The TCP wire format: each message is one frame, a 4-byte big-endian body length
 * followed by a msgpack body. Requests and replies share a connection and are matched
 * by request id, so many calls are in flight on one socket.
 *
 * Values that cross: plain objects, arrays, strings, numbers, booleans, null,
 * undefined (kept, in objects and arrays, by msgpackr's extension), bigint,
 * Uint8Array (a Buffer arrives as a Buffer), other typed arrays, Map, Set, Date, RegExp.
 * What does not: functions become undefined, class instances arrive as plain objects
 * without their prototype (so without methods or getters), symbols fail the call with
 * SERIALIZATION_FAILED. Gateways should take and return plain data.
 */
import { Packr } from 'msgpackr';
import { WeirError, errorMessage } from '../core/errors.js';
import { readRemoteErrorPayload, type RemoteErrorPayload } from './remote-error.js';

/** Largest frame either side sends or accepts (64 MiB); bigger data goes through the blob server. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;
const HEADER_BYTES = 4;
// The length field is 32 bits, so no limit can exceed what it can say.
const MAX_LENGTH_FIELD = 0xffff_ffff;

/** Message kinds on the wire. */
export const MessageKind = { HELLO: 1, CALL: 2, RESULT: 3, ERROR: 4 } as const;

/** Asks whether an endpoint exists (what `connect` waits for); answered by RESULT or ERROR. */
export interface HelloMessage { readonly k: typeof MessageKind.HELLO; readonly id: number; readonly ep: string }
export interface CallMessage {
  readonly k: typeof MessageKind.CALL;
  readonly id: number;
  readonly ep: string;
  readonly m: string;
  readonly a: readonly unknown[];
  /** Fencing token, or null for an unfenced call. */
  readonly f: string | null;
}
export interface ResultMessage { readonly k: typeof MessageKind.RESULT; readonly id: number; readonly v: unknown }
export interface ErrorMessage { readonly k: typeof MessageKind.ERROR; readonly id: number; readonly e: RemoteErrorPayload }
export type RequestMessage = HelloMessage | CallMessage;
export type ReplyMessage = ResultMessage | ErrorMessage;
export type WireMessage = RequestMessage | ReplyMessage;

// Records keep Map and plain objects apart; every message is self-describing, so any
// Packr decodes it (checked by the round-trip tests).
const packr = new Packr({ moreTypes: true });

/** Encodes a value as msgpack; throws SERIALIZATION_FAILED for what msgpack cannot carry. */
export function packValue(value: unknown, what: string): Buffer {
  try {
    return packr.pack(value);
  } catch (error) {
    throw new WeirError('SERIALIZATION_FAILED', `Could not encode ${what}: ${errorMessage(error)}; RPC arguments and results must be plain data`, { cause: error });
  }
}

export function unpackValue(bytes: Uint8Array): unknown {
  return packr.unpack(bytes) as unknown;
}

/** One frame for `message`; throws RPC_FRAME_TOO_LARGE rather than send what the peer would refuse. */
export function encodeFrame(message: WireMessage, maxFrameBytes: number, what: string): Buffer {
  const body = packValue(message, what);
  if (body.length > Math.min(maxFrameBytes, MAX_LENGTH_FIELD)) throw frameTooLarge(what, body.length, maxFrameBytes);
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body], HEADER_BYTES + body.length);
}

export function frameTooLarge(what: string, bytes: number, maxFrameBytes: number): WeirError {
  return new WeirError(
    'RPC_FRAME_TOO_LARGE',
    `${what} is ${bytes} bytes, over the RPC frame limit of ${maxFrameBytes} bytes; pass large data through the blob server, or split it over several calls`,
  );
}

/**
 * Reassembles frames from a byte stream. A header announcing more than the limit
 * throws before anything is allocated for the body: the connection is then unusable
 * and must be closed.
 */
export class FrameDecoder {
  readonly #chunks: Buffer[] = [];
  #buffered = 0;
  #expected = -1;

  constructor(private readonly maxFrameBytes: number) {}

  /** Adds bytes; returns the bodies of the frames they complete. */
  push(chunk: Buffer): Buffer[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.#expected < 0) {
        if (this.#buffered < HEADER_BYTES) break;
        const length = this.#take(HEADER_BYTES).readUInt32BE(0);
        if (length > this.maxFrameBytes) throw frameTooLarge('A received frame', length, this.maxFrameBytes);
        this.#expected = length;
      }
      if (this.#buffered < this.#expected) break;
      frames.push(this.#take(this.#expected));
      this.#expected = -1;
    }
    return frames;
  }

  #take(length: number): Buffer {
    const first = this.#chunks[0];
    if (first !== undefined && first.length >= length) {
      if (first.length === length) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(length);
      this.#buffered -= length;
      return first.subarray(0, length);
    }
    const out = Buffer.allocUnsafe(length);
    let offset = 0;
    while (offset < length) {
      const chunk = this.#chunks[0];
      if (chunk === undefined) throw new Error('FrameDecoder invariant broken: fewer bytes buffered than counted');
      const count = Math.min(chunk.length, length - offset);
      chunk.copy(out, offset, 0, count);
      offset += count;
      if (count === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(count);
    }
    this.#buffered -= length;
    return out;
  }
}

/** Decodes and validates a frame body; throws a plain Error on anything malformed. */
export function decodeMessage(body: Buffer): WireMessage {
  const value = unpackValue(body);
  if (typeof value !== 'object' || value === null) throw new Error('RPC frame is not a message object');
  const m = value as Record<string, unknown>;
  const id = m['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new Error('RPC message has no valid request id');
  switch (m['k']) {
    case MessageKind.HELLO:
      if (typeof m['ep'] !== 'string') throw new Error('RPC hello has no endpoint id');
      return { k: MessageKind.HELLO, id, ep: m['ep'] };
    case MessageKind.CALL: {
      const { ep, m: method, a: args, f: token } = m;
      if (typeof ep !== 'string' || typeof method !== 'string' || !Array.isArray(args) || (token !== null && typeof token !== 'string')) {
        throw new Error('RPC call is malformed');
      }
      return { k: MessageKind.CALL, id, ep, m: method, a: args as unknown[], f: token };
    }
    case MessageKind.RESULT:
      return { k: MessageKind.RESULT, id, v: m['v'] };
    case MessageKind.ERROR:
      return { k: MessageKind.ERROR, id, e: readRemoteErrorPayload(m['e']) };
    default:
      throw new Error(`Unknown RPC message kind ${String(m['k']).slice(0, 20)}`);
  }
}
