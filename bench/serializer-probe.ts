/**
 * Scratch probe behind the choice of the default record serializer (and a check of key-group
 * assignment speed). Prints records/s for serialize and deserialize of ~32 KiB batches of
 * Nexmark-like bids and of `['word', 1]` tuples, for Weir's compact format, several msgpackr option sets and JSON,
 * and whether each option set round-trips the value types the serializer promises.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/serializer-probe.js [seconds-per-case]
 */

import { deepStrictEqual } from 'node:assert/strict';
import { performance } from 'node:perf_hooks';

import { isNativeAccelerationEnabled, Packr, Unpackr, type Options } from 'msgpackr';

import { assignToKeyGroup } from '../src/runtime/partitioning/key-groups.js';
import { MsgpackRecordSerializer, ShapeRecordSerializer } from '../src/runtime/serialization/index.js';
import type { RecordSerializer } from '../src/runtime/serialization/record-serializer.js';
import { bid } from './support/nexmark.js';

const BATCH_BYTES = 32 * 1024;
const secondsPerCase = Number(process.argv[2] ?? '2');

function tuple(i: number): [string, number] {
  return [`word${i % 1000}`, 1];
}

/** The same batch contract as MsgpackRecordSerializer, with other msgpackr options. */
class MsgpackrProbe implements RecordSerializer {
  private readonly packr: Packr;
  private readonly unpackr: Unpackr;

  constructor(options: () => Options) {
    this.packr = new Packr(options());
    this.unpackr = new Unpackr(options());
  }

  serializeBatch(records: readonly unknown[], count: number): Uint8Array<ArrayBuffer> {
    const packed = this.packr.pack(count === records.length ? records : records.slice(0, count));
    const bytes = new Uint8Array(packed.length);
    bytes.set(packed);
    return bytes;
  }

  deserializeBatch(bytes: Uint8Array, into: unknown[]): unknown[] {
    const decoded = this.unpackr.unpack(bytes) as unknown[];
    into.length = 0;
    for (let i = 0; i < decoded.length; i++) into.push(decoded[i]);
    return into;
  }
}

/** Baseline: JSON text in UTF-8. Loses undefined, bigint, Date, Map, Set and binary. */
class JsonProbe implements RecordSerializer {
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  serializeBatch(records: readonly unknown[], count: number): Uint8Array<ArrayBuffer> {
    return this.encoder.encode(JSON.stringify(count === records.length ? records : records.slice(0, count)));
  }

  deserializeBatch(bytes: Uint8Array, into: unknown[]): unknown[] {
    const decoded = JSON.parse(this.decoder.decode(bytes)) as unknown[];
    into.length = 0;
    for (let i = 0; i < decoded.length; i++) into.push(decoded[i]);
    return into;
  }
}

const CANDIDATES: ReadonlyArray<readonly [name: string, create: () => RecordSerializer]> = [
  ['default: compact shape format, msgpackr behind it', () => new ShapeRecordSerializer()],
  ['msgpackr alone: records + moreTypes + copyBuffers', () => new MsgpackRecordSerializer()],
  ['records (msgpackr defaults)', () => new MsgpackrProbe(() => ({}))],
  ['records + moreTypes + bundleStrings', () => new MsgpackrProbe(() => ({ moreTypes: true, bundleStrings: true }))],
  ['structuredClone', () => new MsgpackrProbe(() => ({ structuredClone: true }))],
  ['maps (useRecords: false) + moreTypes', () => new MsgpackrProbe(() => ({ useRecords: false, moreTypes: true }))],
  ['maps + variableMapSize', () => new MsgpackrProbe(() => ({ useRecords: false, variableMapSize: true, moreTypes: true }))],
  ['JSON + TextEncoder (baseline)', () => new JsonProbe()],
];

const ROUND_TRIP_VALUES: unknown[] = [
  bid(1),
  ['word', 1],
  ['key', undefined],
  { a: undefined, b: null },
  'héllo 😀',
  [NaN, Infinity, 2 ** 40, 0.1],
  new Uint8Array([1, 2, 3]),
  new Date(1700000000123),
  new Map<unknown, unknown>([['k', 1], [2, 'two']]),
  new Set([1, 'x']),
  123n,
  2n ** 100n,
];

function passesRoundTrip(create: () => RecordSerializer): boolean {
  try {
    const bytes = create().serializeBatch(ROUND_TRIP_VALUES, ROUND_TRIP_VALUES.length);
    deepStrictEqual(create().deserializeBatch(bytes, []), ROUND_TRIP_VALUES);
    return true;
  } catch {
    return false;
  }
}

/** Batches of about BATCH_BYTES each, sized from the encoded size of a sample. */
function makeBatches(make: (i: number) => unknown, serializer: RecordSerializer): unknown[][] {
  const sample = Array.from({ length: 2000 }, (_, i) => make(i));
  const bytesPerRecord = serializer.serializeBatch(sample, sample.length).length / sample.length;
  const perBatch = Math.max(1, Math.floor(BATCH_BYTES / bytesPerRecord));
  return Array.from({ length: 64 }, (_, b) => Array.from({ length: perBatch }, (_, i) => make(b * perBatch + i)));
}

interface Measurement {
  readonly recordsPerBatch: number;
  readonly bytesPerBatch: number;
  readonly serializePerSecond: number;
  readonly deserializePerSecond: number;
  readonly roundTripPerSecond: number;
}

function measure(create: () => RecordSerializer, make: (i: number) => unknown): Measurement {
  const writer = create();
  const reader = create();
  const batches = makeBatches(make, writer);
  const recordsPerBatch = batches[0]?.length ?? 0;
  const encoded = batches.map((batch) => writer.serializeBatch(batch, batch.length));
  const into: unknown[] = [];

  let serializeMs = 0;
  let deserializeMs = 0;
  let records = 0;
  const deadline = performance.now() + secondsPerCase * 1000;
  const warmUpUntil = performance.now() + 300;
  while (performance.now() < warmUpUntil) {
    for (const batch of batches) reader.deserializeBatch(writer.serializeBatch(batch, batch.length), into);
  }
  while (performance.now() < deadline) {
    const t0 = performance.now();
    for (const batch of batches) writer.serializeBatch(batch, batch.length);
    const t1 = performance.now();
    for (const bytes of encoded) reader.deserializeBatch(bytes, into);
    const t2 = performance.now();
    serializeMs += t1 - t0;
    deserializeMs += t2 - t1;
    records += batches.length * recordsPerBatch;
  }
  return {
    recordsPerBatch,
    bytesPerBatch: Math.round(encoded.reduce((sum, bytes) => sum + bytes.length, 0) / encoded.length),
    serializePerSecond: (records / serializeMs) * 1000,
    deserializePerSecond: (records / deserializeMs) * 1000,
    roundTripPerSecond: (records / (serializeMs + deserializeMs)) * 1000,
  };
}

function millions(perSecond: number): string {
  return `${(perSecond / 1e6).toFixed(2)} M/s`;
}

function probeSerializers(): void {
  console.log(`msgpackr native acceleration: ${isNativeAccelerationEnabled}; ${secondsPerCase} s per case; batches of ~${BATCH_BYTES} bytes`);
  for (const [workload, make] of [['bid (7 fields)', bid], ["tuple ['word', 1]", tuple]] as const) {
    console.log(`\n${workload}`);
    console.log(
      ['option set'.padEnd(50), 'rec/batch', 'bytes', 'serialize', 'deserialize', 'ser+deser', 'round-trip ok'].join('  '),
    );
    for (const [name, create] of CANDIDATES) {
      const m = measure(create, make);
      console.log(
        [
          name.padEnd(50),
          String(m.recordsPerBatch).padStart(9),
          String(m.bytesPerBatch).padStart(5),
          millions(m.serializePerSecond).padStart(9),
          millions(m.deserializePerSecond).padStart(11),
          millions(m.roundTripPerSecond).padStart(9),
          String(passesRoundTrip(create)),
        ].join('  '),
      );
    }
  }
}

function probeKeyGroups(): void {
  const stringKeys = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
  const numberKeys = Array.from({ length: 4096 }, (_, i) => 1000 + i * 37);
  console.log('\nassignToKeyGroup (maxParallelism 128)');
  for (const [name, keys] of [['string keys (~10 chars)', stringKeys], ['int keys', numberKeys]] as const) {
    let sink = 0;
    let calls = 0;
    const start = performance.now();
    const deadline = start + secondsPerCase * 500;
    while (performance.now() < deadline) {
      for (let i = 0; i < keys.length; i++) sink += assignToKeyGroup(keys[i], 128);
      calls += keys.length;
    }
    const elapsed = performance.now() - start;
    console.log(`${name.padEnd(26)} ${millions((calls / elapsed) * 1000)} (checksum ${sink % 1000})`);
  }
}

probeSerializers();
probeKeyGroups();
