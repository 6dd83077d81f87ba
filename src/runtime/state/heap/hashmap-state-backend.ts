import { checkParallelismPreconditions } from '../../partitioning/key-groups.js';
import { WeirError } from '../../../core/errors.js';
import type { KeyedStateBackend, KeyedStateBackendOptions, OperatorStateBackend, StateBackend } from '../state-backend.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import { HeapOperatorStateBackend } from './heap-operator-state-backend.js';

/**
 * Flink's HashMapStateBackend: state lives as objects on the task's heap, fast to read
 * and write; its size is bounded by memory, and a snapshot serializes all of it.
 */
export class HashMapStateBackend implements StateBackend {
  readonly name = 'hashmap';

  createKeyedStateBackend(options: KeyedStateBackendOptions): KeyedStateBackend {
    const { maxParallelism, keyGroupRange } = options;
    checkParallelismPreconditions(maxParallelism);
    const { start, end } = keyGroupRange;
    // end = start - 1 is Flink's empty range; anything else must lie inside [0, maxParallelism).
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start - 1 || end >= maxParallelism) {
      throw new WeirError('GRAPH_INVALID', `Key group range ${start}..${end} does not fit max parallelism ${maxParallelism}`);
    }
    return new HeapKeyedStateBackend(options);
  }

  createOperatorStateBackend(): OperatorStateBackend {
    return new HeapOperatorStateBackend();
  }
}
