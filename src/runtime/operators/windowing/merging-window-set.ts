/**
 * The session windows of one key (Flink's MergingWindowSet). Each window in flight maps to
 * its state window: the window whose id namespaces the merged contents. When windows
 * merge, the result keeps the state window of one of them and the others' contents are
 * folded into it, so merging moves state once per merge, not per element. The mapping
 * lives in keyed state (a MapState of window id to state window id).
 */
import type { MergingWindowAssigner } from '../../../api/windowing/window-assigner.js';
import type { Window, WindowSerializer } from '../../../api/windowing/windows.js';
import type { MapState } from '../../../api/state/state.js';

/**
 * Called for each merge: `mergedWindows` become `mergeResult`, whose contents live under
 * `stateWindowResult`; the contents of `mergedStateWindows` must be folded into it.
 */
export type MergeFunction<W extends Window> = (
  mergeResult: W,
  mergedWindows: readonly W[],
  stateWindowResult: string,
  mergedStateWindows: readonly string[],
) => void;

export class MergingWindowSet<W extends Window> {
  private readonly mapping: Map<string, string>;
  private changed = false;

  constructor(
    private readonly assigner: MergingWindowAssigner<unknown, W>,
    private readonly serializer: WindowSerializer<W>,
    private readonly state: MapState<string, string>,
  ) {
    this.mapping = new Map(state.entries());
  }

  /** The id whose namespace holds the window's contents; undefined for a window no longer in flight. */
  getStateWindow(window: W): string | undefined {
    return this.mapping.get(this.serializer.id(window));
  }

  retireWindow(window: W): void {
    const id = this.serializer.id(window);
    if (!this.mapping.delete(id)) throw new Error(`window ${id} is not in flight`);
    this.changed = true;
  }

  /**
   * Adds a new element's window, merging it with the windows in flight as the assigner
   * says; returns the window the element now belongs to.
   */
  addWindow(newWindow: W, merge: MergeFunction<W>): W {
    const newId = this.serializer.id(newWindow);
    // Flink's version would map an equal window to itself again, losing its state window.
    if (this.mapping.has(newId)) return newWindow;

    const windows = [...this.mapping.keys()].map((id) => this.serializer.parse(id));
    windows.push(newWindow);
    const merges: [W, W[]][] = [];
    this.assigner.mergeWindows(windows, (toBeMerged, mergeResult) => merges.push([mergeResult, toBeMerged]));

    let resultWindow = newWindow;
    let mergedNewWindow = false;
    for (const [mergeResult, toBeMerged] of merges) {
      const resultId = this.serializer.id(mergeResult);
      const mergedWindows = toBeMerged.filter((w) => this.serializer.id(w) !== newId);
      if (mergedWindows.length < toBeMerged.length) {
        mergedNewWindow = true;
        resultWindow = mergeResult;
      }
      const first = mergedWindows[0];
      if (first === undefined) continue;
      // The merge result keeps the first merged window's state window; the rest fold into it.
      const stateWindowResult = this.mapping.get(this.serializer.id(first)) as string;
      const mergedStateWindows: string[] = [];
      for (const window of mergedWindows) {
        const id = this.serializer.id(window);
        const stateWindow = this.mapping.get(id);
        if (stateWindow === undefined) continue;
        this.mapping.delete(id);
        if (stateWindow !== stateWindowResult) mergedStateWindows.push(stateWindow);
      }
      this.mapping.set(resultId, stateWindowResult);
      this.changed = true;
      // The new window inside one window in flight changes nothing but the mapping.
      const onlyItself = mergedWindows.length === 1 && this.serializer.id(first) === resultId;
      if (!onlyItself) merge(mergeResult, mergedWindows, stateWindowResult, mergedStateWindows);
    }
    if (merges.length === 0 || (this.serializer.id(resultWindow) === newId && !mergedNewWindow)) {
      this.mapping.set(newId, newId);
      this.changed = true;
    }
    return resultWindow;
  }

  /** Writes the mapping back to keyed state if it changed. */
  persist(): void {
    if (!this.changed) return;
    this.state.clear();
    this.state.putAll(this.mapping);
    this.changed = false;
  }
}
