/** Unit tests of the metric kinds, groups and the pure REST/Prometheus helpers. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backPressureLevel, vertexBackPressure } from '../../src/metrics/backpressure.js';
import { jobMetricValues } from '../../src/metrics/job-metrics.js';
import { MeterView } from '../../src/metrics/meter-view.js';
import { ComponentMetricGroup, NOOP_METRIC_GROUP } from '../../src/metrics/metric-group.js';
import { aggregateMetrics, metricCollection, parseAggregations, parseSubtaskRanges, vertexValues } from '../../src/metrics/metric-query.js';
import { MetricRegistry } from '../../src/metrics/metric-registry.js';
import type { SubtaskMetrics } from '../../src/metrics/metric-store.js';
import { MetricStore } from '../../src/metrics/metric-store.js';
import { SimpleCounter } from '../../src/metrics/metrics.js';
import { parsePortRange } from '../../src/metrics/prometheus-endpoint.js';
import { renderPrometheus } from '../../src/metrics/prometheus-format.js';
import { SlidingWindowHistogram } from '../../src/metrics/sliding-window-histogram.js';
import { TaskMetrics } from '../../src/metrics/task-metrics.js';
import { vertexIOMetrics } from '../../src/metrics/vertex-io.js';
import type { JobDetailsInfo } from '../../src/dispatcher/job-info.js';

describe('MeterView', () => {
  test('the rate is the growth over the time covered, up to the 60 s window', () => {
    const counter = new SimpleCounter();
    const meter = new MeterView(counter);
    meter.tick(0);
    assert.equal(meter.getRate(), 0);
    counter.inc(500);
    meter.tick(1000);
    assert.equal(meter.getRate(), 500);
    counter.inc(500);
    meter.tick(2000);
    assert.equal(meter.getRate(), 500);
    // Past the window, old samples fall out: 60 s at 10/s after a burst.
    for (let t = 3000; t <= 70_000; t += 1000) {
      counter.inc(10);
      meter.tick(t);
    }
    assert.ok(Math.abs(meter.getRate() - 10) < 0.5, `rate ${meter.getRate()}`);
    assert.equal(meter.getCount(), 1000 + 68 * 10);
  });

  test('markEvent counts; a meter made by a group ticks with its registry', () => {
    const registry = new MetricRegistry();
    const group = new ComponentMetricGroup({ kind: 'operator', variables: {} }, registry);
    const meter = group.meter('events');
    meter.markEvent(3);
    meter.markEvent();
    assert.equal(meter.getCount(), 4);
    registry.tick(Date.now() + 2000);
    assert.ok(meter.getRate() > 0);
    group.close();
  });
});

describe('SlidingWindowHistogram', () => {
  test('statistics over the last N values, quantiles interpolated', () => {
    const histogram = new SlidingWindowHistogram(5);
    for (const v of [100, 1, 2, 3, 4, 5]) histogram.update(v);
    const stats = histogram.getStatistics();
    assert.equal(histogram.getCount(), 6);
    assert.equal(stats.size, 5);
    assert.equal(stats.min, 1);
    assert.equal(stats.max, 5);
    assert.equal(stats.mean, 3);
    assert.equal(stats.quantile(0.5), 3);
    assert.equal(stats.quantile(0.75), 4);
    assert.ok(Math.abs(stats.stddev - Math.sqrt(2.5)) < 1e-9);
    assert.ok(Number.isNaN(new SlidingWindowHistogram(3).getStatistics().quantile(0.5)));
    assert.throws(() => new SlidingWindowHistogram(0), /at least 1/);
  });
});

describe('MetricGroup', () => {
  test('ids below the component, sub-groups, variables and snapshots', () => {
    const group = new ComponentMetricGroup({ kind: 'operator', variables: { job_id: 'j', subtask_index: '1' } }, new MetricRegistry());
    group.counter('parsed').inc(7);
    group.gauge('queue', () => 3);
    group.gauge('mode', () => 'fast');
    const cache = group.addGroup('cache');
    cache.counter('hits').inc(2);
    const byKey = group.addGroup('shard', '4');
    byKey.gauge('size', () => 9);
    group.histogram('latency', 10).update(5);
    const snapshot = group.snapshot();
    assert.equal(snapshot['parsed'], 7);
    assert.equal(snapshot['queue'], 3);
    assert.equal(snapshot['mode'], 'fast');
    assert.equal(snapshot['cache.hits'], 2);
    assert.equal(snapshot['shard.4.size'], 9);
    assert.equal(snapshot['latency_p99'], 5);
    assert.equal(snapshot['latency_count'], 1);
    assert.equal(cache.getMetricIdentifier('hits'), 'cache.hits');
    assert.deepEqual(byKey.getAllVariables(), { '<job_id>': 'j', '<subtask_index>': '1', '<shard>': '4' });
  });

  test('the same name gives the same metric; another kind under that name is refused', () => {
    const group = new ComponentMetricGroup({ kind: 'task', variables: {} }, undefined);
    const a = group.counter('x');
    assert.equal(group.counter('x'), a);
    assert.throws(() => group.histogram('x'), /already registered as a counter/);
    assert.throws(() => group.counter('has space'), /without spaces/);
  });

  test('a throwing gauge does not break the snapshot', () => {
    const group = new ComponentMetricGroup({ kind: 'task', variables: {} }, undefined);
    group.gauge('bad', () => {
      throw new Error('boom');
    });
    group.counter('good').inc();
    assert.deepEqual(group.snapshot(), { bad: 'error: boom', good: 1 });
  });

  test('the no-op group hands out working metrics that report nowhere', () => {
    const counter = NOOP_METRIC_GROUP.addGroup('a').counter('b');
    counter.inc(2);
    assert.equal(counter.getCount(), 2);
  });
});

describe('TaskMetrics', () => {
  test('busy, idle and backpressured time, counted per wait, including a wait in progress', async () => {
    const registry = new MetricRegistry();
    const identity = { jobId: 'j', jobName: 'n', vertexId: 'v', taskName: 't', subtaskIndex: 0, attemptNumber: 0, attemptId: 'a' };
    const task = new TaskMetrics(identity, 'tm', registry);
    let records = 0;
    task.bindIO({ recordsIn: () => records, recordsOut: () => 2 * records, bytesIn: () => 10, bytesOut: () => 20, inputWatermark: () => 5, outputWatermark: () => 6 });
    task.start();
    task.beginIdle();
    await new Promise((resolve) => setTimeout(resolve, 40));
    task.endWait();
    task.beginBackPressure();
    await new Promise((resolve) => setTimeout(resolve, 40));
    records = 3;
    const during = task.snapshot(false);
    assert.ok((during.metrics['accumulatedBackPressuredTimeMs'] as number) >= 30, JSON.stringify(during.metrics));
    assert.ok((during.metrics['accumulatedIdleTimeMs'] as number) >= 30);
    assert.equal(during.metrics['numRecordsIn'], 3);
    assert.equal(during.metrics['numRecordsOut'], 6);
    assert.equal(during.metrics['currentOutputWatermark'], 6);
    task.close();
    const final = task.snapshot(true);
    const total = (final.metrics['accumulatedBusyTimeMs'] as number) + (final.metrics['accumulatedIdleTimeMs'] as number) + (final.metrics['accumulatedBackPressuredTimeMs'] as number);
    assert.ok(total >= 75 && total < 200, `total ${total}`);
    assert.equal(final.final, true);
  });
});

function subtask(index: number, metrics: Record<string, number>, attemptNumber = 0): SubtaskMetrics {
  return { subtaskIndex: index, attemptNumber, taskManagerId: 'tm', metrics, operators: { Map: { numRecordsOut: metrics['numRecordsOut'] ?? 0 } } };
}

describe('REST metric bodies', () => {
  test('lists ids without get; values as strings with get; unknown ids left out', () => {
    const values = { b: 2, a: 'x' };
    assert.deepEqual(metricCollection(values, undefined), [{ id: 'a' }, { id: 'b' }]);
    assert.deepEqual(metricCollection(values, ['b', 'zzz']), [{ id: 'b', value: '2' }]);
  });

  test('vertex ids are prefixed by subtask, operator metrics by operator', () => {
    const ids = Object.keys(vertexValues([subtask(0, { numRecordsIn: 1 }), subtask(1, { numRecordsIn: 2 })]));
    assert.deepEqual(ids.sort(), ['0.Map.numRecordsOut', '0.numRecordsIn', '1.Map.numRecordsOut', '1.numRecordsIn']);
  });

  test('aggregations over subtasks, and the parameters that choose them', () => {
    const rows = [{ n: 1 }, { n: 3 }, { n: 'text' }];
    assert.deepEqual(aggregateMetrics(rows, ['n'], parseAggregations(undefined)), [{ id: 'n', min: 1, max: 3, avg: 2, sum: 4 }]);
    assert.deepEqual(aggregateMetrics(rows, ['n'], parseAggregations('SUM,max')), [{ id: 'n', sum: 4, max: 3 }]);
    assert.deepEqual(aggregateMetrics(rows, undefined, ['sum']), [{ id: 'n' }]);
    assert.throws(() => parseAggregations('median'), /min, max, avg and sum/);
    assert.deepEqual([...(parseSubtaskRanges('0,2-4') ?? [])], [0, 2, 3, 4]);
    assert.throws(() => parseSubtaskRanges('a-b'), /indices and ranges/);
  });

  test("a vertex's I/O block sums its subtasks; complete once all reported", () => {
    const io = vertexIOMetrics([subtask(0, { numRecordsIn: 4, numBytesOut: 10, accumulatedBusyTimeMs: 7 }), subtask(1, { numRecordsIn: 6 })], 3);
    assert.equal(io['read-records'], 10);
    assert.equal(io['write-bytes'], 10);
    assert.equal(io['accumulated-busy-time'], 7);
    assert.equal(io['read-records-complete'], false);
    assert.equal(vertexIOMetrics([subtask(0, {})], 1)['read-records-complete'], true);
  });

  test("backpressure levels follow Flink's thresholds, the vertex takes its worst subtask", () => {
    assert.equal(backPressureLevel(0.1), 'ok');
    assert.equal(backPressureLevel(0.11), 'low');
    assert.equal(backPressureLevel(0.5), 'low');
    assert.equal(backPressureLevel(0.51), 'high');
    const info = vertexBackPressure([
      subtask(0, { backPressuredTimeMsPerSecond: 50, idleTimeMsPerSecond: 900, busyTimeMsPerSecond: 50 }),
      subtask(1, { backPressuredTimeMsPerSecond: 800, idleTimeMsPerSecond: 0, busyTimeMsPerSecond: 200 }),
    ]);
    assert.ok(info.status === 'ok');
    assert.equal(info.backpressureLevel, 'high');
    assert.deepEqual(info.subtasks[0], { subtask: 0, 'attempt-number': 0, backpressureLevel: 'ok', ratio: 0.05, idleRatio: 0.9, busyRatio: 0.05 });
    assert.deepEqual(vertexBackPressure([]), { status: 'deprecated' });
  });

  test("the store keeps a subtask's newest attempt, whatever order reports come in", () => {
    const store = new MetricStore();
    const task = (attemptNumber: number, count: number) => ({
      jobId: 'j', jobName: 'n', vertexId: 'v', taskName: 't', subtaskIndex: 0, attemptNumber, attemptId: `a${attemptNumber}`,
      metrics: { numRecordsIn: count }, operators: {}, final: false,
    });
    store.update([{ taskManagerId: 'tm', metrics: {}, tasks: [task(1, 5)] }]);
    store.update([{ taskManagerId: 'tm', metrics: {}, tasks: [task(0, 99)] }]);
    assert.equal(store.subtasks('j', 'v')[0]?.metrics['numRecordsIn'], 5);
    assert.equal(store.taskManager('tm') !== undefined, true);
    store.update([]);
    assert.equal(store.taskManager('tm'), undefined);
    assert.equal(store.subtasks('j', 'v').length, 1, 'a job keeps its totals after its TaskManager went');
  });
});

describe('job metrics', () => {
  test('uptime, restarts and checkpoint counts from the details and checkpoint statistics', () => {
    const details = {
      state: 'RUNNING',
      timestamps: { RUNNING: 1000 },
      vertices: [{ subtasks: [{ attempt: 0 }, { attempt: 2 }] }],
    } as unknown as JobDetailsInfo;
    const completed = { id: 3, triggerTimestamp: 100, completedAt: 160, stateSize: 42 };
    const values = jobMetricValues(details, {
      completed: [completed],
      history: [{ id: 2 }, completed, { id: 4 }],
      pendingCount: 1,
      failedTotal: 1,
      restoredFrom: undefined,
    } as never, 5000);
    assert.equal(values['uptime'], 4000);
    assert.equal(values['numRestarts'], 2);
    assert.equal(values['totalNumberOfCheckpoints'], 4);
    assert.equal(values['numberOfCompletedCheckpoints'], 2);
    assert.equal(values['lastCheckpointDuration'], 60);
    assert.equal(values['lastCheckpointSize'], 42);
    assert.equal(jobMetricValues({ ...details, state: 'FINISHED' } as JobDetailsInfo, undefined)['uptime'], -1);
  });
});

describe('Prometheus exposition', () => {
  test("Flink's names, labels escaped, strings left out, one TYPE per family", () => {
    const text = renderPrometheus([
      { scope: { kind: 'task', variables: { job_name: 'say "hi"\\', subtask_index: '0' } }, values: { numRecordsIn: 5, mode: 'x' } },
      { scope: { kind: 'task', variables: { job_name: 'b', subtask_index: '1' } }, values: { numRecordsIn: NaN } },
      { scope: { kind: 'taskmanager', variables: {} }, values: { 'Status.JVM.Memory.Heap.Used': 1024 } },
    ]);
    assert.match(text, /^# TYPE flink_taskmanager_job_task_numRecordsIn gauge$/m);
    assert.match(text, /^flink_taskmanager_job_task_numRecordsIn\{job_name="say \\"hi\\"\\\\",subtask_index="0"\} 5$/m);
    assert.match(text, /^flink_taskmanager_job_task_numRecordsIn\{job_name="b",subtask_index="1"\} NaN$/m);
    assert.match(text, /^flink_taskmanager_Status_JVM_Memory_Heap_Used 1024$/m);
    assert.doesNotMatch(text, /mode/);
    assert.equal(text.match(/# TYPE flink_taskmanager_job_task_numRecordsIn/g)?.length, 1);
  });

  test('port ranges', () => {
    assert.deepEqual(parsePortRange('9250-9252'), [9250, 9251, 9252]);
    assert.deepEqual(parsePortRange('0'), [0]);
    assert.throws(() => parsePortRange('9252-9250'), /port or a range/);
    assert.throws(() => parsePortRange('http'), /port or a range/);
  });
});
