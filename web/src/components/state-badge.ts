/** A job, task or checkpoint state as a coloured badge; the colours are Flink's. */
import { h, type ComponentChild } from 'preact';

export function StateBadge({ state }: { readonly state: string | undefined }): ComponentChild {
  if (state === undefined) return h('span', { class: 'badge' }, '—');
  return h('span', { class: `badge state-${state.toUpperCase()}`, 'data-state': state }, state);
}

/** Backpressure levels as Flink names them: ok, low, high. */
export function LevelBadge({ level }: { readonly level: string | undefined }): ComponentChild {
  if (level === undefined) return h('span', { class: 'badge' }, '—');
  return h('span', { class: `badge level-${level.toLowerCase()}`, 'data-level': level }, level);
}
