import type { StreamNode } from '../../graph/stream-graph.js';
import {
  FilterOperator,
  FlatMapOperator,
  KeyedProcessOperator,
  KeyedReduceOperator,
  MapOperator,
  ProcessOperator,
  type OperatorEnvironment,
} from './basic-operators.js';
import { CollectSinkOperator, type CollectSinkEvent } from './collect-sink-operator.js';
import type { Output } from './output.js';
import { PrintSinkOperator, SinkWriterOperator } from './sink-operators.js';
import type { StreamOperator } from './stream-operator.js';
import {
  BroadcastProcessOperator,
  CoFlatMapOperator,
  CoMapOperator,
  CoProcessOperator,
  IntervalJoinOperator,
  KeyedBroadcastProcessOperator,
  KeyedCoProcessOperator,
} from './two-input-operators.js';
import { AsyncWaitOperator } from './async/async-wait-operator.js';
import { WindowOperator } from './windowing/window-operator.js';

export interface OperatorServices extends OperatorEnvironment {
  readonly print: (text: string, stdErr: boolean) => void;
  readonly sendOperatorEvent: (event: unknown) => void;
  /** True when the job checkpoints: sinks that can then hold output until checkpoints complete. */
  readonly checkpointing: boolean;
}

/** Builds the runtime operator for a non-source stream node. */
export function createOperator(node: StreamNode, output: Output, services: OperatorServices): StreamOperator {
  const spec = node.operator;
  switch (spec.kind) {
    case 'map':
      return new MapOperator(node.name, spec.fn, output, services);
    case 'flatMap':
      return new FlatMapOperator(node.name, spec.fn, output, services);
    case 'filter':
      return new FilterOperator(node.name, spec.fn, output, services);
    case 'process':
      return new ProcessOperator(node.name, spec.fn, output, services);
    case 'keyedReduce':
      return new KeyedReduceOperator(node.name, spec.keySelector, spec.reduce, spec.rich, output, services);
    case 'keyedProcess':
      return new KeyedProcessOperator(node.name, spec.keySelector, spec.fn, output, services);
    case 'coMap':
      return new CoMapOperator(node.name, spec.fn, output, services);
    case 'coFlatMap':
      return new CoFlatMapOperator(node.name, spec.fn, output, services);
    case 'coProcess':
      return new CoProcessOperator(node.name, spec.fn, output, services);
    case 'keyedCoProcess':
      return new KeyedCoProcessOperator(node.name, spec.fn, spec.keySelectors, output, services);
    case 'broadcastProcess':
      return new BroadcastProcessOperator(node.name, spec.fn, spec.descriptors, output, services);
    case 'keyedBroadcastProcess':
      return new KeyedBroadcastProcessOperator(node.name, spec.fn, spec.descriptors, spec.keySelector, output, services);
    case 'intervalJoin':
      return new IntervalJoinOperator(node.name, spec.fn, spec, spec.keySelectors, output, services);
    case 'sink':
      return new SinkWriterOperator(node.name, spec.sink, services);
    case 'print':
      return new PrintSinkOperator(node.name, spec.prefix, spec.stdErr, services.runtime, services.print);
    case 'collect':
      return new CollectSinkOperator(
        node.name,
        (event: CollectSinkEvent) => services.sendOperatorEvent(event),
        services.checkpointing,
        services.runtime.indexOfThisSubtask,
        services.state,
      );
    case 'window':
      return new WindowOperator(node.name, spec, output, services);
    case 'asyncWait':
      return new AsyncWaitOperator(node.name, spec, output, services);
    case 'source':
      throw new Error(`source node ${node.id} must be the head of its task`);
  }
}

/** Whether a node runs on a keyed stream, and with which key selector. */
export function keySelectorOf(node: StreamNode): ((value: unknown) => unknown) | undefined {
  const spec = node.operator;
  if (spec.kind === 'keyedReduce' || spec.kind === 'keyedProcess' || spec.kind === 'keyedBroadcastProcess') return spec.keySelector;
  if (spec.kind === 'keyedCoProcess' || spec.kind === 'intervalJoin') return spec.keySelectors[0];
  // A window join's input is a union of keyed streams: several hash edges, one key selector.
  if (spec.kind === 'window') return spec.keySelector;
  const only = node.inEdges[0];
  if (node.inEdges.length === 1 && only?.partitioning.kind === 'hash') return only.partitioning.keySelector;
  return undefined;
}
