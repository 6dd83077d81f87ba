/**
 * One task: a chain of operators fed by a source reader or by the network, run on its
 * slot's thread. The task works in slices of a few milliseconds and yields between them,
 * so the thread's other tasks, credits and control messages get their turn; within a
 * slice records flow through the chain as plain synchronous calls.
 */
import type { RuntimeContext } from '../../api/functions.js';
import type { StreamGraph, StreamNode } from '../../graph/stream-graph.js';
import type { TaskDeploymentDescriptor } from '../../runtime/deployment.js';
import { CollectSinkOperator, type CollectCoordinatorEvent } from '../../runtime/operators/collect-sink-operator.js';
import { createOperator } from '../../runtime/operators/operator-factory.js';
import { BroadcastingOutput, DISCARDING_OUTPUT, type Output } from '../../runtime/operators/output.js';
import { SourceOperator, type SourceCoordinatorEvent } from '../../runtime/operators/source-operator.js';
import type { StreamOperator } from '../../runtime/operators/stream-operator.js';
import { createPartitioner } from '../../runtime/partitioning/partitioners.js';
import type { RecordSerializer } from '../../runtime/serialization/index.js';
import { InputGate } from '../network/input-gate.js';
import type { ChannelKey, NetworkMessage } from '../network/messages.js';
import { OutputChannel } from '../network/output-channel.js';
import { RecordWriter } from '../network/record-writer.js';

export interface TaskServices {
  readonly serializer: RecordSerializer;
  readonly sendNetwork: (message: NetworkMessage, transfer: readonly ArrayBuffer[]) => void;
  readonly sendOperatorEvent: (operatorId: string, event: unknown) => void;
  readonly print: (text: string, stdErr: boolean) => void;
}

/** Work per slice before yielding to the thread's event loop. */
const SLICE_MS = 5;

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class StreamTask {
  private readonly operators: StreamOperator[] = [];
  private readonly writers: RecordWriter[] = [];
  private readonly outputChannels = new Map<ChannelKey, OutputChannel>();
  private readonly collectSinks: CollectSinkOperator[] = [];
  private readonly eventTargets = new Map<string, { handleOperatorEvent(event: never): void }>();
  private readonly source: SourceOperator | undefined;
  private readonly networkHead: Output | undefined;
  private readonly gate: InputGate | undefined;
  private readonly scratch: unknown[] = [];
  private cancelled = false;
  private wake: (() => void) | undefined;
  private flusher: NodeJS.Timeout | undefined;
  recordsIn = 0;

  constructor(
    readonly tdd: TaskDeploymentDescriptor,
    graph: StreamGraph,
    private readonly services: TaskServices,
  ) {
    const chain = new Set(tdd.nodeIds);
    const built = new Map<number, Output>();
    let sourceOutput: Output = DISCARDING_OUTPUT;
    for (const id of [...tdd.nodeIds].reverse()) {
      const node = graph.node(id);
      const outputs = node.outEdges.map((edge) =>
        chain.has(edge.targetId) ? (built.get(edge.targetId) as Output) : this.recordWriter(node, edge.targetId),
      );
      const output = outputs.length === 0 ? DISCARDING_OUTPUT : outputs.length === 1 ? (outputs[0] as Output) : new BroadcastingOutput(outputs);
      if (node.operator.kind === 'source') {
        sourceOutput = output;
        continue;
      }
      const operator = createOperator(node, output, {
        runtime: this.runtimeContext(node),
        print: services.print,
        sendOperatorEvent: (event) => services.sendOperatorEvent(node.operatorId, event),
      });
      if (operator instanceof CollectSinkOperator) {
        this.collectSinks.push(operator);
        this.eventTargets.set(node.operatorId, operator);
      }
      built.set(id, operator);
      this.operators.unshift(operator);
    }

    const head = graph.node(tdd.nodeIds[0] as number);
    if (head.operator.kind === 'source') {
      const source = new SourceOperator(head.name, head.operator.source, tdd.subtaskIndex, tdd.parallelism, sourceOutput, (event) =>
        services.sendOperatorEvent(head.operatorId, event),
      );
      this.source = source;
      this.eventTargets.set(head.operatorId, source);
    } else {
      this.networkHead = built.get(head.id);
      this.gate = new InputGate(
        tdd.inputs.map((i) => ({ key: i.key, producerLocation: i.producerLocation })),
        tdd.network.buffersPerChannel,
        (message) => services.sendNetwork(message, []),
      );
    }
  }

  get inputKeys(): readonly ChannelKey[] {
    return this.gate?.channelKeys ?? [];
  }

  get outputKeys(): readonly ChannelKey[] {
    return [...this.outputChannels.keys()];
  }

  /** Data and credits for this task's channels. */
  deliverNetwork(message: NetworkMessage): void {
    if (message.type === 'credit') {
      this.outputChannels.get(message.key)?.addCredits(message.credits);
      this.signal();
    } else {
      this.gate?.deliver(
        message.type === 'buffer' ? { kind: 'buffer', key: message.key, bytes: message.bytes } : { kind: 'end-of-partition', key: message.key },
      );
    }
  }

  deliverOperatorEvent(operatorId: string, event: unknown): void {
    const target = this.eventTargets.get(operatorId);
    if (target === undefined) return;
    target.handleOperatorEvent(event as SourceCoordinatorEvent & CollectCoordinatorEvent as never);
    this.signal();
  }

  cancel(): void {
    this.cancelled = true;
    this.signal();
  }

  /** Opens the chain, processes all input, finishes and closes it; rejects with the failure. */
  async run(): Promise<'FINISHED' | 'CANCELED'> {
    let opened = false;
    try {
      for (let i = this.operators.length - 1; i >= 0; i--) await (this.operators[i] as StreamOperator).open();
      opened = true;
      this.startFlusher();
      this.source?.open();
      this.gate?.grantInitialCredits();
      const ended = this.source !== undefined ? await this.runSource(this.source) : await this.runNetworkInput();
      if (!ended) return 'CANCELED';
      for (const operator of this.operators) await operator.finish();
      for (const writer of this.writers) writer.endOfPartition();
      // Buffers still waiting for credit belong to this task: it ends only once they are sent.
      while (!this.outputsAvailable()) {
        if (this.cancelled) return 'CANCELED';
        await this.signalled();
      }
      return 'FINISHED';
    } finally {
      this.stopFlusher();
      if (opened) await this.closeQuietly();
    }
  }

  private async runSource(source: SourceOperator): Promise<boolean> {
    for (;;) {
      const sliceEnd = performance.now() + SLICE_MS;
      while (performance.now() < sliceEnd) {
        if (this.cancelled) return false;
        if (!this.outputsAvailable()) {
          await this.outputsBecomeAvailable();
          continue;
        }
        const status = source.emitNext();
        if (status === 'END_OF_INPUT') return true;
        if (status === 'NOTHING_AVAILABLE') {
          this.afterSlice();
          await Promise.race([source.isAvailable(), this.signalled()]);
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
    for (;;) {
      const sliceEnd = performance.now() + SLICE_MS;
      while (performance.now() < sliceEnd) {
        if (this.cancelled) return false;
        if (!this.outputsAvailable()) {
          await this.outputsBecomeAvailable();
          continue;
        }
        const item = gate.poll();
        if (item === undefined) {
          if (gate.isFinished) return true;
          this.afterSlice();
          await Promise.race([gate.whenData(), this.signalled()]);
          continue;
        }
        if (item.kind === 'end-of-partition') continue;
        const records = serializer.deserializeBatch(item.bytes, scratch);
        const count = records.length;
        for (let i = 0; i < count; i++) head.collect(records[i]);
        this.recordsIn += count;
        gate.recycle(item.key);
      }
      this.afterSlice();
      await nextTick();
    }
  }

  private outputsAvailable(): boolean {
    for (const writer of this.writers) if (!writer.isAvailable) return false;
    for (const sink of this.collectSinks) if (sink.isBackpressured()) return false;
    return true;
  }

  private async outputsBecomeAvailable(): Promise<void> {
    // Pending partial buffers go out first: the consumer may be waiting on them to free credit.
    this.flushOutputs();
    await this.signalled();
  }

  private signalled(): Promise<void> {
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

  private startFlusher(): void {
    const timeout = this.tdd.network.bufferTimeoutMs;
    if (timeout > 0) this.flusher = setInterval(() => this.flushOutputs(), timeout);
  }

  private stopFlusher(): void {
    if (this.flusher !== undefined) clearInterval(this.flusher);
    this.flusher = undefined;
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
      const channel = new OutputChannel(c.key, c.consumerLocation, this.services.serializer, this.tdd.network.segmentSize, this.services.sendNetwork);
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

  private runtimeContext(node: StreamNode): RuntimeContext {
    return {
      taskName: this.tdd.vertexName,
      operatorName: node.name,
      indexOfThisSubtask: this.tdd.subtaskIndex,
      numberOfParallelSubtasks: this.tdd.parallelism,
      maxNumberOfParallelSubtasks: this.tdd.maxParallelism,
      attemptNumber: this.tdd.jobAttempt,
      jobId: this.tdd.jobId,
      jobParameters: this.tdd.jobParameters,
    };
  }
}
