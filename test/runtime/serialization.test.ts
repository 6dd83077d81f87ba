import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';

import { WeirError } from '../../src/core/errors.js';
import { createRecordSerializer, MsgpackRecordSerializer, ShapeRecordSerializer } from '../../src/runtime/serialization/index.js';
import type { RecordSerializer } from '../../src/runtime/serialization/record-serializer.js';
import { Point } from '../support/point.js';

interface Bid {
  auction: number;
  bidder: number;
  price: number;
  channel: string;
  url: string;
  dateTime: number;
  extra: string;
}

function bid(i: number): Bid {
  return {
    auction: 1000 + (i % 1000),
    bidder: 2000 + ((i * 7) % 5000),
    price: 12.5 + (i % 300) + 0.01,
    channel: `channel-${i % 10}`,
    url: `https://www.nexmark.com/item/${i % 997}/bid`,
    dateTime: 1700000000000 + i,
    extra: i % 5 === 0 ? '' : `extra-${i}`,
  };
}


function isSerializationFailure(...fragments: string[]) {
  return (error: unknown): boolean =>
    error instanceof WeirError &&
    error.code === 'SERIALIZATION_FAILED' &&
    fragments.every((fragment) => error.message.includes(fragment));
}

/** The contract every record serializer keeps; both run it. */
function contract(name: string, create: () => RecordSerializer): void {
  function roundTrip(records: readonly unknown[], serializer: RecordSerializer = create()): unknown[] {
    const bytes = serializer.serializeBatch(records, records.length);
    return create().deserializeBatch(bytes, []);
  }

  void describe(`${name} round-trips`, () => {
    void it('bid records in a ~32 KiB batch', () => {
      const bids = Array.from({ length: 400 }, (_, i) => bid(i));
      const serializer = create();
      const bytes = serializer.serializeBatch(bids, bids.length);
      assert.ok(bytes.length > 16_000 && bytes.length < 40_000, `${bytes.length} bytes`);
      assert.deepEqual(serializer.deserializeBatch(bytes, []), bids);
    });

    void it('tuples', () => {
      const tuples = Array.from({ length: 1000 }, (_, i) => [`word${i % 13}`, 1]);
      assert.deepEqual(roundTrip(tuples), tuples);
    });

    void it('numbers, keeping NaN and infinities; -0 arrives as 0', () => {
      const numbers = [0, 1, -1, 255, -129, 65536, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER,
        1e300, -1e-300, 0.1, Math.PI, Number.EPSILON, Number.MIN_VALUE, Number.MAX_VALUE, NaN, Infinity, -Infinity];
      assert.deepEqual(roundTrip(numbers), numbers);
      const [negativeZero] = roundTrip([-0]);
      assert.ok(Object.is(negativeZero, 0), 'documented: -0 becomes 0');
    });

    void it('strings, including non-ASCII, astral characters and long ones', () => {
      const strings = ['', 'a', 'héllo wörld', '日本語のテキスト', '😀 emoji 🎉', 'x'.repeat(70_000), '\u0000 nul inside', 'tab\tnew\nline'];
      assert.deepEqual(roundTrip(strings), strings);
    });

    void it('documented: a lone surrogate (not well-formed Unicode) is replaced by U+FFFD', () => {
      const [decoded] = roundTrip(['a\uD800b']);
      assert.ok(typeof decoded === 'string' && decoded.startsWith('a\uFFFD') && decoded.endsWith('b'));
    });

    void it('booleans, null and undefined as a tuple element', () => {
      const values = [true, false, null, undefined, ['key', undefined], [undefined, null, undefined]];
      const decoded = roundTrip(values);
      assert.deepEqual(decoded, values);
      assert.equal((decoded[4] as unknown[]).length, 2);
    });

    void it('undefined inside objects keeps its key (unlike JSON)', () => {
      const [decoded] = roundTrip([{ a: undefined, b: 1 }]);
      assert.deepEqual(decoded, { a: undefined, b: 1 });
      assert.ok(Object.hasOwn(decoded as object, 'a'));
    });

    void it('nested arrays and objects of varying shapes', () => {
      const nested = [
        { user: { id: 1, tags: ['a', 'b'], address: { city: 'Zürich', zip: '8000' } }, scores: [[1, 2], [3, [4, [5]]]] },
        { user: { id: 2, tags: [], address: null }, scores: [] },
        { other: true },
        [],
        {},
      ];
      assert.deepEqual(roundTrip(nested), nested);
    });

    void it('Uint8Array and other typed arrays, Date, Map, Set and bigint', () => {
      const values = [
        new Uint8Array([0, 1, 254, 255]),
        new Uint8Array(0),
        new Float64Array([1.5, -2.25]),
        new Int32Array([-1, 2 ** 31 - 1]),
        new Date(1700000000123),
        new Date(-1),
        new Map<unknown, unknown>([['k', 1], [2, 'two'], [3n, { deep: [1] }]]),
        new Set<unknown>([1, 'x', null]),
        0n,
        -1n,
        2n ** 63n - 1n,
        -(2n ** 63n),
        2n ** 64n - 1n,
        2n ** 200n + 12345n,
        -(2n ** 100n),
        { when: new Date(0), bytes: new Uint8Array([9]), ids: new Set([1, 2]), index: new Map([['a', 1]]), big: 10n },
      ];
      const decoded = roundTrip(values);
      assert.deepEqual(decoded, values);
      assert.ok(decoded[0] instanceof Uint8Array);
      assert.ok(decoded[6] instanceof Map && decoded[7] instanceof Set && decoded[4] instanceof Date);
    });

    void it('decoded binary does not alias the input buffer', () => {
      const serializer = create();
      const bytes = serializer.serializeBatch([new Uint8Array([1, 2, 3])], 1);
      const [decoded] = serializer.deserializeBatch(bytes, []);
      bytes.fill(0);
      assert.deepEqual(decoded, new Uint8Array([1, 2, 3]));
    });

    void it('class instances arrive as plain objects: records should be plain data', () => {
      const [decoded] = roundTrip([new Point(3, 4)]);
      assert.deepEqual({ ...(decoded as object) }, { x: 3, y: 4 });
      assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
    });
  });

  void describe(`${name} batches`, () => {
    void it('encodes only records[0..count)', () => {
      const serializer = create();
      const buffer = [bid(0), bid(1), bid(2), undefined, undefined];
      assert.deepEqual(serializer.deserializeBatch(serializer.serializeBatch(buffer, 3), []), [bid(0), bid(1), bid(2)]);
      assert.deepEqual(serializer.deserializeBatch(serializer.serializeBatch(buffer, 0), []), []);
      assert.throws(() => serializer.serializeBatch(buffer, 6), isSerializationFailure('6'));
    });

    void it('clears `into` and returns it', () => {
      const serializer = create();
      const into: unknown[] = ['stale', 'stale', 'stale', 'stale'];
      const result = serializer.deserializeBatch(serializer.serializeBatch([1, 2], 2), into);
      assert.equal(result, into);
      assert.deepEqual(into, [1, 2]);
    });

    void it('returns bytes that own their whole ArrayBuffer and do not change afterwards', () => {
      const serializer = create();
      const first = serializer.serializeBatch([bid(1)], 1);
      const copy = Uint8Array.from(first);
      for (let i = 0; i < 200; i++) serializer.serializeBatch([bid(i), { other: i }], 2);
      assert.equal(first.byteOffset, 0);
      assert.equal(first.buffer.byteLength, first.length);
      assert.deepEqual(first, copy);
    });

    void it('makes every batch self-contained: decodable alone, in any order, by any deserializer', () => {
      const writerA = create();
      const writerB = create();
      const batchesA = Array.from({ length: 50 }, (_, b) => Array.from({ length: 20 }, (_, i) => (i % 2 ? bid(b * 20 + i) : { shapeA: b, i })));
      const batchesB = Array.from({ length: 50 }, (_, b) => Array.from({ length: 20 }, (_, i) => ({ [`field${(b + i) % 90}`]: i, shared: 'x' })));
      const bytesA = batchesA.map((batch) => writerA.serializeBatch(batch, batch.length));
      const bytesB = batchesB.map((batch) => writerB.serializeBatch(batch, batch.length));

      for (let b = batchesA.length - 1; b >= 0; b -= 3) {
        assert.deepEqual(create().deserializeBatch(bytesA[b] as Uint8Array, []), batchesA[b]);
      }
      const reader = create();
      for (let b = batchesB.length - 1; b >= 0; b--) {
        assert.deepEqual(reader.deserializeBatch(bytesB[b] as Uint8Array, []), batchesB[b]);
        assert.deepEqual(reader.deserializeBatch(bytesA[b] as Uint8Array, []), batchesA[b]);
      }
    });

    void it('carries more distinct record shapes than msgpackr keeps in its own table', () => {
      const shapes = Array.from({ length: 300 }, (_, i) => ({ [`k${i}`]: i, common: `v${i}` }));
      assert.deepEqual(roundTrip(shapes), shapes);
    });

    void it('crosses to a worker thread by transfer and decodes there with a fresh serializer', async () => {
      const records = [bid(7), ['word', 1], new Map([['m', new Set([1n])]]), new Date(5), undefined];
      const bytes = create().serializeBatch(records, records.length);
      const moduleUrl = new URL('../../src/runtime/serialization/index.js', import.meta.url).href;
      const code = `
        const { parentPort, workerData } = require('node:worker_threads');
        import(workerData.moduleUrl).then((m) => {
          parentPort.postMessage(new m.MsgpackRecordSerializer().deserializeBatch(workerData.bytes, []));
        });`;
      const worker = new Worker(code, { eval: true, workerData: { moduleUrl, bytes, name }, transferList: [bytes.buffer] });
      const decoded = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      assert.equal(bytes.length, 0, 'the buffer was transferred, not copied');
      assert.deepEqual(decoded, records);
    });
  });

  void describe(`${name} failures`, () => {
    void it('names the record, its type and the path of a function', () => {
      class Order {
        constructor(
          readonly id: number,
          readonly callback: unknown,
        ) {}
      }
      const serializer = create();
      assert.throws(
        () => serializer.serializeBatch([bid(0), new Order(1, () => 1)], 2),
        isSerializationFailure('Record 1', 'Order', '.callback', 'function', 'plain data'),
      );
      assert.throws(
        () => serializer.serializeBatch([{ nested: { list: [1, () => 2] } }], 1),
        isSerializationFailure('Record 0', 'Object', '.nested.list[1]', 'function'),
      );
      assert.throws(() => serializer.serializeBatch(['ok', () => 1], 2), isSerializationFailure('Record 1', 'a function', 'the record itself'));
    });

    void it('names a symbol and a cycle', () => {
      const serializer = create();
      assert.throws(() => serializer.serializeBatch([['a', Symbol('s')]], 1), isSerializationFailure('Record 0', 'Array', '[1]', 'symbol'));
      const cyclic: Record<string, unknown> = { name: 'loop' };
      cyclic['self'] = cyclic;
      assert.throws(() => serializer.serializeBatch([1, 2, cyclic], 3), isSerializationFailure('Record 2', '.self', 'cycle'));
    });

    void it('keeps working after a failed batch', () => {
      const serializer = create();
      const good = [bid(1), bid(2), ['t', 1]];
      assert.deepEqual(serializer.deserializeBatch(serializer.serializeBatch(good, 3), []), good);
      const cyclic: unknown[] = [bid(3)];
      cyclic.push(cyclic);
      assert.throws(() => serializer.serializeBatch([bid(3), { f: () => 1 }], 2), WeirError);
      assert.throws(() => serializer.serializeBatch(cyclic, 2), WeirError);
      const bytes = serializer.serializeBatch(good, 3);
      assert.deepEqual(create().deserializeBatch(bytes, []), good);
    });

    void it('rejects bytes that are truncated, padded or not a batch, and keeps working', () => {
      const serializer = create();
      const bytes = serializer.serializeBatch([bid(1), bid(2)], 2);
      assert.throws(() => serializer.deserializeBatch(bytes.subarray(0, bytes.length - 3), []), isSerializationFailure(`${bytes.length - 3} bytes`));
      const padded = new Uint8Array(bytes.length + 1);
      padded.set(bytes);
      assert.throws(() => serializer.deserializeBatch(padded, []), isSerializationFailure('serializeBatch'));
      assert.throws(() => serializer.deserializeBatch(new Uint8Array([0x2a]), []), isSerializationFailure('number', 'not an array'));
      assert.throws(() => serializer.deserializeBatch(new Uint8Array(0), []), isSerializationFailure('0 bytes'));
      assert.deepEqual(serializer.deserializeBatch(bytes, []), [bid(1), bid(2)]);
    });
  });
}

contract('ShapeRecordSerializer', () => new ShapeRecordSerializer());
contract('MsgpackRecordSerializer', () => new MsgpackRecordSerializer());

void describe('ShapeRecordSerializer, the default', () => {
  const COMPACT = 0xc1;

  void it('is what tasks use', () => {
    assert.ok(createRecordSerializer() instanceof ShapeRecordSerializer);
  });

  void it('writes plain records compactly and hands batches with richer values to msgpackr, whole', () => {
    const serializer = new ShapeRecordSerializer();
    const plain = [bid(1), ['word', 1], 'text', 7, null];
    const plainBytes = serializer.serializeBatch(plain, plain.length);
    assert.equal(plainBytes[0], COMPACT);
    assert.deepEqual(new ShapeRecordSerializer().deserializeBatch(plainBytes, []), plain);

    const rich = [bid(2), { at: new Date(3) }];
    const richBytes = serializer.serializeBatch(rich, rich.length);
    assert.notEqual(richBytes[0], COMPACT);
    assert.deepEqual(new MsgpackRecordSerializer().deserializeBatch(richBytes, []), rich, 'a fallback batch is plain msgpackr');
    assert.deepEqual(new ShapeRecordSerializer().deserializeBatch(richBytes, []), rich);
  });

  void it('goes back to the compact format some batches after a fallback', () => {
    const serializer = new ShapeRecordSerializer();
    serializer.serializeBatch([new Map([[1, 2]])], 1);
    const formats = Array.from({ length: 200 }, (_, i) => serializer.serializeBatch([bid(i)], 1)[0] === COMPACT);
    assert.equal(formats[0], false);
    assert.equal(formats.at(-1), true);
  });

  void it('keeps key order, integer-like keys, odd key names and an own __proto__ key', () => {
    const records: unknown[] = [
      { b: 1, a: 2 },
      { a: 2, b: 1 },
      { '2': 'two', z: true, '1': 'one' },
      { 'with space': 1, 'a-b': 2, '"quoted"': 3, 'line\u2028separator': 4, '': 5, 'ü': 6 },
      JSON.parse('{"__proto__": {"x": 1}, "after": 2}'),
    ];
    const decoded = roundTripDefault(records);
    assert.deepEqual(decoded, records);
    for (let i = 0; i < records.length; i++) assert.deepEqual(Object.keys(decoded[i] as object), Object.keys(records[i] as object));
    const withProto = decoded[4] as Record<string, unknown>;
    assert.ok(Object.hasOwn(withProto, '__proto__'));
    assert.equal(Object.getPrototypeOf(withProto), Object.prototype);
  });

  void it('carries wide objects, sparse arrays and getters as plain data', () => {
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`field${i}`, i % 2 === 0 ? i : `v${i}`]));
    const sparse: unknown[] = [1];
    sparse[3] = 'four';
    const withGetter = {
      plain: 1,
      get computed(): number {
        return 42;
      },
    };
    const [wideBack, sparseBack, getterBack] = roundTripDefault([wide, sparse, withGetter]);
    assert.deepEqual(wideBack, wide);
    assert.deepEqual(Object.keys(wideBack as object), Object.keys(wide));
    assert.deepEqual(sparseBack, [1, undefined, undefined, 'four']);
    assert.deepEqual(getterBack, { plain: 1, computed: 42 });
  });

  void it('carries records whose keys are data, a new shape for each, past the shapes it remembers or compiles', () => {
    const writer = new ShapeRecordSerializer();
    const reader = new ShapeRecordSerializer();
    for (let batch = 0; batch < 30; batch++) {
      const records = Array.from({ length: 200 }, (_, i) => ({ [`user-${batch * 200 + i}`]: i, total: batch }));
      assert.deepEqual(reader.deserializeBatch(writer.serializeBatch(records, records.length), []), records);
    }
  });

  void it('follows fields whose values change shape from record to record', () => {
    const records = [{ a: { x: 1 } }, { a: { y: 2 } }, { a: [{ x: 3 }, { y: 4 }, { x: 5 }] }, { a: null }, { a: { x: 6 } }, { b: { x: 7 } }, { a: { x: 8, y: 9 } }];
    assert.deepEqual(roundTripDefault(records), records);
  });

  void it('writes strings of every length around its thresholds, ASCII or not', () => {
    const strings: string[] = [];
    for (const length of [0, 1, 11, 12, 13, 63, 64, 65, 126, 127, 128, 129, 1000, 70_000]) {
      strings.push('a'.repeat(length), 'é'.repeat(length), `${'b'.repeat(Math.max(0, length - 1))}😀`);
    }
    assert.deepEqual(roundTripDefault(strings), strings);
  });

  void it('writes integers and fractions around its integer encodings', () => {
    const numbers = [0, 63, 64, 65, 127, 128, 255, 256, -1, -64, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 0.5, -0.5, 1e21, 2 ** 53];
    assert.deepEqual(roundTripDefault(numbers), numbers);
  });

  void it('grows past its first buffer for large batches', () => {
    const bids = Array.from({ length: 5000 }, (_, i) => bid(i));
    const bytes = new ShapeRecordSerializer().serializeBatch(bids, bids.length);
    assert.ok(bytes.length > 256 * 1024, `${bytes.length} bytes`);
    assert.deepEqual(new ShapeRecordSerializer().deserializeBatch(bytes, []), bids);
  });

  void it('rejects damaged compact batches with a clear error, and keeps working', () => {
    const serializer = new ShapeRecordSerializer();
    const bytes = serializer.serializeBatch([bid(1), bid(2)], 2);
    assert.equal(bytes[0], COMPACT);
    const badTag = Uint8Array.from(bytes);
    badTag[5 + 1] = 0x7f;
    assert.throws(() => serializer.deserializeBatch(badTag, []), isSerializationFailure('unknown value tag 0x7f', 'damaged in transit'));
    const badTable = Uint8Array.from(bytes);
    badTable[1] = 0xff;
    badTable[2] = 0xff;
    assert.throws(() => serializer.deserializeBatch(badTable, []), isSerializationFailure('shape table'));
    const into: unknown[] = ['stale'];
    assert.throws(() => serializer.deserializeBatch(bytes.subarray(0, 3), into), isSerializationFailure('3 bytes'));
    assert.deepEqual(into, []);
    assert.deepEqual(serializer.deserializeBatch(bytes, []), [bid(1), bid(2)]);
  });
});

function roundTripDefault(records: readonly unknown[]): unknown[] {
  return new ShapeRecordSerializer().deserializeBatch(new ShapeRecordSerializer().serializeBatch(records, records.length), []);
}
