/**
 * One pipeline per DataStream transformation, over deterministic input, for
 * test/runtime/transformations.test.ts, which recomputes each result with plain arrays.
 *
 *   weir run -p N test/jobs/transformations.ts --case map,filter|all --out DIR --factor F
 *
 * Runs the chosen cases one after another (one job per case: a program may call execute
 * more than once) and prints one line `RESULTS {json}` with every case's records. The
 * `print` case prints its records to standard out instead; `sink` and `rich` write files
 * under `--out`.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DataGeneratorSource,
  KeyedProcessFunction,
  ProcessFunction,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  type Collector,
  type KeyedProcessContext,
  type ProcessContext,
  type RuntimeContext,
  type Sink,
  type SinkWriter,
} from 'weir';
import { argument } from '../support/job-arguments.js';

/** Read at the top level: the slots see it only if they get the client's arguments. */
const factor = Number(argument('factor') ?? 'NaN');
const outDir = argument('out') ?? '';

interface Row {
  readonly id: number;
  readonly key: string;
  readonly value: number;
}
type Tuple = [string, number, number];

/** The keyed input: 5 keys, each seeing values 0..6 repeat (ties for min/max), in id order. */
const ROWS: readonly Row[] = Array.from({ length: 60 }, (_, id) => ({ id, key: `k${id % 5}`, value: (id * 3) % 7 }));
const TUPLES: readonly Tuple[] = ROWS.map((r) => [r.key, r.value, r.id]);

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env.getConfig().setGlobalJobParameters({ tag: 'alpha', answer: 42 });

type Case = () => Promise<unknown>;

const byKey = (r: Row): string => r.key;
const tupleKey = (t: Tuple): string => t[0];

const cases: Record<string, Case> = {
  map: () =>
    env
      .fromSequence(1, 1000)
      .map((x) => x * 2)
      .executeAndCollect(),
  flatMap: () =>
    env
      .fromSequence(1, 300)
      .flatMap((x: number, out: Collector<number>) => {
        for (let j = 0; j < x % 4; j++) out.collect(x * 10 + j);
      })
      .executeAndCollect(),
  filter: () =>
    env
      .fromSequence(1, 1000)
      .filter((x) => x % 3 === 0)
      .executeAndCollect(),
  reduce: () =>
    env
      .fromData(ROWS)
      .keyBy(byKey)
      .reduce((a, b) => ({ id: b.id, key: a.key, value: a.value + b.value }))
      .executeAndCollect(),
  sumTuple: () => env.fromData(TUPLES).keyBy(tupleKey).sum(1).executeAndCollect(),
  sumField: () => env.fromData(ROWS).keyBy(byKey).sum('value').executeAndCollect(),
  minTuple: () => env.fromData(TUPLES).keyBy(tupleKey).min(1).executeAndCollect(),
  minField: () => env.fromData(ROWS).keyBy(byKey).min('value').executeAndCollect(),
  maxTuple: () => env.fromData(TUPLES).keyBy(tupleKey).max(1).executeAndCollect(),
  maxField: () => env.fromData(ROWS).keyBy(byKey).max('value').executeAndCollect(),
  minByTuple: () => env.fromData(TUPLES).keyBy(tupleKey).minBy(1).executeAndCollect(),
  minByTupleLast: () => env.fromData(TUPLES).keyBy(tupleKey).minBy(1, false).executeAndCollect(),
  minByField: () => env.fromData(ROWS).keyBy(byKey).minBy('value').executeAndCollect(),
  maxByTuple: () => env.fromData(TUPLES).keyBy(tupleKey).maxBy(1).executeAndCollect(),
  maxByField: () => env.fromData(ROWS).keyBy(byKey).maxBy('value').executeAndCollect(),
  maxByFieldLast: () => env.fromData(ROWS).keyBy(byKey).maxBy('value', false).executeAndCollect(),
  process: () =>
    env
      .fromSequence(1, 500)
      .process(
        new (class extends ProcessFunction<number, [number, number]> {
          processElement(value: number, ctx: ProcessContext, out: Collector<[number, number]>): void {
            if (value % 2 === 0) out.collect([value, ctx.runtimeContext.numberOfParallelSubtasks]);
          }
        })(),
      )
      .executeAndCollect(),
  keyedProcess: () =>
    env
      .fromSequence(1, 500)
      .keyBy((x) => x % 7)
      .process(
        new (class extends KeyedProcessFunction<number, number, [number, number]> {
          processElement(value: number, ctx: KeyedProcessContext<number>, out: Collector<[number, number]>): void {
            out.collect([ctx.getCurrentKey(), value]);
          }
        })(),
      )
      .executeAndCollect(),
  union2: () =>
    env
      .fromSequence(1, 100)
      .union(env.fromSequence(1001, 1100))
      .executeAndCollect(),
  union3: () =>
    env
      .fromSequence(1, 100)
      .union(
        env.fromData([-1, -2, -3]),
        env.fromSequence(2001, 2050).map((x) => x + 0.5),
      )
      .map((x) => x * 10)
      .executeAndCollect(),
  rich: () =>
    env
      .fromSequence(1, 400)
      .rebalance()
      .map(new RichTagger())
      .name('rich tagger')
      .executeAndCollect(),
  sink: async () => {
    env
      .fromSequence(1, 777)
      .map((x) => `line-${x}`)
      .sinkTo(new FileSink(join(outDir, 'sink')));
    await env.execute('file sink');
    return null;
  },
  generator: () =>
    env
      .fromSource(new DataGeneratorSource((i) => ({ i, square: i * i }), 500), WatermarkStrategy.noWatermarks(), 'generator')
      .executeAndCollect(),
  generatorEmpty: () =>
    env
      .fromSource(new DataGeneratorSource((i) => i, 0), WatermarkStrategy.noWatermarks(), 'empty generator')
      .executeAndCollect(),
  elements: () =>
    env
      .fromElements('to', 'be', 'or', 'not', 'to', 'be')
      .map((s) => s.toUpperCase())
      .executeAndCollect(),
  collection: () =>
    env
      .fromCollection(new Set([3, 1, 4, 1, 5, 9, 2, 6]))
      .map((x) => x * x)
      .executeAndCollect(),
  print: async () => {
    env
      .fromSequence(1, 40)
      .rebalance()
      .map((x) => `print-${x}`)
      .print();
    await env.execute('print');
    return null;
  },
  argv: () =>
    env
      .fromSequence(1, 200)
      .map((x) => x * factor)
      .executeAndCollect(),
};

/** A rich map: tags each record with what its open() saw, and leaves a file when closed. */
class RichTagger {
  private ctx: RuntimeContext | undefined;
  private records = 0;

  open(ctx: RuntimeContext): void {
    this.ctx = ctx;
  }

  map(x: number): [number, number, number, string, string] {
    const ctx = this.ctx;
    if (ctx === undefined) throw new Error('map() ran before open()');
    this.records++;
    return [x, ctx.indexOfThisSubtask, ctx.numberOfParallelSubtasks, ctx.jobParameters.tag ?? '', ctx.jobParameters.answer ?? ''];
  }

  close(): void {
    const index = this.ctx?.indexOfThisSubtask ?? 'unopened';
    writeFileSync(join(outDir, `rich-closed-${index}`), String(this.records));
  }
}

/** One file per subtask; records are written at the final flush, and close() marks the end. */
class FileSink implements Sink<string> {
  constructor(private readonly prefix: string) {}

  createWriter(ctx: RuntimeContext): SinkWriter<string> {
    const file = `${this.prefix}-${ctx.indexOfThisSubtask}-of-${ctx.numberOfParallelSubtasks}.txt`;
    writeFileSync(file, '');
    const pending: string[] = [];
    return {
      write: (line) => void pending.push(line),
      flush: (endOfInput) => {
        if (pending.length > 0) appendFileSync(file, pending.join('\n') + '\n');
        pending.length = 0;
        if (endOfInput) appendFileSync(file, '#end-of-input\n');
      },
      close: () => appendFileSync(file, '#closed\n'),
    };
  }
}

const wanted = argument('case') ?? 'all';
const names = wanted === 'all' ? Object.keys(cases) : wanted.split(',');
const results: Record<string, unknown> = { parallelism: env.getParallelism() };
for (const name of names) {
  const run = cases[name];
  if (run === undefined) throw new Error(`unknown case '${name}'; cases: ${Object.keys(cases).join(', ')}`);
  results[name] = await run();
}
console.log(`RESULTS ${JSON.stringify(results)}`);
