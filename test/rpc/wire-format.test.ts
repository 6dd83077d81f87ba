import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WeirError } from '../../src/core/errors.js';
import { parseRpcAddress } from '../../src/rpc/index.js';
import { FrameDecoder, MessageKind, decodeMessage, encodeFrame, type WireMessage } from '../../src/rpc/wire-format.js';

const call = (id: number): WireMessage => ({ k: MessageKind.CALL, id, ep: 'echo', m: 'echo', a: [{ id, payload: 'x'.repeat(id * 10) }], f: null });

void describe('FrameDecoder', () => {
  void it('reassembles frames split across chunks and several frames in one chunk', () => {
    const stream = Buffer.concat([1, 2, 3, 4].map((id) => encodeFrame(call(id), 1024, 'test')));
    for (const chunkSize of [1, 3, 7, stream.length]) {
      const decoder = new FrameDecoder(1024);
      const messages: WireMessage[] = [];
      for (let offset = 0; offset < stream.length; offset += chunkSize) {
        for (const body of decoder.push(stream.subarray(offset, offset + chunkSize))) messages.push(decodeMessage(body));
      }
      assert.deepEqual(messages, [1, 2, 3, 4].map(call), `chunk size ${chunkSize}`);
    }
  });

  void it('throws RPC_FRAME_TOO_LARGE on a header over the limit', () => {
    const decoder = new FrameDecoder(1024);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(1025, 0);
    assert.throws(() => decoder.push(header), (e: unknown) => e instanceof WeirError && e.code === 'RPC_FRAME_TOO_LARGE');
  });

  void it('refuses to encode a frame over the limit', () => {
    assert.throws(
      () => encodeFrame({ k: MessageKind.RESULT, id: 1, v: new Uint8Array(2048) }, 1024, 'The result'),
      (e: unknown) => e instanceof WeirError && e.code === 'RPC_FRAME_TOO_LARGE',
    );
  });

  void it('rejects malformed messages', () => {
    for (const bad of [{ k: MessageKind.CALL, id: 1, ep: 'x', m: 3, a: [], f: null }, { k: 9, id: 1 }, { k: MessageKind.HELLO }, 'text']) {
      const frame = encodeFrame(bad as unknown as WireMessage, 1024, 'test');
      assert.throws(() => decodeMessage(frame.subarray(4)));
    }
  });
});

void describe('parseRpcAddress', () => {
  void it('parses tcp and local addresses', () => {
    assert.deepEqual(parseRpcAddress('weir://jm-0.weir:6123/dispatcher'), { kind: 'tcp', host: 'jm-0.weir', port: 6123, endpointId: 'dispatcher' });
    assert.deepEqual(parseRpcAddress('weir://[::1]:6123/rm_0'), { kind: 'tcp', host: '::1', port: 6123, endpointId: 'rm_0' });
    assert.deepEqual(parseRpcAddress('local://mini/taskmanager-1'), { kind: 'local', serviceName: 'mini', endpointId: 'taskmanager-1' });
  });

  void it('rejects anything else', () => {
    for (const bad of ['weir://host/x', 'weir://host:0/x', 'weir://host:70000/x', 'weir://host:1/a/b', 'local://x/', 'http://h:1/x', 'weir://h:1/../x']) {
      assert.throws(() => parseRpcAddress(bad), (e: unknown) => e instanceof WeirError && e.code === 'RPC_INVALID_ADDRESS', bad);
    }
  });
});
