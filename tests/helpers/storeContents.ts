import { MemoryStore } from '../../src/state/memoryStore';
import type { Store, StoredItem } from '../../src/state/store';

/**
 * Everything in a test's store, in key order, to compare the whole state before and after. The Store
 * interface lists one partition at a time, so this needs the MemoryStore tests run on.
 */
export function storeContents(store: Store): StoredItem[] {
  if (!(store instanceof MemoryStore)) {
    throw new Error('storeContents reads a MemoryStore only: a Store lists one partition at a time');
  }
  return store.dump();
}
