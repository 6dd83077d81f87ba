/**
 * Windows: the finite slices of a stream that window functions see (Flink's Window,
 * TimeWindow, GlobalWindow). A window names its state and timers by a string id, so it
 * must be rebuildable from that id: that is what a WindowSerializer does.
 */

/** The last instant of event time; equals the watermark that ends a bounded input. */
export const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

export abstract class Window {
  /** The largest timestamp that still belongs to the window; results carry it as their timestamp. */
  abstract maxTimestamp(): number;
}

/** Turns windows into ids (state namespaces, timer namespaces) and back. */
export interface WindowSerializer<W extends Window> {
  id(window: W): string;
  parse(id: string): W;
}

/** The interval `[start, end)` of time, in milliseconds. */
export class TimeWindow extends Window {
  static readonly SERIALIZER: WindowSerializer<TimeWindow> = {
    id: (window) => window.id,
    parse: (id) => {
      const colon = id.indexOf(':', 1);
      return new TimeWindow(Number(id.slice(0, colon)), Number(id.slice(colon + 1)));
    },
  };

  #id: string | undefined;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    super();
  }

  /** The window's state and timer namespace, built once: it is asked for several times per element. */
  get id(): string {
    this.#id ??= `${this.start}:${this.end}`;
    return this.#id;
  }

  maxTimestamp(): number {
    return this.end - 1;
  }

  /** True when the windows overlap or touch: session windows that touch merge. */
  intersects(other: TimeWindow): boolean {
    return this.start <= other.end && this.end >= other.start;
  }

  cover(other: TimeWindow): TimeWindow {
    return new TimeWindow(Math.min(this.start, other.start), Math.max(this.end, other.end));
  }

  equals(other: unknown): boolean {
    return other instanceof TimeWindow && other.start === this.start && other.end === this.end;
  }

  override toString(): string {
    return `TimeWindow{start=${this.start}, end=${this.end}}`;
  }

  /**
   * The start of the window of `size` (shifted by `offset`) that holds `timestamp`. Flink's
   * newer remainder form: the older `timestamp - (timestamp - offset + size) % size` is
   * wrong for timestamps below `offset - size`, since `%` keeps the dividend's sign.
   */
  static getWindowStartWithOffset(timestamp: number, offset: number, size: number): number {
    const remainder = (timestamp - offset) % size;
    return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder;
  }

  /**
   * Merges overlapping windows, as session assigners do: sorted by start, each run of
   * intersecting windows becomes their cover; `callback` hears of every run of two or more.
   */
  static mergeWindows(windows: readonly TimeWindow[], callback: MergeCallback<TimeWindow>): void {
    const sorted = [...windows].sort((a, b) => a.start - b.start);
    let cover: TimeWindow | undefined;
    let members = new Map<string, TimeWindow>();
    const flush = (): void => {
      if (cover !== undefined && members.size > 1) callback([...members.values()], cover);
    };
    for (const candidate of sorted) {
      if (cover !== undefined && cover.intersects(candidate)) {
        cover = cover.cover(candidate);
      } else {
        flush();
        cover = candidate;
        members = new Map();
      }
      members.set(TimeWindow.SERIALIZER.id(candidate), candidate);
    }
    flush();
  }
}

/** Hears that `toBeMerged` (two or more windows) become `mergeResult`. */
export type MergeCallback<W extends Window> = (toBeMerged: W[], mergeResult: W) => void;

/** The one window of GlobalWindows: all of a key's elements, forever. */
export class GlobalWindow extends Window {
  private static readonly INSTANCE = new GlobalWindow();

  static readonly SERIALIZER: WindowSerializer<GlobalWindow> = {
    id: () => 'global',
    parse: () => GlobalWindow.INSTANCE,
  };

  private constructor() {
    super();
  }

  static get(): GlobalWindow {
    return GlobalWindow.INSTANCE;
  }

  maxTimestamp(): number {
    return MAX_TIMESTAMP;
  }

  override toString(): string {
    return 'GlobalWindow';
  }
}
