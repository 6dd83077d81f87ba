import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createStateBackend } from '../../../src/runtime/state/state-backend.js';
import { throwsCode } from './contract-fixtures.js';
import { runStateBackendContract } from './state-backend-contract.js';

runStateBackendContract('hashmap', () => createStateBackend('hashmap'));

describe('createStateBackend', () => {
  it('makes the hashmap backend by default', () => {
    assert.equal(createStateBackend().name, 'hashmap');
  });

  it('refuses an unknown state.backend.type, naming the valid ones', () => {
    throwsCode(() => createStateBackend('rocksdb'), 'CONFIG_INVALID_VALUE', /state\.backend\.type is "rocksdb".*valid values are hashmap/);
  });

  it('refuses a key-group range outside the max parallelism', () => {
    throwsCode(() => createStateBackend().createKeyedStateBackend({ keyGroupRange: { start: 100, end: 140 }, maxParallelism: 128 }), 'GRAPH_INVALID', /100\.\.140/);
  });
});
