/**
 * The entry point of a job's coordinator thread. Split enumerators are user code, so
 * they run where the program can be rebuilt: here, off the JobManager's main thread,
 * which a slow enumerator can then never stall.
 */
import { parentPort } from 'node:worker_threads';
import { serializeError } from '../../core/errors.js';
import { loadProgram, verifyGraph } from '../../runtime/program/program-loader.js';
import type { SourceReaderEvent } from '../../runtime/operators/source-operator.js';
import type { FromCoordinatorThread, ToCoordinatorThread } from './coordinator-protocol.js';
import { SourceCoordinator } from './source-coordinator.js';

process.setSourceMapsEnabled(true);

const port = parentPort;
if (port === null) throw new Error('coordinator-thread.js must run in a worker thread');

const coordinators = new Map<string, SourceCoordinator>();
/** Readers may register before the program is rebuilt here; their events wait. */
let pending: Extract<ToCoordinatorThread, { type: 'event' }>[] | undefined = [];
const pendingSnapshots: (() => void)[] = [];

function post(message: FromCoordinatorThread): void {
  (port as NonNullable<typeof port>).postMessage(message);
}

async function start(message: Extract<ToCoordinatorThread, { type: 'start' }>): Promise<void> {
  try {
    const graph = await loadProgram(message.artifactPath, message.program, message.executionOrdinal);
    verifyGraph(message.streamNodes, graph);
    for (const node of graph.sortedNodes()) {
      if (node.operator.kind !== 'source') continue;
      const operatorId = node.operatorId;
      const coordinator = new SourceCoordinator(
        node.operator.source,
        node.parallelism,
        (subtask, event) => post({ type: 'send-event', operatorId, subtask, event }),
        message.restoredStates?.[operatorId],
      );
      coordinators.set(operatorId, coordinator);
      coordinator.start();
    }
    post({ type: 'ready' });
    const waiting = pending ?? [];
    pending = undefined;
    for (const event of waiting) handleEvent(event);
    for (const snapshot of pendingSnapshots.splice(0)) snapshot();
  } catch (error) {
    post({ type: 'failed', error: serializeError(error) });
  }
}

function handleEvent(message: Extract<ToCoordinatorThread, { type: 'event' }>): void {
  try {
    coordinators.get(message.operatorId)?.handleEvent(message.subtask, message.event as SourceReaderEvent);
  } catch (error) {
    post({ type: 'failed', error: serializeError(error) });
  }
}

port.on('message', (message: ToCoordinatorThread) => {
  switch (message.type) {
    case 'start':
      void start(message);
      break;
    case 'event':
      if (pending !== undefined) pending.push(message);
      else handleEvent(message);
      break;
    case 'reset':
      for (const [operatorId, coordinator] of coordinators) coordinator.reset(message.states?.[operatorId]);
      break;
    case 'subtask-reset':
      coordinators.get(message.operatorId)?.subtaskReset(message.subtask, message.checkpointId);
      break;
    case 'snapshot': {
      // Events queued before this message reach the tasks before the checkpoint's barrier does.
      const run = (): void => {
        try {
          const states: Record<string, unknown> = {};
          for (const [operatorId, coordinator] of coordinators) states[operatorId] = coordinator.snapshotState(message.checkpointId);
          post({ type: 'snapshot-done', checkpointId: message.checkpointId, states });
        } catch (error) {
          post({ type: 'snapshot-failed', checkpointId: message.checkpointId, error: serializeError(error) });
        }
      };
      if (pending !== undefined) pendingSnapshots.push(run);
      else run();
      break;
    }
  }
});
