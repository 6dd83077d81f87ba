/**
 * What every StateBackend must do, whatever it keeps state in. Each backend's test file
 * runs this suite with a factory; the hashmap backend today, an on-disk one later.
 */
import { describe } from 'node:test';

import type { BackendFactory } from './contract-fixtures.js';
import { keyedStateContract } from './keyed-state-contract.js';
import { operatorStateContract } from './operator-state-contract.js';
import { snapshotContract } from './snapshot-contract.js';
import { ttlContract } from './ttl-contract.js';

export function runStateBackendContract(name: string, factory: BackendFactory): void {
  describe(`StateBackend contract: ${name}`, () => {
    keyedStateContract(factory);
    snapshotContract(factory);
    ttlContract(factory);
    operatorStateContract(factory);
  });
}
