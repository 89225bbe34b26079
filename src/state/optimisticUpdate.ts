import { VersionConflictError, type Store, type StoredItem } from './store';

/**
 * How often one update is tried before its VersionConflictError is passed on. Each conflict means
 * another writer succeeded, so n writers racing on one key all finish within n tries.
 */
export const MAX_UPDATE_ATTEMPTS = 100;

export interface UpdateResult<T> {
  /** What is stored now: what was written, or what was read when `change` left it. */
  readonly value: T;
  readonly written: boolean;
  /** The item as stored now (its version names the next conditional write); undefined if absent. */
  readonly item?: StoredItem;
}

/**
 * The one read-change-write loop: reads the key, `read`s what is stored (the item is undefined when
 * the key is absent), asks `change` for the new value (undefined: leave it, nothing is written),
 * and writes it only if nobody wrote in between. On a VersionConflictError it reads again and
 * re-applies `change`, so concurrent updates never lose one another; `change` must therefore be
 * free of side effects it cannot repeat.
 */
export async function optimisticUpdate<T>(
  store: Store,
  key: string,
  read: (item: StoredItem | undefined) => T,
  change: (current: T) => T | undefined,
  /** The item as the caller last read or wrote it: the first try writes against it without a read. */
  known?: StoredItem,
): Promise<UpdateResult<T>> {
  for (let attempt = 1; ; attempt++) {
    const item = attempt === 1 && known ? known : await store.get(key);
    const current = read(item);
    const next = change(current);
    if (next === undefined) return { value: current, written: false, item };
    try {
      const written = await store.put(key, next, item ? item.version : null);
      return { value: next, written: true, item: written };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= MAX_UPDATE_ATTEMPTS) throw error;
      // Let the writer that won finish before reading again.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
