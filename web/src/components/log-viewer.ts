/**
 * Flink's log routes for one process (`<base>/logs`, `<base>/log`, `<base>/logs/<name>`):
 * a list of files and the chosen one in a <pre>. A log can be large, so only its tail is
 * put in the page; the raw link has all of it.
 */
import { h, type ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getOptional, getText } from '../api/client.js';
import type { LogList } from '../api/flink-types.js';
import { formatBytes, formatDate } from '../format.js';
import { usePoll } from '../hooks/use-poll.js';
import { Card, Notice, PollError } from './ui.js';

const TAIL_CHARS = 512 * 1024;
const MAIN_LOG = '';

/** `taskmanagers/<id>/log` → `taskmanagers/:taskmanagerid/log`: the route, not one instance of it. */
function routePattern(path: string): string {
  return path.replace(/^taskmanagers\/[^/]+/, 'taskmanagers/:taskmanagerid');
}

function logPath(base: string, name: string): string {
  return name === MAIN_LOG ? `${base}/log` : `${base}/logs/${encodeURIComponent(name)}`;
}

export function LogViewer({ base, title }: { readonly base: string; readonly title: string }): ComponentChild {
  const [selected, setSelected] = useState(MAIN_LOG);
  // Structured (JSON) log lines are long: wrapped they can be read without scrolling sideways.
  const [wrap, setWrap] = useState(true);
  const list = usePoll((signal) => getOptional<LogList>(`${base}/logs`, signal), 10_000, [base]);
  const content = usePoll((signal) => getText(logPath(base, selected), signal), 0, [base, selected]);
  const pre = useRef<HTMLPreElement>(null);
  const text = content.data;

  useEffect(() => {
    // A log is read from its end: show the newest lines first.
    if (pre.current !== null) pre.current.scrollTop = pre.current.scrollHeight;
  }, [text]);

  const files = list.data?.logs ?? [];
  const shown = text !== undefined && text.length > TAIL_CHARS ? text.slice(text.length - TAIL_CHARS) : text;
  return h(
    'div',
    { class: 'logs' },
    h(
      Card,
      { title: 'Log files', class: 'log-files' },
      list.data === undefined && !list.loading
        ? h(Notice, { kind: 'missing' }, 'This cluster does not list log files (', h('code', null, `GET /${routePattern(base)}/logs`), ').')
        : h(
            'ul',
            { class: 'file-list' },
            h('li', { class: selected === MAIN_LOG ? 'active' : '' }, h('button', { type: 'button', onClick: () => setSelected(MAIN_LOG) }, 'Main log')),
            files.map((file) =>
              h(
                'li',
                { key: file.name, class: selected === file.name ? 'active' : '' },
                h('button', { type: 'button', title: file.name, onClick: () => setSelected(file.name) }, file.name),
                h('span', { class: 'muted small' }, `${formatBytes(file.size)} · ${formatDate(file.mtime)}`),
              ),
            ),
          ),
    ),
    h(
      Card,
      {
        title: selected === MAIN_LOG ? title : selected,
        class: 'log-content',
        actions: [
          h('label', { class: 'check small' }, h('input', { type: 'checkbox', checked: wrap, onChange: (e: Event) => setWrap((e.currentTarget as HTMLInputElement).checked) }), ' Wrap lines'),
          h('button', { type: 'button', class: 'btn', onClick: content.refresh }, 'Reload'),
          h('a', { class: 'btn', href: logPath(base, selected), target: '_blank', rel: 'noopener' }, 'Raw'),
        ],
      },
      h(PollError, { error: content.error }),
      content.loading && text === undefined
        ? h(Notice, { kind: 'info' }, 'Loading…')
        : text === undefined
          ? h(Notice, { kind: 'missing' }, 'This cluster does not serve this log (', h('code', null, `GET /${routePattern(logPath(base, selected))}`), ').')
          : [
              shown !== text ? h('div', { class: 'muted small' }, `Showing the last ${formatBytes(TAIL_CHARS)} of ${formatBytes(text.length)}; Raw has the whole file.`) : null,
              h('pre', { class: wrap ? 'log wrap' : 'log', ref: pre }, shown === '' ? '(empty)' : shown),
            ],
    ),
  );
}
