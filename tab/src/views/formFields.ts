import { el, uniqueId, type Child } from '../dom';

/** A labelled control, with an optional hint tied to it by aria-describedby. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLDivElement {
  control.id ||= uniqueId('field');
  const hintElement = hint
    ? el('p', { className: 'muted field__hint', attrs: { id: `${control.id}-hint` } }, [hint])
    : null;
  if (hintElement) control.setAttribute('aria-describedby', hintElement.id);
  return el('div', { className: 'field' }, [
    el('label', { attrs: { for: control.id } }, [label]),
    control,
    hintElement,
  ]);
}

/** Radio buttons in a fieldset with a legend; `extra` holds what depends on the choice. */
export function radioGroup<V extends string>(
  name: string,
  legend: string,
  options: readonly (readonly [V, string])[],
  checked: V,
  extra: readonly Child[] = [],
): HTMLFieldSetElement {
  return el('fieldset', { className: 'radio-group' }, [
    el('legend', {}, [legend]),
    el(
      'div',
      { className: 'radio-group__options' },
      options.map(([value, label]) => {
        const id = uniqueId(name);
        return el('div', { className: 'radio' }, [
          el('input', { attrs: { type: 'radio', name, id, value, checked: value === checked } }),
          el('label', { attrs: { for: id } }, [label]),
        ]);
      }),
    ),
    ...extra,
  ]);
}

export function checkedValue<V extends string>(form: HTMLFormElement, name: string, fallback: V): V {
  const input = form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
  return (input?.value as V | undefined) ?? fallback;
}
