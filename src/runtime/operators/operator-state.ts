/**
 * The state one operator of a task owns: keyed state when it runs on a keyed stream,
 * operator state always; restored from a checkpoint before the operator opens, and
 * snapshotted at each checkpoint.
 */
import type { FunctionInitializationContext, KeyedStateStore } from '../../api/checkpoint.js';
import { WeirError } from '../../core/errors.js';
import type { KeyGroupRange } from '../partitioning/key-groups.js';
import type { KeyedStateBackend, KeyedStateSnapshot, OperatorStateBackend, OperatorStateSnapshot, StateBackend } from '../state/state-backend.js';

/** What a checkpoint holds for one operator of one subtask, before and after writing. */
export interface OperatorSnapshot {
  readonly keyed: KeyedStateSnapshot | undefined;
  readonly operator: OperatorStateSnapshot;
}

export interface OperatorRestore {
  readonly keyedChunks: readonly Uint8Array[];
  readonly operator: OperatorStateSnapshot | undefined;
}

export class OperatorStateHandler {
  readonly keyed: KeyedStateBackend | undefined;
  readonly operator: OperatorStateBackend;

  constructor(
    readonly operatorName: string,
    backend: StateBackend,
    keyed: { readonly keyGroupRange: KeyGroupRange; readonly maxParallelism: number } | undefined,
    readonly restore: OperatorRestore | undefined,
  ) {
    this.keyed = keyed === undefined ? undefined : backend.createKeyedStateBackend(keyed);
    this.operator = backend.createOperatorStateBackend();
    if (restore !== undefined) {
      if (this.keyed !== undefined) this.keyed.restore(restore.keyedChunks);
      if (restore.operator !== undefined) this.operator.restore(restore.operator);
    }
  }

  get isRestored(): boolean {
    return this.restore !== undefined;
  }

  /** Keyed state for user functions; refuses clearly on a stream that is not keyed. */
  keyedStore(): KeyedStateStore {
    const keyed = this.keyed;
    if (keyed === undefined) {
      throw new WeirError(
        'STATE_ACCESS_WITHOUT_KEY',
        `operator '${this.operatorName}' does not run on a keyed stream, so it has no keyed state: call keyBy(...) before it, or use operator state (CheckpointedFunction)`,
      );
    }
    return keyed;
  }

  initializationContext(): FunctionInitializationContext {
    return {
      isRestored: () => this.isRestored,
      getOperatorStateStore: () => this.operator,
      getKeyedStateStore: () => this.keyed,
    };
  }

  snapshot(checkpointId: number): OperatorSnapshot {
    return { keyed: this.keyed?.snapshot(checkpointId), operator: this.operator.snapshot() };
  }

  dispose(): void {
    this.keyed?.dispose();
    this.operator.dispose();
  }
}
