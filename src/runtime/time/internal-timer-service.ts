/**
 * Timers of one keyed operator (Flink's InternalTimerService). Each timer is a (key,
 * namespace, time) triple kept in keyed state, so timers are part of checkpoints, move with
 * their key group on rescale and fire after a restore; a min-heap over all of them gives the
 * firing order. Event-time timers fire when the watermark passes them, processing-time
 * timers when the clock does.
 */
import { MapStateDescriptor } from '../../api/state/state-descriptors.js';
import type { MapState } from '../../api/state/state.js';
import type { KeyedStateBackend } from '../state/state-backend.js';

export type TimerDomain = 'EVENT_TIME' | 'PROCESSING_TIME';

export interface Timer {
  readonly key: unknown;
  readonly namespace: string;
  readonly timestamp: number;
}

/** Called with the timer's key already set as the backend's current key. */
export type TimerCallback = (timer: Timer, domain: TimerDomain) => void;

interface HeapEntry extends Timer {
  readonly id: string;
}

class TimerHeap {
  private readonly items: HeapEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): HeapEntry | undefined {
    return this.items[0];
  }

  push(entry: HeapEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as HeapEntry).timestamp <= entry.timestamp) break;
      items[i] = items[parent] as HeapEntry;
      i = parent;
    }
    items[i] = entry;
  }

  pop(): HeapEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right] as HeapEntry).timestamp < (items[left] as HeapEntry).timestamp ? right : left;
      if ((items[child] as HeapEntry).timestamp >= last.timestamp) break;
      items[i] = items[child] as HeapEntry;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

/** Timer ids by namespace and time: windows register the same timers for every element they take. */
const timerIds = new Map<string, Map<number, string>>();

function timerId(namespace: string, timestamp: number): string {
  let byTime = timerIds.get(namespace);
  if (byTime === undefined) {
    if (timerIds.size > 100_000) timerIds.clear();
    byTime = new Map();
    timerIds.set(namespace, byTime);
  }
  let id = byTime.get(timestamp);
  if (id === undefined) {
    id = `${timestamp}|${namespace}`;
    byTime.set(timestamp, id);
  }
  return id;
}

export class InternalTimerService {
  private readonly eventTimers: MapState<string, readonly [string, number]>;
  private readonly processingTimers: MapState<string, readonly [string, number]>;
  private readonly eventHeap = new TimerHeap();
  private readonly processingHeap = new TimerHeap();
  private watermark = Number.MIN_SAFE_INTEGER;
  private wakeUp: NodeJS.Timeout | undefined;
  private wakeUpAt = Number.POSITIVE_INFINITY;

  constructor(
    name: string,
    private readonly backend: KeyedStateBackend,
    private readonly onTimer: TimerCallback,
    /** Runs a processing-time firing on the task's thread, between records. */
    private readonly scheduleOnTask: (action: () => void) => void,
  ) {
    this.eventTimers = backend.getMapState(new MapStateDescriptor<string, readonly [string, number]>(`_timers-event-${name}`));
    this.processingTimers = backend.getMapState(new MapStateDescriptor<string, readonly [string, number]>(`_timers-processing-${name}`));
    this.rebuildHeaps(`_timers-event-${name}`, this.eventTimers, this.eventHeap);
    this.rebuildHeaps(`_timers-processing-${name}`, this.processingTimers, this.processingHeap);
    this.scheduleWakeUp();
  }

  currentWatermark(): number {
    return this.watermark;
  }

  currentProcessingTime(): number {
    return Date.now();
  }

  registerEventTimeTimer(namespace: string, timestamp: number): void {
    this.register(this.eventTimers, this.eventHeap, namespace, timestamp);
  }

  registerProcessingTimeTimer(namespace: string, timestamp: number): void {
    this.register(this.processingTimers, this.processingHeap, namespace, timestamp);
    this.scheduleWakeUp();
  }

  deleteEventTimeTimer(namespace: string, timestamp: number): void {
    this.eventTimers.remove(timerId(namespace, timestamp));
  }

  deleteProcessingTimeTimer(namespace: string, timestamp: number): void {
    this.processingTimers.remove(timerId(namespace, timestamp));
  }

  /** Fires, in time order, every event-time timer at or before `watermark`. */
  advanceWatermark(watermark: number): void {
    this.watermark = watermark;
    this.fire(this.eventHeap, this.eventTimers, watermark, 'EVENT_TIME');
  }

  dispose(): void {
    if (this.wakeUp !== undefined) clearTimeout(this.wakeUp);
    this.wakeUp = undefined;
  }

  private register(state: MapState<string, readonly [string, number]>, heap: TimerHeap, namespace: string, timestamp: number): void {
    const id = timerId(namespace, timestamp);
    if (state.contains(id)) return;
    state.put(id, [namespace, timestamp]);
    heap.push({ id, key: this.backend.getCurrentKey(), namespace, timestamp });
  }

  private fire(heap: TimerHeap, state: MapState<string, readonly [string, number]>, upTo: number, domain: TimerDomain): void {
    for (let next = heap.peek(); next !== undefined && next.timestamp <= upTo; next = heap.peek()) {
      heap.pop();
      this.backend.setCurrentKey(next.key);
      // Deleted timers stay in the heap; the state says whether this one is still wanted.
      if (!state.contains(next.id)) continue;
      state.remove(next.id);
      this.onTimer(next, domain);
    }
  }

  private rebuildHeaps(stateName: string, state: MapState<string, readonly [string, number]>, heap: TimerHeap): void {
    for (const key of this.backend.keys(stateName)) {
      this.backend.setCurrentKey(key);
      for (const [id, [namespace, timestamp]] of state.entries()) heap.push({ id, key, namespace, timestamp });
    }
  }

  private scheduleWakeUp(): void {
    const next = this.processingHeap.peek();
    if (next === undefined || next.timestamp >= this.wakeUpAt) return;
    if (this.wakeUp !== undefined) clearTimeout(this.wakeUp);
    this.wakeUpAt = next.timestamp;
    this.wakeUp = setTimeout(() => {
      this.wakeUp = undefined;
      this.wakeUpAt = Number.POSITIVE_INFINITY;
      this.scheduleOnTask(() => {
        this.fire(this.processingHeap, this.processingTimers, Date.now(), 'PROCESSING_TIME');
        this.scheduleWakeUp();
      });
    }, Math.max(0, next.timestamp - Date.now()));
  }
}

/**
 * The TimerService a keyed user function sees: its timers live in the default namespace
 * of the operator's InternalTimerService.
 */
export class KeyedUserTimerService {
  constructor(private readonly timers: InternalTimerService) {}

  currentProcessingTime(): number {
    return Date.now();
  }

  currentWatermark(): number {
    return this.timers.currentWatermark();
  }

  registerEventTimeTimer(time: number): void {
    this.timers.registerEventTimeTimer('', time);
  }

  registerProcessingTimeTimer(time: number): void {
    this.timers.registerProcessingTimeTimer('', time);
  }

  deleteEventTimeTimer(time: number): void {
    this.timers.deleteEventTimeTimer('', time);
  }

  deleteProcessingTimeTimer(time: number): void {
    this.timers.deleteProcessingTimeTimer('', time);
  }
}
