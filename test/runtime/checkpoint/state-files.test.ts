import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { ValueStateDescriptor } from '../../../src/api/state/state-descriptors.js';
import { assignToKeyGroup } from '../../../src/runtime/partitioning/key-groups.js';
import { readKeyedChunks, writeKeyedState } from '../../../src/runtime/checkpoint/state-files.js';
import { createStateBackend, type KeyedStateBackend } from '../../../src/runtime/state/state-backend.js';

const directory = mkdtempSync(join(tmpdir(), 'weir-state-files-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const blob = new ValueStateDescriptor<string>('blob');

function backendWith(keys: number, valueBytes: number, range = { start: 0, end: 127 }): KeyedStateBackend {
  const backend = createStateBackend().createKeyedStateBackend({ keyGroupRange: range, maxParallelism: 128 });
  for (let key = 0; key < keys; key++) {
    backend.setCurrentKey(key);
    backend.getState(blob).update(`${key}:`.padEnd(valueBytes, String.fromCharCode(97 + (key % 26))));
  }
  return backend;
}

describe('state files', () => {
  it('writes a snapshot of many write units and reads every key group back, also into other ranges', async () => {
    // About 40 MB: several writes, and background flushes to disk while encoding goes on.
    const keys = 20_000;
    const source = backendWith(keys, 2000);
    const handle = await writeKeyedState(directory, 'big.keyed', source.snapshot(1));
    assert.equal(statSync(join(directory, 'big.keyed')).size, handle.size);
    assert.equal(handle.keyGroups.length, 128);
    assert.ok(handle.size > 40_000_000);

    for (const range of [
      { start: 0, end: 127 },
      { start: 64, end: 127 },
    ]) {
      const restored = createStateBackend().createKeyedStateBackend({ keyGroupRange: range, maxParallelism: 128 });
      restored.restore(await readKeyedChunks(directory, [handle], range));
      const restoredKeys = restored.keys('blob') as number[];
      const expected = Array.from({ length: keys }, (_, key) => key).filter((key) => assignToKeyGroup(key, 128) >= range.start);
      assert.deepEqual(restoredKeys.sort((a, b) => a - b), expected);
      for (const key of restoredKeys) {
        restored.setCurrentKey(key);
        assert.equal(restored.getState(blob).value(), `${key}:`.padEnd(2000, String.fromCharCode(97 + (key % 26))));
      }
    }
  });

  it('keeps state changed while the file is written out of it', async () => {
    const source = backendWith(5000, 4000);
    const writing = writeKeyedState(directory, 'changing.keyed', source.snapshot(2));
    let rounds = 0;
    let done = false;
    void writing.finally(() => {
      done = true;
    });
    while (!done) {
      rounds++;
      for (let key = 0; key < 5000; key += 7) {
        source.setCurrentKey(key);
        source.getState(blob).update(`changed ${rounds}`);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const handle = await writing;
    assert.ok(rounds > 1, 'the writer yields to processing while it writes');
    const restored = createStateBackend().createKeyedStateBackend({ keyGroupRange: { start: 0, end: 127 }, maxParallelism: 128 });
    restored.restore(await readKeyedChunks(directory, [handle], { start: 0, end: 127 }));
    for (let key = 0; key < 5000; key += 7) {
      restored.setCurrentKey(key);
      assert.equal(restored.getState(blob).value(), `${key}:`.padEnd(4000, String.fromCharCode(97 + (key % 26))));
    }
  });

  it('fails with STATE_SNAPSHOT_FAILED when a chunk cannot be encoded after writes have started', async () => {
    const source = backendWith(10_000, 2000);
    const bad = new ValueStateDescriptor<unknown>('bad');
    const lateKey = Array.from({ length: 1000 }, (_, i) => `late-${i}`).find((key) => assignToKeyGroup(key, 128) === 127);
    source.setCurrentKey(lateKey);
    source.getState(bad).update(() => 'a function');
    const snapshot = source.snapshot(3);
    await assert.rejects(writeKeyedState(directory, 'bad.keyed', snapshot), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'STATE_SNAPSHOT_FAILED');
      assert.match(error.message, /bad\.keyed.*"bad".*late-/);
      return true;
    });
    assert.throws(() => [...snapshot.chunks()], /released/);
  });
});
