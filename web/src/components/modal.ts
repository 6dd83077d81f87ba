/** A dialog over the page for actions that end a job: they deserve a second look. */
import { h, type ComponentChildren, type ComponentChild } from 'preact';
import { useEffect } from 'preact/hooks';

export function Modal({ title, onClose, children }: { readonly title: string; readonly onClose: () => void; readonly children?: ComponentChildren }): ComponentChild {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return h(
    'div',
    { class: 'modal-backdrop', onClick: (event: MouseEvent) => event.target === event.currentTarget && onClose() },
    h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-label': title }, h('h2', null, title), children),
  );
}
