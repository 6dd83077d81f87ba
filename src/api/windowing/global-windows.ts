/**
 * One window per key that never ends (Flink's GlobalWindows). Its default trigger never
 * fires, so it needs a trigger of the user's: `countWindow(n)` is GlobalWindows with a
 * purging CountTrigger.
 */
import type { Trigger } from './trigger.js';
import { NeverTrigger } from './triggers.js';
import { WindowAssigner, type WindowAssignerContext } from './window-assigner.js';
import { GlobalWindow, type WindowSerializer } from './windows.js';

export class GlobalWindows extends WindowAssigner<unknown, GlobalWindow> {
  private static readonly INSTANCE = new GlobalWindows();

  private constructor() {
    super();
  }

  static create(): GlobalWindows {
    return GlobalWindows.INSTANCE;
  }

  assignWindows(_element?: unknown, _timestamp?: number, _context?: WindowAssignerContext): GlobalWindow[] {
    return [GlobalWindow.get()];
  }

  getDefaultTrigger(): Trigger<unknown, GlobalWindow> {
    return NeverTrigger.create();
  }

  getWindowSerializer(): WindowSerializer<GlobalWindow> {
    return GlobalWindow.SERIALIZER;
  }

  isEventTime(): boolean {
    return false;
  }
}
