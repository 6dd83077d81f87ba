/**
 * One task: a chain of operators fed by a source reader or by the network, run on its
 * slot's thread. The task works in slices of a few milliseconds and yields between them,
 * so the thread's other tasks, credits and control messages get their turn; within a
 * slice records flow through the chain as plain synchronous calls.
 *
 * Checkpoints: a source task takes one when the JobMaster triggers it; any other task
 * when the barrier has arrived on all its input channels (exactly-once blocks a channel
 * from its barrier until then; at-least-once does not). The state is frozen and the
 * barrier sent on synchronously; the state files are written while processing goes on.
 */
import { mkdir } from 'node:fs/promises';
import type { FunctionSnapshotContext } from '../../api/checkpoint.js';
import type { RuntimeContext } from '../../api/functions.js';
import { serializeError, type SerializedError } from '../../core/errors.js';
import type { StreamGraph, StreamNode } from '../../graph/stream-graph.js';
import type { CheckpointStats, TaskStateSnapshot } from '../../runtime/checkpoint/state-handles.js';
import { writeKeyedState } from '../../runtime/checkpoint/state-files.js';
import type { TaskDeploymentDescriptor } from '../../runtime/deployment.js';
import { KeyContextOutput } from '../../runtime/operators/basic-operators.js';
import { CollectSinkOperator, type CollectCoordinatorEvent } from '../../runtime/operators/collect-sink-operator.js';
import { createOperator, keySelectorOf } from '../../runtime/operators/operator-factory.js';
import { OperatorStateHandler, type OperatorRestore, type OperatorSnapshot } from '../../runtime/operators/operator-state.js';
import { BroadcastingOutput, DISCARDING_OUTPUT, MIN_WATERMARK, RoutingOutput, TimeContext, type Output } from '../../runtime/operators/output.js';
import { StatusWatermarkValve } from '../../runtime/time/watermark-valve.js';
import { SourceOperator, type SourceCoordinatorEvent } from '../../runtime/operators/source-operator.js';
import { isTwoInputOperator, type TwoInputOperator } from '../../runtime/operators/two-input-operators.js';
import type { StreamOperator } from '../../runtime/operators/stream-operator.js';
import { computeKeyGroupRangeForOperatorIndex } from '../../runtime/partitioning/key-groups.js';
import { createPartitioner } from '../../runtime/partitioning/partitioners.js';
import type { RecordSerializer } from '../../runtime/serialization/index.js';
import { createStateBackend } from '../../runtime/state/state-backend.js';
import { InputGate } from '../network/input-gate.js';
import type { ChannelKey, CheckpointBarrier, NetworkMessage } from '../network/messages.js';
import { OutputChannel } from '../network/output-channel.js';
import { RecordWriter } from '../network/record-writer.js';
import { CountingOutput } from '../../metrics/counting-output.js';
import { NOOP_METRIC_GROUP } from '../../metrics/metric-group.js';
import { AccumulatorRegistry, accumulatorAccess, type AccumulatorAccess, type AccumulatorSnapshot } from '../../api/accumulators.js';
import type { TaskMetrics } from '../../metrics/task-metrics.js';

export interface TaskServices {
  readonly serializer: RecordSerializer;
  readonly sendNetwork: (message: NetworkMessage, transfer: readonly ArrayBuffer[]) => void;
  readonly sendOperatorEvent: (operatorId: string, event: unknown) => void;
  readonly print: (text: string, stdErr: boolean) => void;
  readonly acknowledgeCheckpoint: (checkpointId: number, state: TaskStateSnapshot, stats: CheckpointStats) => void;
  readonly declineCheckpoint: (checkpointId: number, reason: SerializedError) => void;
  /** Absent when metrics are off (`metrics.enabled: false`): then nothing is counted or timed. */
  readonly metrics?: TaskMetrics;
}

/** Work per slice before yielding to the thread's event loop. */
const SLICE_MS = 5;

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface ChainMember {
  readonly node: StreamNode;
  readonly operator: StreamOperator | undefined;
  readonly state: OperatorStateHandler;
}

interface Alignment {
  readonly barrier: CheckpointBarrier;
  readonly received: Set<ChannelKey>;
  readonly startedAt: number;
}

export class StreamTask {
  /** The accumulators of all operators of this task's chain: a name is one accumulator per task, as in Flink. */
  private readonly accumulators = new AccumulatorRegistry();
  private readonly accumulatorAccess: AccumulatorAccess = accumulatorAccess(this.accumulators);
  private readonly operators: StreamOperator[] = [];
  private readonly members: ChainMember[] = [];
  private readonly writers: RecordWriter[] = [];
  private readonly outputChannels = new Map<ChannelKey, OutputChannel>();
  /** Operators that can ask the task to stop feeding them (StreamOperator.isBackpressured). */
  private readonly throttling: StreamOperator[] = [];
  private readonly eventTargets = new Map<string, { handleOperatorEvent(event: never): void }>();
  private readonly source: SourceOperator | undefined;
  private readonly networkHead: Output | undefined;
  /** The second input of a two-input head, by channel; undefined for one-input tasks. */
  private readonly secondInput: { readonly operator: TwoInputOperator; readonly channels: ReadonlySet<ChannelKey> } | undefined;
  private readonly gate: InputGate | undefined;
  private readonly scratch: unknown[] = [];
  private readonly pendingTriggers: CheckpointBarrier[] = [];
  private readonly time = new TimeContext();
  /** Whether records carry event timestamps between tasks: some source of the job assigns them. */
  private readonly eventTime: boolean;
  private readonly valve: StatusWatermarkValve | undefined;
  /** Actions to run on this task's thread between records (timer firings). */
  private mailbox: (() => void)[] = [];
  private watermarkTimer: NodeJS.Timeout | undefined;
  private alignment: Alignment | undefined;
  /** A stop-with-savepoint barrier went out: the source emits nothing until its savepoint completes or fails. */
  private stopAfter: { readonly checkpointId: number; readonly terminate: 'stop' | 'drain' } | undefined;
  private lastCheckpointId = 0;
  /** Checkpoint notifications run one after another, between slices. */
  private notifications: Promise<void> = Promise.resolve();
  private cancelled = false;
  private wake: (() => void) | undefined;
  private flusher: NodeJS.Timeout | undefined;
  recordsIn = 0;
  private readonly metrics: TaskMetrics | undefined;
  /** The counting wrappers of the network outputs, by the node that writes to them. */
  private readonly countedOutputs: { readonly nodeId: number; readonly output: CountingOutput }[] = [];

  constructor(
    readonly tdd: TaskDeploymentDescriptor,
    graph: StreamGraph,
    private readonly services: TaskServices,
    restored: ReadonlyMap<string, OperatorRestore>,
  ) {
    this.metrics = services.metrics;
    this.eventTime = graph
      .sortedNodes()
      .some((n) => n.operator.kind === 'source' && (n.operator.watermarkStrategy.spec.kind !== 'none' || n.operator.watermarkStrategy.timestampAssigner !== undefined));
    const backend = createStateBackend(tdd.checkpointing.stateBackend);
    const keyGroupRange = computeKeyGroupRangeForOperatorIndex(tdd.maxParallelism, tdd.parallelism, tdd.subtaskIndex);
    const chain = new Set(tdd.nodeIds);
    const built = new Map<number, Output>();
    let sourceOutput: Output = DISCARDING_OUTPUT;
    let sourceState: OperatorStateHandler | undefined;
    for (const id of [...tdd.nodeIds].reverse()) {
      const node = graph.node(id);
      const consumerOf = (edge: StreamNode['outEdges'][number]): Output =>
        chain.has(edge.targetId) ? (built.get(edge.targetId) as Output) : this.countedOutput(node.id, this.recordWriter(node, edge.targetId));
      const output = combineOutputs(
        node.outEdges.filter((e) => e.outputTag === undefined).map(consumerOf),
        node.outEdges.filter((e) => e.outputTag !== undefined).map((e) => [e.outputTag as string, consumerOf(e)] as const),
      );
      const keySelector = keySelectorOf(node);
      const state = new OperatorStateHandler(
        node.name,
        backend,
        keySelector !== undefined ? { keyGroupRange, maxParallelism: tdd.maxParallelism } : undefined,
        restored.get(node.operatorId),
      );
      if (node.operator.kind === 'source') {
        sourceOutput = output;
        sourceState = state;
        this.members.unshift({ node, operator: undefined, state });
        continue;
      }
      const operator = createOperator(node, output, {
        runtime: this.runtimeContext(node, state),
        state,
        time: this.time,
        scheduleOnTask: (action) => this.scheduleOnTask(action),
        print: services.print,
        sendOperatorEvent: (event) => services.sendOperatorEvent(node.operatorId, event),
        checkpointing: tdd.checkpointing.enabled,
      });
      if (operator instanceof CollectSinkOperator) this.eventTargets.set(node.operatorId, operator);
      if (operator.isBackpressured !== undefined) this.throttling.push(operator);
      const keyed =
        keySelector !== undefined && node.operator.kind !== 'keyedReduce' && node.operator.kind !== 'keyedProcess' && !isTwoInputOperator(operator);
      built.set(id, keyed && state.keyed !== undefined ? new KeyContextOutput(state.keyed, keySelector, operator, node.name) : operator);
      this.operators.unshift(operator);
      this.members.unshift({ node, operator, state });
    }

    const head = graph.node(tdd.nodeIds[0] as number);
    if (head.operator.kind === 'source') {
      const source = new SourceOperator(
        head.name,
        head.operator.source,
        head.operator.watermarkStrategy,
        tdd.subtaskIndex,
        tdd.parallelism,
        sourceOutput,
        this.time,
        (event) => services.sendOperatorEvent(head.operatorId, event),
        sourceState as OperatorStateHandler,
      );
      this.source = source;
      this.eventTargets.set(head.operatorId, source);
      this.valve = undefined;
      this.secondInput = undefined;
    } else {
      this.networkHead = built.get(head.id);
      const headOperator = this.networkHead;
      this.secondInput =
        headOperator !== undefined && isTwoInputOperator(headOperator as StreamOperator)
          ? { operator: headOperator as TwoInputOperator, channels: new Set(tdd.inputs.filter((i) => i.inputIndex === 1).map((i) => i.key)) }
          : undefined;
      this.gate = new InputGate(
        tdd.inputs.map((i) => ({ key: i.key, producerLocation: i.producerLocation })),
        tdd.network.buffersPerChannel,
        tdd.network.floatingBuffersPerGate,
        (message) => services.sendNetwork(message, []),
      );
      this.valve = new StatusWatermarkValve(this.gate.channelKeys, this.networkHead as Output);
    }
    this.bindMetrics(head);
  }

  private bindMetrics(head: StreamNode): void {
    const metrics = this.metrics;
    if (metrics === undefined) return;
    const outputs = this.countedOutputs;
    const outputWatermark = (): number =>
      outputs.length === 0 ? MIN_WATERMARK : outputs.reduce((min, o) => Math.min(min, o.output.watermark), Number.POSITIVE_INFINITY);
    metrics.bindIO({
      recordsIn: () => this.recordsIn,
      recordsOut: () => outputs.reduce((sum, o) => sum + o.output.count, 0),
      bytesIn: () => this.gate?.bytesIn ?? 0,
      bytesOut: () => [...this.outputChannels.values()].reduce((sum, channel) => sum + channel.bytesOut, 0),
      // A source task's input is its source: the time it has reached is what it sends on.
      inputWatermark: () => this.valve?.currentWatermark ?? outputWatermark(),
      outputWatermark,
    });
    // Only operators at the chain's edges are counted: counting between chained operators would cost a call per record.
    for (const member of this.members) {
      const id = member.node.id;
      const written = outputs.filter((o) => o.nodeId === id);
      metrics.bindOperatorIO(member.node.name, {
        ...(id === head.id && this.source === undefined ? { recordsIn: () => this.recordsIn } : {}),
        ...(written.length > 0 ? { recordsOut: () => written.reduce((sum, o) => sum + o.output.count, 0) } : {}),
      });
    }
  }

  /** A network output, counted when metrics are on. */
  private countedOutput(nodeId: number, writer: RecordWriter): Output {
    if (this.metrics === undefined) return writer;
    const output = new CountingOutput(writer);
    this.countedOutputs.push({ nodeId, output });
    return output;
  }

  /** Runs `action` on this task's thread before the next record (timers use it). */
  scheduleOnTask(action: () => void): void {
    this.mailbox.push(action);
    this.signal();
  }

  /** Runs every scheduled action, including those the actions themselves schedule. */
  private runMailbox(): void {
    while (this.mailbox.length > 0) {
      const actions = this.mailbox;
      this.mailbox = [];
      for (const action of actions) action();
    }
  }


  get inputKeys(): readonly ChannelKey[] {
    return this.gate?.channelKeys ?? [];
  }

  get outputKeys(): readonly ChannelKey[] {
    return [...this.outputChannels.keys()];
  }

  /** Data, barriers and credits for this task's channels. */
  deliverNetwork(message: NetworkMessage): void {
    switch (message.type) {
      case 'credit':
        this.outputChannels.get(message.key)?.addCredits(message.credits);
        this.signal();
        break;
      case 'buffer':
        this.gate?.deliver({ kind: 'buffer', key: message.key, bytes: message.bytes });
        break;
      case 'event':
        this.gate?.deliver({ kind: 'event', key: message.key, event: message.event });
        break;
      case 'end-of-partition':
        this.gate?.deliver({ kind: 'end-of-partition', key: message.key });
        break;
    }
  }

  deliverOperatorEvent(operatorId: string, event: unknown): void {
    const target = this.eventTargets.get(operatorId);
    if (target === undefined) return;
    target.handleOperatorEvent(event as SourceCoordinatorEvent & CollectCoordinatorEvent as never);
    this.signal();
  }

  /** The JobMaster starts a checkpoint at this (source) task. */
  triggerCheckpoint(barrier: CheckpointBarrier): void {
    if (this.source === undefined) return;
    this.pendingTriggers.push(barrier);
    this.signal();
  }

  notifyCheckpointComplete(checkpointId: number): void {
    const stopping = this.stopAfter;
    if (stopping !== undefined && stopping.checkpointId === checkpointId) {
      this.stopAfter = undefined;
      this.source?.stop(stopping.terminate === 'drain');
      this.signal();
    }
    this.notifications = this.notifications.then(async () => {
      for (const operator of this.operators) await operator.notifyCheckpointComplete?.(checkpointId);
      this.signal();
    });
  }

  notifyCheckpointAborted(checkpointId: number): void {
    // The stop failed with its savepoint: the sources go on.
    if (this.stopAfter?.checkpointId === checkpointId) {
      this.stopAfter = undefined;
      this.signal();
    }
    this.notifications = this.notifications.then(async () => {
      for (const operator of this.operators) await operator.notifyCheckpointAborted?.(checkpointId);
    });
  }

  cancel(): void {
    this.cancelled = true;
    this.signal();
  }

  /** Opens the chain, processes all input, finishes and closes it; rejects with the failure. */
  async run(): Promise<'FINISHED' | 'CANCELED'> {
    let opened = false;
    try {
      for (let i = this.operators.length - 1; i >= 0; i--) await (this.operators[i] as StreamOperator).initializeState?.();
      for (let i = this.operators.length - 1; i >= 0; i--) await (this.operators[i] as StreamOperator).open();
      opened = true;
      this.startFlusher();
      this.startWatermarkTimer();
      this.source?.open();
      this.gate?.grantInitialCredits();
      const ended = this.source !== undefined ? await this.runSource(this.source) : await this.runNetworkInput();
      if (!ended) return 'CANCELED';
      await this.notifications;
      for (const operator of this.operators) await operator.finish();
      for (const writer of this.writers) writer.endOfPartition();
      // Buffers still waiting for credit belong to this task: it ends only once they are sent.
      while (!this.outputsAvailable()) {
        if (this.cancelled) return 'CANCELED';
        this.runMailbox();
        await this.signalled();
      }
      return 'FINISHED';
    } finally {
      this.stopFlusher();
      if (opened) await this.closeQuietly();
      for (const member of this.members) member.state.dispose();
    }
  }

  private async runSource(source: SourceOperator): Promise<boolean> {
    const metrics = this.metrics;
    metrics?.start();
    for (;;) {
      const sliceEnd = performance.now() + SLICE_MS;
      while (performance.now() < sliceEnd) {
        if (this.cancelled) return false;
        this.runMailbox();
        const trigger = this.pendingTriggers.shift();
        if (trigger !== undefined) {
          await this.performCheckpoint(trigger, 0);
          if (trigger.terminate !== undefined) this.stopAfter = { checkpointId: trigger.checkpointId, terminate: trigger.terminate };
          continue;
        }
        if (this.stopAfter !== undefined) {
          this.afterSlice();
          await this.signalled();
          continue;
        }
        if (!this.outputsAvailable()) {
          metrics?.beginBackPressure();
          await this.outputsBecomeAvailable();
          metrics?.endWait();
          continue;
        }
        const status = source.emitNext();
        if (status === 'END_OF_INPUT') {
          source.endOfInput();
          return true;
        }
        if (status === 'NOTHING_AVAILABLE') {
          this.afterSlice();
          metrics?.beginIdle();
          await Promise.race([source.isAvailable(), this.signalled()]);
          metrics?.endWait();
        }
      }
      this.afterSlice();
      await nextTick();
    }
  }

  private async runNetworkInput(): Promise<boolean> {
    const gate = this.gate as InputGate;
    const head = this.networkHead as Output;
    const serializer = this.services.serializer;
    const scratch = this.scratch;
    const metrics = this.metrics;
    metrics?.start();
    for (;;) {
      const sliceEnd = performance.now() + SLICE_MS;
      while (performance.now() < sliceEnd) {
        if (this.cancelled) return false;
        this.runMailbox();
        if (!this.outputsAvailable()) {
          gate.returnCredits();
          metrics?.beginBackPressure();
          await this.outputsBecomeAvailable();
          metrics?.endWait();
          continue;
        }
        const item = gate.poll();
        if (item === undefined) {
          if (gate.isFinished) return true;
          gate.returnCredits();
          this.afterSlice();
          metrics?.beginIdle();
          await Promise.race([gate.whenData(), this.signalled()]);
          metrics?.endWait();
          continue;
        }
        if (item.kind === 'end-of-partition') {
          await this.completeAlignmentIfReady();
          continue;
        }
        if (item.kind === 'event') {
          const event = item.event;
          if (event.kind === 'barrier') await this.onBarrier(item.key, event.barrier);
          else if (event.kind === 'watermark') this.valve?.inputWatermark(item.key, event.watermark);
          else this.valve?.inputWatermarkStatus(item.key, event.idle);
          continue;
        }
        const decoded = serializer.deserializeBatch(item.bytes, scratch);
        const second = this.secondInput;
        const target: Output =
          second !== undefined && second.channels.has(item.key) ? { collect: (v) => second.operator.collect2(v), emitWatermark() {}, emitWatermarkStatus() {} } : head;
        if (this.eventTime) {
          // With event time a buffer holds [records, timestamps].
          const records = decoded[0] as unknown[];
          const timestamps = decoded[1] as number[];
          const time = this.time;
          for (let i = 0; i < records.length; i++) {
            const timestamp = timestamps[i] as number;
            time.timestamp = Number.isNaN(timestamp) ? undefined : timestamp;
            target.collect(records[i]);
          }
          this.recordsIn += records.length;
        } else {
          const count = decoded.length;
          for (let i = 0; i < count; i++) target.collect(decoded[i]);
          this.recordsIn += count;
        }
        gate.recycle(item.key);
      }
      gate.returnCredits();
      this.afterSlice();
      await nextTick();
    }
  }

  private async onBarrier(key: ChannelKey, barrier: CheckpointBarrier): Promise<void> {
    const id = barrier.checkpointId;
    if (id <= this.lastCheckpointId) return;
    const current = this.alignment;
    if (current !== undefined && current.barrier.checkpointId > id) return;
    if (current === undefined || current.barrier.checkpointId < id) {
      // A newer barrier overtakes an alignment that cannot complete any more (its checkpoint was abandoned).
      if (current !== undefined) this.gate?.unblockAll();
      this.alignment = { barrier, received: new Set(), startedAt: performance.now() };
    }
    const alignment = this.alignment as Alignment;
    alignment.received.add(key);
    if (this.tdd.checkpointing.mode === 'EXACTLY_ONCE') this.gate?.block(key);
    await this.completeAlignmentIfReady();
  }

  private async completeAlignmentIfReady(): Promise<void> {
    const alignment = this.alignment;
    const gate = this.gate;
    if (alignment === undefined || gate === undefined) return;
    if (alignment.received.size < gate.openChannelCount) return;
    this.alignment = undefined;
    await this.performCheckpoint(alignment.barrier, performance.now() - alignment.startedAt);
    gate.unblockAll();
  }

  /** The synchronous part of a checkpoint; the files are written in the background. */
  private async performCheckpoint(barrier: CheckpointBarrier, alignmentDurationMs: number): Promise<void> {
    const started = performance.now();
    const id = barrier.checkpointId;
    this.lastCheckpointId = Math.max(this.lastCheckpointId, id);
    const context: FunctionSnapshotContext = { checkpointId: id, checkpointTimestamp: barrier.timestamp };
    let snapshots: [string, OperatorSnapshot][];
    try {
      this.source?.snapshotState(context);
      for (const operator of this.operators) await operator.snapshotState?.(context);
      snapshots = this.members.map((m) => [m.node.operatorId, m.state.snapshot(id)]);
    } catch (error) {
      this.services.declineCheckpoint(id, serializeError(error));
      return;
    }
    for (const writer of this.writers) writer.broadcastBarrier(barrier);
    const syncDurationMs = performance.now() - started;
    void this.writeAndAcknowledge(barrier, snapshots, { syncDurationMs, alignmentDurationMs });
  }

  private async writeAndAcknowledge(
    barrier: CheckpointBarrier,
    snapshots: readonly [string, OperatorSnapshot][],
    timing: { syncDurationMs: number; alignmentDurationMs: number },
  ): Promise<void> {
    const started = performance.now();
    const id = barrier.checkpointId;
    try {
      await mkdir(barrier.location, { recursive: true });
      const state: Record<string, TaskStateSnapshot[string]> = {};
      let size = 0;
      for (const [operatorId, snapshot] of snapshots) {
        const keyed =
          snapshot.keyed === undefined
            ? undefined
            : await writeKeyedState(barrier.location, `${operatorId}-${this.tdd.subtaskIndex}.keyed`, snapshot.keyed);
        size += keyed?.size ?? 0;
        const operator = snapshot.operator.states.length > 0 ? snapshot.operator : undefined;
        if (operator !== undefined) size += JSON.stringify(operator).length;
        state[operatorId] = { keyed, operator };
      }
      this.services.acknowledgeCheckpoint(id, state, {
        stateSize: size,
        syncDurationMs: timing.syncDurationMs,
        asyncDurationMs: performance.now() - started,
        alignmentDurationMs: timing.alignmentDurationMs,
      });
    } catch (error) {
      for (const [, snapshot] of snapshots) snapshot.keyed?.release();
      this.services.declineCheckpoint(id, serializeError(error));
    }
  }

  private outputsAvailable(): boolean {
    for (const writer of this.writers) if (!writer.isAvailable) return false;
    for (const operator of this.throttling) if (operator.isBackpressured?.() === true) return false;
    return true;
  }

  private async outputsBecomeAvailable(): Promise<void> {
    // Pending partial buffers go out first: the consumer may be waiting on them to free credit.
    this.flushOutputs();
    await this.signalled();
  }

  /** Resolves at the next signal, or at once when scheduled actions wait, so none is left unrun. */
  private signalled(): Promise<void> {
    if (this.mailbox.length > 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }


  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private afterSlice(): void {
    if (this.tdd.network.bufferTimeoutMs === 0) this.flushOutputs();
  }

  private flushOutputs(): void {
    for (const operator of this.operators) operator.flush?.();
    for (const writer of this.writers) writer.flush();
  }

  /** Sources with event time emit watermarks every pipeline.auto-watermark-interval. */
  private startWatermarkTimer(): void {
    const sourceTime = this.source?.eventTime;
    if (sourceTime === undefined) return;
    this.watermarkTimer = setInterval(() => this.scheduleOnTask(() => sourceTime.onPeriodicEmit()), this.tdd.time.autoWatermarkIntervalMs);
  }

  private startFlusher(): void {
    const timeout = this.tdd.network.bufferTimeoutMs;
    if (timeout > 0) this.flusher = setInterval(() => this.flushOutputs(), timeout);
  }

  private stopFlusher(): void {
    if (this.flusher !== undefined) clearInterval(this.flusher);
    this.flusher = undefined;
    if (this.watermarkTimer !== undefined) clearInterval(this.watermarkTimer);
    this.watermarkTimer = undefined;
  }

  private async closeQuietly(): Promise<void> {
    for (const operator of this.operators) {
      try {
        await operator.close();
      } catch {
        // The task's outcome is already decided; a failing close must not mask it.
      }
    }
    try {
      this.source?.close();
    } catch {
      // As above.
    }
  }

  private recordWriter(node: StreamNode, targetId: number): RecordWriter {
    const edge = node.outEdges.find((e) => e.targetId === targetId);
    const descriptor = this.tdd.outputs.find((o) => o.sourceNodeId === node.id && o.targetNodeId === targetId);
    if (edge === undefined || descriptor === undefined) {
      throw new Error(`task '${this.tdd.vertexName}' has no output channels for edge ${node.id} -> ${targetId}`);
    }
    const channels = descriptor.channels.map((c) => {
      const channel = new OutputChannel(
        c.key,
        c.consumerLocation,
        this.services.serializer,
        this.tdd.network.segmentSize,
        this.services.sendNetwork,
        this.eventTime ? this.time : undefined,
      );
      this.outputChannels.set(c.key, channel);
      return channel;
    });
    const partitioner = createPartitioner(
      { kind: edge.partitioning.kind },
      {
        ...(edge.partitioning.keySelector !== undefined ? { keySelector: edge.partitioning.keySelector } : {}),
        ...(edge.partitioning.customPartitioner !== undefined ? { customPartitioner: edge.partitioning.customPartitioner } : {}),
        maxParallelism: descriptor.targetMaxParallelism,
      },
    );
    const writer = new RecordWriter(partitioner, channels);
    this.writers.push(writer);
    return writer;
  }

  /** The task's accumulators now; undefined when its functions registered none. */
  accumulatorSnapshot(): AccumulatorSnapshot[] | undefined {
    return this.accumulators.isEmpty ? undefined : this.accumulators.snapshot();
  }

  private runtimeContext(node: StreamNode, state: OperatorStateHandler): RuntimeContext {
    return {
      taskName: this.tdd.vertexName,
      operatorName: node.name,
      indexOfThisSubtask: this.tdd.subtaskIndex,
      numberOfParallelSubtasks: this.tdd.parallelism,
      maxNumberOfParallelSubtasks: this.tdd.maxParallelism,
      attemptNumber: this.tdd.jobAttempt,
      jobId: this.tdd.jobId,
      jobParameters: this.tdd.jobParameters,
      getState: (descriptor) => state.keyedStore().getState(descriptor),
      getListState: (descriptor) => state.keyedStore().getListState(descriptor),
      getMapState: (descriptor) => state.keyedStore().getMapState(descriptor),
      getReducingState: (descriptor) => state.keyedStore().getReducingState(descriptor),
      getAggregatingState: (descriptor) => state.keyedStore().getAggregatingState(descriptor),
      getMetricGroup: () => this.metrics?.operatorGroup(node.name) ?? NOOP_METRIC_GROUP,
      ...this.accumulatorAccess,
    };
  }
}

/** One consumer, several, or several plus side outputs by tag. */
function combineOutputs(main: readonly Output[], sides: readonly (readonly [string, Output])[]): Output {
  const mainOutput = main.length === 0 ? DISCARDING_OUTPUT : main.length === 1 ? (main[0] as Output) : new BroadcastingOutput(main);
  if (sides.length === 0) return mainOutput;
  const byTag = new Map<string, Output[]>();
  for (const [tag, output] of sides) byTag.set(tag, [...(byTag.get(tag) ?? []), output]);
  return new RoutingOutput(
    mainOutput,
    new Map([...byTag].map(([tag, outputs]) => [tag, outputs.length === 1 ? (outputs[0] as Output) : new BroadcastingOutput(outputs)])),
  );
}
