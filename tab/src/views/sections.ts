import { el, replaceChildren } from '../dom';

export interface Section {
  readonly id: string;
  readonly label: string;
  readonly element: HTMLElement;
  readonly onVisibilityChange?: (visible: boolean) => void;
}

/**
 * One section is shown as is; several get a tab list (WAI-ARIA tabs: arrow keys, Home, End) so that
 * the page itself shows Rollout to admins without a second Teams tab.
 */
export function showSections(nav: HTMLElement, main: HTMLElement, sections: readonly Section[]): void {
  if (sections.length === 1) {
    nav.hidden = true;
    replaceChildren(main, [sections[0].element]);
    return;
  }
  const tabs = sections.map((section) =>
    el(
      'button',
      {
        className: 'tab',
        attrs: {
          type: 'button',
          role: 'tab',
          id: `tab-${section.id}`,
          'aria-controls': `panel-${section.id}`,
        },
      },
      [section.label],
    ),
  );
  const panels = sections.map((section) =>
    el(
      'div',
      {
        className: 'tabpanel',
        attrs: {
          role: 'tabpanel',
          id: `panel-${section.id}`,
          'aria-labelledby': `tab-${section.id}`,
          tabindex: 0,
        },
      },
      [section.element],
    ),
  );

  function select(index: number, focus: boolean): void {
    sections.forEach((section, i) => {
      const selected = i === index;
      tabs[i].setAttribute('aria-selected', String(selected));
      tabs[i].tabIndex = selected ? 0 : -1;
      const wasHidden = panels[i].hidden;
      panels[i].hidden = !selected;
      if (wasHidden === selected || i === index) section.onVisibilityChange?.(selected);
    });
    if (focus) tabs[index].focus();
  }

  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(index, false));
    tab.addEventListener('keydown', (event) => {
      const last = tabs.length - 1;
      const next = {
        ArrowRight: index === last ? 0 : index + 1,
        ArrowLeft: index === 0 ? last : index - 1,
        Home: 0,
        End: last,
      }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      select(next, true);
    });
  });
  replaceChildren(nav, [
    el('div', { className: 'tablist', attrs: { role: 'tablist', 'aria-label': 'Sections' } }, tabs),
  ]);
  nav.hidden = false;
  replaceChildren(main, panels);
  select(0, false);
}
