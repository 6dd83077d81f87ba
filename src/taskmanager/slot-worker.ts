/**
 * The entry point of a slot's worker thread. It rebuilds each job's program from its
 * artifact, runs the tasks deployed to the slot and moves their messages: within the
 * slot by a plain call, to the TaskExecutor's other slots over direct ports, and to other
 * TaskManagers through the TaskExecutor on the parent thread.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { errorMessage, serializeError } from '../core/errors.js';
import type { StreamGraph } from '../graph/stream-graph.js';
import type { TaskDeploymentDescriptor } from '../runtime/deployment.js';
import { loadProgram, verifyGraph } from '../runtime/program/program-loader.js';
import { createRecordSerializer } from '../runtime/serialization/index.js';
import { isDownstream, type ChannelKey, type NetworkMessage } from './network/messages.js';
import type { FromSlot, TaskAccumulators, ToSlot } from './slot-protocol.js';
import type { AccumulatorSnapshot } from '../api/accumulators.js';
import { NetworkOutbox } from './network/network-outbox.js';
import { SlotProfiler } from './slot-profiler.js';
import { StreamTask } from './task/stream-task.js';
import { readKeyedChunks } from '../runtime/checkpoint/state-files.js';
import type { OperatorRestore } from '../runtime/operators/operator-state.js';
import { computeKeyGroupRangeForOperatorIndex } from '../runtime/partitioning/key-groups.js';
import { SlotMetrics } from '../metrics/slot-metrics.js';

process.setSourceMapsEnabled(true);

if (parentPort === null) throw new Error('slot-worker.js must run in a worker thread');
const port: MessagePort = parentPort;

const serializer = createRecordSerializer();
const tasks = new Map<string, StreamTask>();
/** A channel's two ends may live in this one slot: data goes to the consumer, credit to the producer. */
const consumers = new Map<ChannelKey, StreamTask>();
const producers = new Map<ChannelKey, StreamTask>();
/**
 * The allocation the other end of each of this slot's channel ends runs in: what a
 * producer sends goes to `consumerSlots`, a consumer's credit to `producerSlots`. Fixed
 * per channel at deployment, so all of a channel's messages take one path, in order.
 */
const consumerSlots = new Map<ChannelKey, string>();
const producerSlots = new Map<ChannelKey, string>();
/** This thread lives for one allocation (the TaskExecutor says which with each deploy). */
let ownAllocation: string | undefined;
/** Ports to the TaskExecutor's other slot threads, by their allocation. */
const peers = new Map<string, MessagePort>();
/** Messages that arrived before their task was built (the program may still be loading), by end. */
const early = new Map<string, NetworkMessage[]>();

function endOf(message: NetworkMessage): string {
  return `${isDownstream(message) ? 'in' : 'out'}|${message.key}`;
}
const programs = new Map<string, Promise<StreamGraph>>();
let loadQueue: Promise<unknown> = Promise.resolve();
/** Cancels that arrived while the task's program was still loading. */
const cancelledEarly = new Set<string>();
/** Set by the TaskExecutor's 'metrics-config' message; undefined while metrics are off. */
let slotMetrics: SlotMetrics | undefined;
const profiler = new SlotProfiler();

/** How often running tasks' accumulators go to the TaskExecutor, which hands them to the JobMaster with its heartbeats. */
const ACCUMULATOR_REPORT_MS = 1000;
setInterval(() => {
  const reports: TaskAccumulators[] = [];
  for (const [attemptId, task] of tasks) {
    const accumulators = task.accumulatorSnapshot();
    if (accumulators !== undefined) reports.push({ attemptId, accumulators });
  }
  if (reports.length > 0) post({ type: 'accumulators', reports });
}, ACCUMULATOR_REPORT_MS).unref();

/** Network messages for the parent, batched per turn of this thread. */
const outbox = new NetworkOutbox((messages, transfer) => port.postMessage({ type: 'net', messages } satisfies FromSlot, transfer));

function post(message: FromSlot, transfer: readonly ArrayBuffer[] = []): void {
  outbox.flush();
  port.postMessage(message, transfer as ArrayBuffer[]);
}

/**
 * A message for a channel end in this slot. A same-slot producer calls this from inside
 * its task loop; that is safe because delivering only queues data or adds credit and
 * wakes the task, whose own loop runs later.
 */
function receive(message: NetworkMessage): void {
  const task = (isDownstream(message) ? consumers : producers).get(message.key);
  if (task !== undefined) {
    task.deliverNetwork(message);
    return;
  }
  const end = endOf(message);
  const waiting = early.get(end) ?? [];
  waiting.push(message);
  early.set(end, waiting);
}

/** Buffers own their ArrayBuffer (the serializer's contract), so the same-slot consumer can take them as they are. */
function sendNetwork(message: NetworkMessage, transfer: readonly ArrayBuffer[]): void {
  const allocation = (isDownstream(message) ? consumerSlots : producerSlots).get(message.key);
  if (allocation !== undefined && allocation === ownAllocation) {
    receive(message);
    return;
  }
  const peer = allocation === undefined ? undefined : peers.get(allocation);
  if (peer !== undefined) peer.postMessage(message, transfer as ArrayBuffer[]);
  else outbox.add(message, transfer);
}

function addPeer(allocationId: string, peer: MessagePort): void {
  peers.get(allocationId)?.close();
  peers.set(allocationId, peer);
  peer.on('message', receive);
  // The peer's thread ended (its slot was freed or died): its tasks are failing over, so what was bound for it is moot.
  peer.on('close', () => {
    if (peers.get(allocationId) === peer) peers.delete(allocationId);
  });
}

/**
 * User code's console output travels as 'print' messages on the slot's port, like print
 * sinks: Node's own worker stdout is a separate stream that loses what it still holds when
 * the slot's thread is terminated, and is not ordered with the task's final state.
 */
function routeThroughPort(stream: NodeJS.WriteStream, stdErr: boolean): void {
  stream.write = ((chunk: string | Uint8Array, encodingOrDone?: unknown, done?: unknown): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    post({ type: 'print', text, stdErr });
    const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (typeof callback === 'function') queueMicrotask(callback as () => void);
    return true;
  }) as NodeJS.WriteStream['write'];
}
routeThroughPort(process.stdout, false);
routeThroughPort(process.stderr, true);

/** Tasks of one job attempt in this slot share one rebuilt program; loads run one at a time. */
function programFor(tdd: TaskDeploymentDescriptor, artifactPath: string): Promise<StreamGraph> {
  const key = `${tdd.jobId}:${tdd.jobAttempt}`;
  let program = programs.get(key);
  if (program === undefined) {
    program = loadQueue.then(() => loadProgram(artifactPath, tdd.program, tdd.executionOrdinal));
    loadQueue = program.catch(() => undefined);
    programs.set(key, program);
    forgetOlderAttempts(tdd);
  }
  return program;
}

function forgetOlderAttempts(tdd: TaskDeploymentDescriptor): void {
  for (const key of programs.keys()) {
    const [jobId, attempt] = key.split(':');
    if (jobId === tdd.jobId && Number(attempt) < tdd.jobAttempt) programs.delete(key);
  }
  for (const key of early.keys()) {
    const [jobId, attempt] = (key.split('|')[1] ?? '').split(':');
    if (jobId === tdd.jobId && Number(attempt) < tdd.jobAttempt) early.delete(key);
  }
}

/** Reads, for each operator of the task's chain, the state it restores from. */
async function loadRestoredState(tdd: TaskDeploymentDescriptor, graph: StreamGraph): Promise<Map<string, OperatorRestore>> {
  const restored = new Map<string, OperatorRestore>();
  const restore = tdd.restore;
  if (restore === undefined) return restored;
  const range = computeKeyGroupRangeForOperatorIndex(tdd.maxParallelism, tdd.parallelism, tdd.subtaskIndex);
  for (const id of tdd.nodeIds) {
    const operatorId = graph.node(id).operatorId;
    const state = restore.operators[operatorId];
    if (state === undefined) continue;
    restored.set(operatorId, {
      keyedChunks: await readKeyedChunks(restore.directory, state.keyed, range),
      operator: state.operator,
    });
  }
  return restored;
}

async function deploy(tdd: TaskDeploymentDescriptor, artifactPath: string): Promise<void> {
  const attemptId = tdd.executionAttemptId;
  for (const output of tdd.outputs) for (const channel of output.channels) consumerSlots.set(channel.key, channel.consumerAllocationId);
  for (const input of tdd.inputs) producerSlots.set(input.key, input.producerAllocationId);
  post({ type: 'task-state', attemptId, state: 'INITIALIZING' });
  let task: StreamTask | undefined;
  try {
    const graph = await programFor(tdd, artifactPath);
    verifyGraph(tdd.streamNodes, graph);
    if (cancelledEarly.delete(attemptId)) {
      post({ type: 'task-state', attemptId, state: 'CANCELED' });
      return;
    }
    const restored = await loadRestoredState(tdd, graph);
    task = new StreamTask(
      tdd,
      graph,
      {
        serializer,
        sendNetwork,
        sendOperatorEvent: (operatorId, event) => post({ type: 'operator-event', attemptId, operatorId, event }),
        print: (text, stdErr) => post({ type: 'print', text, stdErr }),
        acknowledgeCheckpoint: (checkpointId, state, stats) => post({ type: 'checkpoint-ack', attemptId, checkpointId, state, stats }),
        declineCheckpoint: (checkpointId, error) => post({ type: 'checkpoint-decline', attemptId, checkpointId, error }),
        ...(slotMetrics !== undefined ? { metrics: slotMetrics.createTask(taskIdentity(tdd)) } : {}),
      },
      restored,
    );
    tasks.set(attemptId, task);
    for (const [ends, keys, prefix] of [
      [consumers, task.inputKeys, 'in'],
      [producers, task.outputKeys, 'out'],
    ] as const) {
      for (const key of keys) {
        ends.set(key, task);
        const waiting = early.get(`${prefix}|${key}`);
        early.delete(`${prefix}|${key}`);
        for (const message of waiting ?? []) task.deliverNetwork(message);
      }
    }
    post({ type: 'task-state', attemptId, state: 'RUNNING' });
    const outcome = await task.run();
    slotMetrics?.endTask(attemptId);
    post({ type: 'task-state', attemptId, state: outcome, ...finalAccumulators(task) });
  } catch (error) {
    slotMetrics?.endTask(attemptId);
    post({ type: 'task-state', attemptId, state: 'FAILED', error: serializeError(error), ...finalAccumulators(task) });
  } finally {
    tasks.delete(attemptId);
    if (task !== undefined) {
      for (const key of task.inputKeys) if (consumers.get(key) === task) consumers.delete(key);
      for (const key of task.outputKeys) if (producers.get(key) === task) producers.delete(key);
    }
    for (const output of tdd.outputs) for (const channel of output.channels) consumerSlots.delete(channel.key);
    for (const input of tdd.inputs) producerSlots.delete(input.key);
  }
}

function finalAccumulators(task: StreamTask | undefined): { accumulators?: readonly AccumulatorSnapshot[] } {
  const accumulators = task?.accumulatorSnapshot();
  return accumulators === undefined ? {} : { accumulators };
}

function taskIdentity(tdd: TaskDeploymentDescriptor): Parameters<SlotMetrics['createTask']>[0] {
  return {
    jobId: tdd.jobId,
    jobName: tdd.jobName,
    vertexId: tdd.vertexId,
    taskName: tdd.vertexName,
    subtaskIndex: tdd.subtaskIndex,
    attemptNumber: tdd.jobAttempt,
    attemptId: tdd.executionAttemptId,
  };
}

port.on('message', (message: ToSlot) => {
  switch (message.type) {
    case 'sample-flame-graph': {
      const { requestId } = message;
      profiler.sample(message.sampling).then(
        (graph) => post({ type: 'flame-graph', requestId, graph }),
        (error: unknown) => post({ type: 'flame-graph', requestId, error: errorMessage(error) }),
      );
      break;
    }
    case 'metrics-config':
      slotMetrics ??= new SlotMetrics({ ...message, post: (report) => post({ type: 'metrics', report }) });
      break;
    case 'deploy':
      ownAllocation = message.allocationId;
      void deploy(message.tdd, message.artifactPath);
      break;
    case 'peer':
      addPeer(message.allocationId, message.port);
      break;
    case 'cancel': {
      const task = tasks.get(message.attemptId);
      if (task !== undefined) task.cancel();
      else cancelledEarly.add(message.attemptId);
      break;
    }
    case 'net':
      for (const network of message.messages) receive(network);
      break;
    case 'operator-event':
      tasks.get(message.attemptId)?.deliverOperatorEvent(message.operatorId, message.event);
      break;
    case 'trigger-checkpoint': {
      const task = tasks.get(message.attemptId);
      if (task !== undefined) task.triggerCheckpoint(message.barrier);
      else {
        post({
          type: 'checkpoint-decline',
          attemptId: message.attemptId,
          checkpointId: message.barrier.checkpointId,
          error: serializeError(new Error('the task is not running yet')),
        });
      }
      break;
    }
    case 'checkpoint-done': {
      const task = tasks.get(message.attemptId);
      if (message.completed) task?.notifyCheckpointComplete(message.checkpointId);
      else task?.notifyCheckpointAborted(message.checkpointId);
      break;
    }

  }
});
