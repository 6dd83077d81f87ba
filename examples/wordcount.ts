/**
 * WordCount: the classic first streaming job. Reads a text file (`--input PATH`, or a
 * bundled excerpt of Hamlet), splits lines into words and keeps a running count per word.
 *
 *   weir run [-p N] examples/wordcount.ts [--input FILE]
 *
 * Prints `(word,count)` each time a word's count changes, as Flink's WordCount does.
 */
import { readFileSync } from 'node:fs';
import { StreamExecutionEnvironment, type Collector } from 'weir';
import { DEFAULT_TEXT } from './data/hamlet.js';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const input = argument('input');
const lines = input === undefined ? DEFAULT_TEXT.split('\n') : readFileSync(input, 'utf8').split('\n');

const env = StreamExecutionEnvironment.getExecutionEnvironment();

env
  .fromData(lines)
  .name('lines')
  .flatMap((line: string, out: Collector<[string, number]>) => {
    for (const word of line.toLowerCase().split(/\W+/)) {
      if (word.length > 0) out.collect([word, 1]);
    }
  })
  .name('tokenizer')
  .keyBy((pair) => pair[0])
  .sum(1)
  .name('counter')
  .print();

await env.execute('WordCount');
