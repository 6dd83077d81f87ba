/**
 * The metrics of one running task and its chained operators (Flink's TaskIOMetricGroup).
 *
 * Cost on the hot path: none per record. Record and byte counts are fields the task and
 * its channels already keep per buffer, read here only when a report is taken; records
 * written to the network are counted by one `count++` in a wrapper around each record
 * writer. Time is accounted per wait, not per record: the task marks when it starts and
 * stops waiting for input (idle) or for output credit (backpressured); busy time is the
 * rest, as Flink derives it. A wait still in progress counts up to the moment of a report,
 * so a task stuck without credit shows as backpressured while it is stuck.
 */
import { MeterView } from './meter-view.js';
import { ComponentMetricGroup, type MetricGroup, type TickRegistry } from './metric-group.js';
import type { MetricScope } from './metric-scope.js';
import type { TaskIdentity, TaskMetricSnapshot } from './metric-snapshot.js';
import { CounterView } from './metrics.js';

/** Where the task keeps its counts; each is read only when a report is taken. */
export interface TaskIOView {
  recordsIn(): number;
  recordsOut(): number;
  bytesIn(): number;
  bytesOut(): number;
  /** Event time the task has reached on its inputs (for a source task: what its source emitted). */
  inputWatermark(): number;
  outputWatermark(): number;
}

/** Counts an operator at the edge of its chain has; interior operators of a chain report none. */
export interface OperatorIOView {
  recordsIn?(): number;
  recordsOut?(): number;
}

const NOT_WAITING = 0;
const IDLE = 1;
const BACK_PRESSURED = 2;

export class TaskMetrics {
  readonly group: ComponentMetricGroup;
  private readonly operators = new Map<string, ComponentMetricGroup>();
  private startedAt: number | undefined;
  private endedAt: number | undefined;
  private idleMs = 0;
  private backPressuredMs = 0;
  private waiting = NOT_WAITING;
  private waitStartedAt = 0;

  constructor(
    readonly identity: TaskIdentity,
    private readonly taskManagerId: string,
    private readonly registry: TickRegistry,
  ) {
    this.group = new ComponentMetricGroup(this.scope('task', {}), registry);
  }

  /** Registers the task's I/O metrics over the counts the task keeps. */
  bindIO(io: TaskIOView): void {
    const group = this.group;
    const counter = (name: string, read: () => number): void => {
      const count = new CounterView(read);
      group.counter(name, count);
      group.meter(`${name}PerSecond`, count);
    };
    counter('numRecordsIn', io.recordsIn);
    counter('numRecordsOut', io.recordsOut);
    counter('numBytesIn', io.bytesIn);
    counter('numBytesOut', io.bytesOut);
    const timer = (name: string, read: () => number): void => {
      group.gauge(`accumulated${name}TimeMs`, () => Math.round(read()));
      group.meter(`${name.charAt(0).toLowerCase()}${name.slice(1)}TimeMsPerSecond`, new MeterView(new CounterView(read)));
    };
    timer('Busy', () => this.accumulatedBusyMs());
    timer('Idle', () => this.accumulatedIdleMs());
    timer('BackPressured', () => this.accumulatedBackPressuredMs());
    group.gauge('currentInputWatermark', io.inputWatermark);
    group.gauge('currentOutputWatermark', io.outputWatermark);
  }

  /** The group `ctx.getMetricGroup()` returns to the functions of one chained operator. */
  operatorGroup(operatorName: string): MetricGroup {
    return this.operatorGroupOf(operatorName);
  }

  bindOperatorIO(operatorName: string, io: OperatorIOView): void {
    const group = this.operatorGroupOf(operatorName);
    for (const [name, read] of [
      ['numRecordsIn', io.recordsIn],
      ['numRecordsOut', io.recordsOut],
    ] as const) {
      if (read === undefined) continue;
      const count = new CounterView(read);
      group.counter(name, count);
      group.meter(`${name}PerSecond`, count);
    }
  }

  /** The task's loop starts: time from here on is busy, idle or backpressured. */
  start(): void {
    this.startedAt ??= performance.now();
  }

  beginIdle(): void {
    this.waitStartedAt = performance.now();
    this.waiting = IDLE;
  }

  beginBackPressure(): void {
    this.waitStartedAt = performance.now();
    this.waiting = BACK_PRESSURED;
  }

  endWait(): void {
    const waited = performance.now() - this.waitStartedAt;
    if (this.waiting === IDLE) this.idleMs += waited;
    else if (this.waiting === BACK_PRESSURED) this.backPressuredMs += waited;
    this.waiting = NOT_WAITING;
  }

  accumulatedIdleMs(): number {
    return this.idleMs + (this.waiting === IDLE ? this.now() - this.waitStartedAt : 0);
  }

  accumulatedBackPressuredMs(): number {
    return this.backPressuredMs + (this.waiting === BACK_PRESSURED ? this.now() - this.waitStartedAt : 0);
  }

  accumulatedBusyMs(): number {
    if (this.startedAt === undefined) return 0;
    return Math.max(0, this.now() - this.startedAt - this.accumulatedIdleMs() - this.accumulatedBackPressuredMs());
  }

  snapshot(final: boolean): TaskMetricSnapshot {
    const operators: Record<string, ReturnType<ComponentMetricGroup['snapshot']>> = {};
    for (const [name, group] of this.operators) operators[name] = group.snapshot();
    return { ...this.identity, metrics: this.group.snapshot(), operators, final };
  }

  /** The task ended: its clock stops and its meters stop ticking. */
  close(): void {
    if (this.waiting !== NOT_WAITING) this.endWait();
    this.endedAt ??= performance.now();
    this.group.close();
    for (const group of this.operators.values()) group.close();
  }

  private now(): number {
    return this.endedAt ?? performance.now();
  }

  private operatorGroupOf(operatorName: string): ComponentMetricGroup {
    let group = this.operators.get(operatorName);
    if (group === undefined) {
      group = new ComponentMetricGroup(this.scope('operator', { operator_name: operatorName }), this.registry);
      this.operators.set(operatorName, group);
    }
    return group;
  }

  private scope(kind: 'task' | 'operator', extra: Readonly<Record<string, string>>): MetricScope {
    const id = this.identity;
    return {
      kind,
      variables: {
        tm_id: this.taskManagerId,
        job_id: id.jobId,
        job_name: id.jobName,
        task_id: id.vertexId,
        task_name: id.taskName,
        task_attempt_id: id.attemptId,
        task_attempt_num: String(id.attemptNumber),
        subtask_index: String(id.subtaskIndex),
        ...extra,
      },
    };
  }
}
