import type { RuntimeContext } from '../../api/functions.js';
import type { StreamNode } from '../../graph/stream-graph.js';
import {
  FilterOperator,
  FlatMapOperator,
  KeyedProcessOperator,
  KeyedReduceOperator,
  MapOperator,
  ProcessOperator,
} from './basic-operators.js';
import { CollectSinkOperator, type CollectSinkEvent } from './collect-sink-operator.js';
import type { Output } from './output.js';
import { PrintSinkOperator, SinkWriterOperator } from './sink-operators.js';
import type { StreamOperator } from './stream-operator.js';

export interface OperatorServices {
  readonly runtime: RuntimeContext;
  readonly print: (text: string, stdErr: boolean) => void;
  readonly sendOperatorEvent: (event: unknown) => void;
}

/** Builds the runtime operator for a non-source stream node. */
export function createOperator(node: StreamNode, output: Output, services: OperatorServices): StreamOperator {
  const spec = node.operator;
  const runtime = services.runtime;
  switch (spec.kind) {
    case 'map':
      return new MapOperator(node.name, spec.fn, output, runtime);
    case 'flatMap':
      return new FlatMapOperator(node.name, spec.fn, output, runtime);
    case 'filter':
      return new FilterOperator(node.name, spec.fn, output, runtime);
    case 'process':
      return new ProcessOperator(node.name, spec.fn, output, runtime);
    case 'keyedReduce':
      return new KeyedReduceOperator(node.name, spec.keySelector, spec.reduce, spec.rich, output, runtime);
    case 'keyedProcess':
      return new KeyedProcessOperator(node.name, spec.keySelector, spec.fn, output, runtime);
    case 'sink':
      return new SinkWriterOperator(node.name, spec.sink, runtime);
    case 'print':
      return new PrintSinkOperator(node.name, spec.prefix, spec.stdErr, runtime, services.print);
    case 'collect':
      return new CollectSinkOperator(node.name, (event: CollectSinkEvent) => services.sendOperatorEvent(event));
    case 'source':
      throw new Error(`source node ${node.id} must be the head of its task`);
  }
}
