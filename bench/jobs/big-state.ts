/**
 * Benchmark job: builds `--keys` keys of `--value-bytes` bytes of keyed heap state (a
 * distinct string per key), then keeps processing small records at the same rate while
 * the benchmark triggers a checkpoint over REST. Parallelism 1: source → keyBy → the
 * stateful function → discard.
 *
 *   bench/jobs/big-state.ts --keys K --value-bytes B --rate R --out PREFIX
 *
 * The function writes `PREFIX.built.json` once every key holds its value, and, when a
 * checkpoint completes, `PREFIX.checkpoint-ID.json`: when its synchronous snapshot
 * started, when the completion was announced, and how many records it processed in
 * each 10 ms after the snapshot started — which shows whether processing went on while
 * the state files were written.
 */
import { writeFileSync } from 'node:fs';
import {
  DataGeneratorSource,
  KeyedProcessFunction,
  RateLimiterStrategy,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  WatermarkStrategy,
  type CheckpointListener,
  type CheckpointedFunction,
  type Collector,
  type FunctionInitializationContext,
  type FunctionSnapshotContext,
  type KeyedProcessContext,
  type Sink,
} from 'weir';
import { jobArgument } from '../support/counting-sink.js';

const keys = Number(jobArgument('keys') ?? '200000');
const valueBytes = Number(jobArgument('value-bytes') ?? '1000');
const rate = Number(jobArgument('rate') ?? '50000');
const outPrefix = jobArgument('out') ?? 'big-state';

const BLOB = new ValueStateDescriptor<string>('blob');
const SLICE_MS = 10;
const SLICES = 6000;

function now(): number {
  return performance.timeOrigin + performance.now();
}

function discard<T>(): Sink<T> {
  return { createWriter: () => ({ write: () => {}, flush: () => {}, close: () => {} }) };
}

function flatString(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}

class StateBuilder extends KeyedProcessFunction<number, number, number> implements CheckpointedFunction, CheckpointListener {
  private processed = 0;
  private snapshotAt = NaN;
  private processedAtSnapshot = 0;
  private slices: number[] | undefined;

  processElement(index: number, ctx: KeyedProcessContext<number>, out: Collector<number>): void {
    if (index < keys) {
      // A flat string of its own per key, so the heap really holds keys × value-bytes: padEnd
      // alone gives a rope whose filler V8 shares between keys, and which the snapshot flattens.
      ctx.runtimeContext.getState(BLOB).update(flatString(`${index}:`.padEnd(valueBytes, String.fromCharCode(97 + (index % 26)))));
      if (index === keys - 1) writeFileSync(`${outPrefix}.built.json`, JSON.stringify({ keys, valueBytes, at: now() }));
    }
    this.processed++;
    if (this.slices !== undefined) {
      const slice = Math.floor((now() - this.snapshotAt) / SLICE_MS);
      if (slice < SLICES) this.slices[slice] = (this.slices[slice] ?? 0) + 1;
    }
    out.collect(index);
  }

  initializeState(_context: FunctionInitializationContext): void {}

  snapshotState(_context: FunctionSnapshotContext): void {
    if (this.slices !== undefined) return;
    this.snapshotAt = now();
    this.processedAtSnapshot = this.processed;
    this.slices = new Array<number>(SLICES).fill(0);
  }

  notifyCheckpointComplete(checkpointId: number): void {
    if (this.slices === undefined) return;
    const completedAt = now();
    const slices = this.slices;
    this.slices = undefined;
    writeFileSync(
      `${outPrefix}.checkpoint-${checkpointId}.json`,
      JSON.stringify({
        checkpointId,
        snapshotAt: this.snapshotAt,
        completedAt,
        processedDuring: this.processed - this.processedAtSnapshot,
        sliceMs: SLICE_MS,
        slices: slices.slice(0, Math.ceil((completedAt - this.snapshotAt) / SLICE_MS) + 1),
      }),
    );
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
// Only the benchmark's own trigger takes a checkpoint: the interval is far beyond the run.
env.enableCheckpointing(3_600_000);

env
  .fromSource(new DataGeneratorSource<number>((i) => i, Infinity, RateLimiterStrategy.perSecond(rate)), WatermarkStrategy.noWatermarks(), 'numbers')
  .uid('numbers')
  .keyBy((i) => i % keys)
  .process(new StateBuilder())
  .uid('state builder')
  .name('state builder')
  .sinkTo(discard())
  .name('discard');

await env.execute('big-state');
