/** Tabs are links, so every tab has a URL that can be shared and reloaded. */
import { h, type ComponentChild } from 'preact';

export interface TabLink {
  readonly id: string;
  readonly label: string;
  readonly href: string;
}

export function Tabs({ tabs, active }: { readonly tabs: readonly TabLink[]; readonly active: string }): ComponentChild {
  return h(
    'nav',
    { class: 'tabs', role: 'tablist' },
    tabs.map((tab) =>
      h('a', { key: tab.id, href: tab.href, role: 'tab', class: tab.id === active ? 'tab active' : 'tab', 'aria-selected': tab.id === active }, tab.label),
    ),
  );
}
