import { el } from '../dom';

/** A modal yes/no question; resolves true only for the confirm button. Focus returns to the opener. */
export function confirmDialog(title: string, text: string, confirmLabel: string): Promise<boolean> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  const confirm = el('button', { className: 'primary', attrs: { type: 'submit', value: 'confirm' } }, [
    confirmLabel,
  ]);
  const cancel = el(
    'button',
    { className: 'secondary', attrs: { type: 'submit', value: 'cancel', formnovalidate: true } },
    ['Cancel'],
  );
  const dialog = el(
    'dialog',
    { className: 'dialog', attrs: { 'aria-labelledby': 'dialog-title', 'aria-describedby': 'dialog-text' } },
    [
      el('form', { attrs: { method: 'dialog' } }, [
        el('h2', { attrs: { id: 'dialog-title' } }, [title]),
        el('p', { attrs: { id: 'dialog-text' } }, [text]),
        el('div', { className: 'button-row' }, [confirm, cancel]),
      ]),
    ],
  );
  document.body.appendChild(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
      opener?.focus();
    });
    dialog.showModal();
    cancel.focus();
  });
}
