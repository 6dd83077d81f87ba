/** Small building blocks every page uses: cards, notices and key/value tables. */
import { h, type ComponentChildren, type ComponentChild } from 'preact';
import { DASH } from '../format.js';

export function Card({ title, actions, children, class: extra }: { readonly title?: string; readonly actions?: ComponentChildren; readonly children?: ComponentChildren; readonly class?: string }): ComponentChild {
  return h(
    'section',
    { class: `card ${extra ?? ''}` },
    title !== undefined || actions !== undefined ? h('header', { class: 'card-head' }, h('h2', null, title), h('div', { class: 'card-actions' }, actions)) : null,
    h('div', { class: 'card-body' }, children),
  );
}

export function Stat({ label, value, tone }: { readonly label: string; readonly value: string; readonly tone?: string }): ComponentChild {
  return h('div', { class: `stat ${tone ?? ''}` }, h('div', { class: 'stat-value num' }, value), h('div', { class: 'stat-label' }, label));
}

/** Why a page or panel shows nothing: loading, an error, or a route this cluster lacks. */
export function Notice({ kind, children }: { readonly kind: 'info' | 'error' | 'missing'; readonly children?: ComponentChildren }): ComponentChild {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, children);
}

export function PollError({ error }: { readonly error: string | undefined }): ComponentChild {
  return error === undefined ? null : h(Notice, { kind: 'error' }, error);
}

export type Row = readonly [label: string, value: ComponentChildren];

export function KeyValueTable({ rows }: { readonly rows: readonly Row[] }): ComponentChild {
  return h(
    'table',
    { class: 'kv' },
    h(
      'tbody',
      null,
      rows.map(([label, value]) => h('tr', { key: label }, h('th', { scope: 'row' }, label), h('td', null, value ?? DASH))),
    ),
  );
}

export function EmptyRow({ columns, text }: { readonly columns: number; readonly text: string }): ComponentChild {
  return h('tr', { class: 'empty' }, h('td', { colSpan: columns }, text));
}

/** A long name in a cell: cut with an ellipsis by CSS, whole in the tooltip. */
export function Clip({ text, href }: { readonly text: string; readonly href?: string }): ComponentChild {
  return href === undefined ? h('span', { class: 'clip', title: text }, text) : h('a', { class: 'clip', title: text, href }, text);
}
