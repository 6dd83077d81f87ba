/** Configuration as key/value rows, with a filter for the long cluster list. */
import { h, type ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import type { ConfigEntry } from '../api/flink-types.js';
import { EmptyRow } from '../components/ui.js';

export function ConfigTable({ entries, filterable = false }: { readonly entries: readonly ConfigEntry[]; readonly filterable?: boolean }): ComponentChild {
  const [filter, setFilter] = useState('');
  const needle = filter.toLowerCase();
  const shown = entries.filter((e) => e.key.toLowerCase().includes(needle) || e.value.toLowerCase().includes(needle));
  return h(
    'div',
    null,
    filterable ? h('input', { class: 'filter', type: 'search', placeholder: `Filter ${entries.length} keys`, value: filter, onInput: (e: Event) => setFilter((e.currentTarget as HTMLInputElement).value) }) : null,
    h(
      'table',
      { class: 'grid config' },
      h('thead', null, h('tr', null, h('th', null, 'Key'), h('th', null, 'Value'))),
      h('tbody', null, shown.length === 0 ? h(EmptyRow, { columns: 2, text: 'No keys match' }) : shown.map((e) => h('tr', { key: e.key }, h('td', { class: 'mono key' }, e.key), h('td', { class: 'mono value' }, e.value)))),
    ),
  );
}
