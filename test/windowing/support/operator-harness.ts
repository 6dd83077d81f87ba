/**
 * Runs one operator outside a task, as Flink's OneInputStreamOperatorTestHarness does:
 * records and watermarks in, emitted records (with their timestamps), side outputs and
 * watermarks out; a real heap keyed backend; snapshots and restores of its state; task
 * mailbox actions (timers, async completions) run when the test says so.
 */
import type { RuntimeContext } from '../../../src/api/functions.js';
import type { OperatorSpec } from '../../../src/api/transformation.js';
import type { PhysicalTransformation, Transformation } from '../../../src/api/transformation.js';
import type { StreamNode } from '../../../src/graph/stream-graph.js';
import { createOperator } from '../../../src/runtime/operators/operator-factory.js';
import { OperatorStateHandler, type OperatorRestore } from '../../../src/runtime/operators/operator-state.js';
import { RoutingOutput, TimeContext, type Output } from '../../../src/runtime/operators/output.js';
import type { StreamOperator } from '../../../src/runtime/operators/stream-operator.js';
import { createStateBackend } from '../../../src/runtime/state/state-backend.js';

export interface Emitted {
  readonly value: unknown;
  readonly timestamp: number | undefined;
}

class RecordingOutput implements Output {
  readonly records: Emitted[] = [];
  readonly watermarks: number[] = [];

  constructor(private readonly time: TimeContext) {}

  collect(value: unknown): void {
    this.records.push({ value, timestamp: this.time.timestamp });
  }

  emitWatermark(watermark: number): void {
    this.watermarks.push(watermark);
  }

  emitWatermarkStatus(): void {}
}

const MAX_PARALLELISM = 128;

export class OperatorHarness {
  readonly time = new TimeContext();
  readonly main: RecordingOutput;
  readonly side: RecordingOutput;
  readonly operator: StreamOperator;
  readonly state: OperatorStateHandler;
  private mailbox: (() => void)[] = [];

  /** `stream` is the operator's output stream, as the DataStream API built it; `sideTag` a side output to record. */
  constructor(stream: { readonly transformation: Transformation }, options: { sideTag?: string; restore?: OperatorRestore; keyGroups?: { start: number; end: number } } = {}) {
    const transformation = stream.transformation as PhysicalTransformation;
    this.main = new RecordingOutput(this.time);
    this.side = new RecordingOutput(this.time);
    const output = options.sideTag === undefined ? this.main : new RoutingOutput(this.main, new Map([[options.sideTag, this.side]]));
    this.state = new OperatorStateHandler(
      transformation.name,
      createStateBackend('hashmap'),
      { keyGroupRange: options.keyGroups ?? { start: 0, end: MAX_PARALLELISM - 1 }, maxParallelism: MAX_PARALLELISM },
      options.restore,
    );
    const node = { id: transformation.id, name: transformation.name, operator: transformation.operator as OperatorSpec } as StreamNode;
    this.operator = createOperator(node, output, {
      runtime: runtimeContext(this.state),
      state: this.state,
      time: this.time,
      scheduleOnTask: (action) => this.mailbox.push(action),
      print: () => {},
      sendOperatorEvent: () => {},
      checkpointing: true,
    });
  }

  async open(): Promise<this> {
    await this.operator.initializeState?.();
    await this.operator.open();
    return this;
  }

  element(value: unknown, timestamp?: number): this {
    this.time.timestamp = timestamp;
    this.operator.collect(value);
    return this;
  }

  watermark(watermark: number): this {
    this.operator.emitWatermark(watermark);
    return this;
  }

  /** Runs the actions the operator scheduled on the task (timer firings, async completions). */
  runMailbox(): number {
    let ran = 0;
    while (this.mailbox.length > 0) {
      const actions = this.mailbox;
      this.mailbox = [];
      for (const action of actions) {
        action();
        ran++;
      }
    }
    return ran;
  }

  get mailboxSize(): number {
    return this.mailbox.length;
  }

  /** The emitted values so far, and forgets them. */
  take(): unknown[] {
    return this.main.records.splice(0).map((r) => r.value);
  }

  takeWithTimestamps(): Emitted[] {
    return this.main.records.splice(0);
  }

  /** Everything a checkpoint would store of this operator, ready to restore another harness from. */
  async snapshot(checkpointId = 1): Promise<OperatorRestore> {
    await this.operator.snapshotState?.({ checkpointId, checkpointTimestamp: Date.now() });
    const snapshot = this.state.snapshot(checkpointId);
    const keyedChunks = snapshot.keyed === undefined ? [] : [...snapshot.keyed.chunks()].map((c) => c.bytes);
    snapshot.keyed?.release();
    return { keyedChunks, operator: snapshot.operator };
  }

  async close(): Promise<void> {
    await this.operator.close();
    this.state.dispose();
  }
}

/** Enough of a RuntimeContext for the functions under test (no metrics). */
function runtimeContext(state: OperatorStateHandler): RuntimeContext {
  const context = {
    taskName: 'harness',
    operatorName: 'harness',
    indexOfThisSubtask: 0,
    numberOfParallelSubtasks: 1,
    maxNumberOfParallelSubtasks: MAX_PARALLELISM,
    attemptNumber: 0,
    jobId: '0'.repeat(32),
    jobParameters: {},
    getState: (descriptor) => state.keyedStore().getState(descriptor),
    getListState: (descriptor) => state.keyedStore().getListState(descriptor),
    getMapState: (descriptor) => state.keyedStore().getMapState(descriptor),
    getReducingState: (descriptor) => state.keyedStore().getReducingState(descriptor),
    getAggregatingState: (descriptor) => state.keyedStore().getAggregatingState(descriptor),
  } satisfies Partial<RuntimeContext>;
  return context as RuntimeContext;
}
