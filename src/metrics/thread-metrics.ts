/**
 * Heap, event loop and CPU of one thread, sampled on the registry's tick. The heap ids
 * keep Flink's `Status.JVM.Memory.Heap.*` names, which dashboards written for Flink read;
 * the values are V8's heap of this thread. The event loop ids are Node's own.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { Tickable } from './meter-view.js';
import type { MetricGroup } from './metric-group.js';

const NS_PER_MS = 1e6;

export class ThreadMetrics implements Tickable {
  private readonly delay: IntervalHistogram;
  private utilization: EventLoopUtilization;
  private lastUtilization = 0;
  private delayMean = 0;
  private delayMax = 0;
  private delayP99 = 0;
  private cpuLoad = 0;
  private lastCpu = process.cpuUsage();
  private lastCpuAt = performance.now();

  /** @param processWide also registers what only the process as a whole has: RSS and CPU. */
  constructor(group: MetricGroup, processWide: boolean) {
    this.delay = monitorEventLoopDelay({ resolution: 10 });
    this.delay.enable();
    this.utilization = performance.eventLoopUtilization();
    group.gauge('Status.JVM.Memory.Heap.Used', () => getHeapStatistics().used_heap_size);
    group.gauge('Status.JVM.Memory.Heap.Committed', () => getHeapStatistics().total_heap_size);
    group.gauge('Status.JVM.Memory.Heap.Max', () => getHeapStatistics().heap_size_limit);
    group.gauge('Status.Node.EventLoop.Utilization', () => this.lastUtilization);
    group.gauge('Status.Node.EventLoop.Delay.Mean', () => this.delayMean);
    group.gauge('Status.Node.EventLoop.Delay.Max', () => this.delayMax);
    group.gauge('Status.Node.EventLoop.Delay.P99', () => this.delayP99);
    if (processWide) {
      group.gauge('Status.Node.Memory.RSS', () => process.memoryUsage.rss());
      group.gauge('Status.JVM.CPU.Load', () => this.cpuLoad);
      group.gauge('Status.JVM.CPU.Time', () => {
        const cpu = process.cpuUsage();
        return (cpu.user + cpu.system) / 1000;
      });
    }
  }

  tick(): void {
    const now = performance.eventLoopUtilization();
    this.lastUtilization = performance.eventLoopUtilization(now, this.utilization).utilization;
    this.utilization = now;
    // Each tick reports the delay over the last interval, not since the thread started.
    const delay = this.delay;
    if (delay.count > 0) {
      this.delayMean = delay.mean / NS_PER_MS;
      this.delayMax = delay.max / NS_PER_MS;
      this.delayP99 = delay.percentile(99) / NS_PER_MS;
    }
    delay.reset();
    const cpu = process.cpuUsage(this.lastCpu);
    const at = performance.now();
    const elapsedUs = (at - this.lastCpuAt) * 1000;
    this.cpuLoad = elapsedUs <= 0 ? 0 : (cpu.user + cpu.system) / elapsedUs;
    this.lastCpu = process.cpuUsage();
    this.lastCpuAt = at;
  }

  close(): void {
    this.delay.disable();
  }
}
