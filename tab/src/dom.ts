/** Tiny DOM builders: every element the tab shows is made here, never from HTML strings. */

export type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  readonly className?: string;
  /** Attributes; `false` or `undefined` leaves one out, `true` sets it empty (boolean attributes). */
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly onClick?: (event: MouseEvent) => void;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  const onClick = options.onClick;
  if (onClick) element.addEventListener('click', (event) => onClick(event as MouseEvent));
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function replaceChildren(parent: Element, children: readonly Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function button(label: Child | readonly Child[], onClick: () => void, options: ElementOptions = {}) {
  return el(
    'button',
    { ...options, attrs: { type: 'button', ...options.attrs }, onClick },
    Array.isArray(label) ? label : [label as Child],
  );
}

export function heading(level: 2 | 3 | 4, text: string, options: ElementOptions = {}): HTMLHeadingElement {
  return el(`h${level}`, options, [text]);
}

let nextId = 0;
/** A document-unique id for label / aria-describedby pairs. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}
