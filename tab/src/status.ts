import { byId } from './dom';

/** The page's polite live region: short messages after actions ("Step marked done. 5 of 12."). */
export function announce(message: string): void {
  const region = byId('status');
  // Clearing first makes screen readers repeat a message that happens to equal the previous one.
  region.textContent = '';
  window.setTimeout(() => (region.textContent = message), 50);
}

/** Runs a button's action, reporting a failure in the live region instead of losing it. */
export function guarded(action: () => Promise<void>, failure = 'That did not work.'): () => void {
  return () => {
    action().catch((error: unknown) => {
      announce(`${failure} ${error instanceof Error ? error.message : ''}`.trim());
    });
  };
}
