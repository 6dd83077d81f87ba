/**
 * The metric registry of one thread (a process's main thread or a slot's worker): it
 * owns the periodic tick that moves every meter's window. Meters registered on it are
 * sampled there, so marking an event stays a field write.
 */
import type { Tickable } from './meter-view.js';
import type { TickRegistry } from './metric-group.js';

/** How often meters are sampled and slots report: Flink samples every 5 s; a shorter tick shows changes sooner at no real cost. */
export const DEFAULT_TICK_MS = 1000;

export class MetricRegistry implements TickRegistry {
  private readonly tickables = new Set<Tickable>();
  private timer: NodeJS.Timeout | undefined;

  addTickable(tickable: Tickable): void {
    this.tickables.add(tickable);
    tickable.tick(Date.now());
  }

  removeTickable(tickable: Tickable): void {
    this.tickables.delete(tickable);
  }

  tick(nowMs = Date.now()): void {
    for (const tickable of this.tickables) tickable.tick(nowMs);
  }

  /** Ticks every `intervalMs`, then calls `afterTick`; the timer never keeps the thread alive. */
  start(intervalMs: number, afterTick?: () => void): void {
    this.stop();
    this.timer = setInterval(() => {
      this.tick();
      afterTick?.();
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
