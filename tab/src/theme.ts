/** Teams' three themes, switched by `data-theme` on <html> (the CSS custom properties follow it). */
export type TabTheme = 'default' | 'dark' | 'contrast';

export function normaliseTheme(theme: string | undefined): TabTheme {
  return theme === 'dark' || theme === 'contrast' ? theme : 'default';
}

export function applyTheme(theme: string | undefined): TabTheme {
  const normalised = normaliseTheme(theme);
  document.documentElement.dataset.theme = normalised;
  return normalised;
}

/** Outside Teams, follow the browser's own light/dark preference. */
export function followBrowserTheme(): void {
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const contrast = window.matchMedia('(forced-colors: active)');
  const update = () => applyTheme(contrast.matches ? 'contrast' : dark.matches ? 'dark' : 'default');
  update();
  dark.addEventListener('change', update);
  contrast.addEventListener('change', update);
}
