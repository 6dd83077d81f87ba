/** Helpers to look at what a FileSink left on disk. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RuntimeContext } from '../../../src/api/functions.js';
import { NOOP_METRIC_GROUP } from '../../../src/metrics/metric-group.js';
import { AccumulatorRegistry, accumulatorAccess } from '../../../src/api/accumulators.js';

/** A sink writer needs no keyed state: asking for it is a bug the test should show. */
function noKeyedState(): never {
  throw new Error('a sink writer has no keyed state');
}

export function runtimeContext(subtask: number, parallelism = 2, attemptNumber = 0): RuntimeContext {
  return {
    getState: noKeyedState,
    getListState: noKeyedState,
    getMapState: noKeyedState,
    getReducingState: noKeyedState,
    getAggregatingState: noKeyedState,
    taskName: 'Sink: files',
    operatorName: 'files: Writer',
    indexOfThisSubtask: subtask,
    numberOfParallelSubtasks: parallelism,
    maxNumberOfParallelSubtasks: 128,
    attemptNumber,
    jobId: '0'.repeat(32),
    jobParameters: {},
    getMetricGroup: () => NOOP_METRIC_GROUP,
    ...accumulatorAccess(new AccumulatorRegistry()),
  };
}

/** Every file under `dir`, relative to it, sorted. */
export function allFiles(dir: string): string[] {
  const found: string[] = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) visit(path);
      else found.push(relative(dir, path));
    }
  };
  visit(dir);
  return found.sort();
}

/** Files a reader of the directory would take: none whose name starts with '.' or '_'. */
export function visibleFiles(dir: string): string[] {
  return allFiles(dir).filter((path) => !path.split('/').some((part) => part.startsWith('.') || part.startsWith('_')));
}

export function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public now = 1_700_000_000_000) {}
  readonly read = (): number => this.now;
}
