/** A stored value with the version a conditional write must name. */
export interface StoredItem {
  readonly key: string;
  readonly value: unknown;
  /** Starts at 1 and grows by one with every write. */
  readonly version: number;
}

export interface StoreWrite {
  readonly key: string;
  readonly value: unknown;
  readonly expectedVersion: number | 'absent';
}

/** A conditional write found another version than the one it expected. */
export class VersionConflictError extends Error {
  constructor(
    readonly key: string,
    readonly expected: number | 'absent',
    readonly actual: number | 'absent',
  ) {
    super(`Version conflict on "${key}": expected ${expected}, found ${actual}`);
    this.name = 'VersionConflictError';
  }
}

/**
 * The bot's durable state, as JSON values under string keys. Writes are optimistic: `put` succeeds
 * only if the item still has the version the caller read (`'absent'` for a new key), so that two
 * concurrent updates can never silently overwrite each other.
 */
export interface Store {
  get(key: string): Promise<StoredItem | undefined>;
  put(key: string, value: unknown, expectedVersion: number | 'absent'): Promise<StoredItem>;
  /** Several conditional writes as one: all of them happen, or none (a VersionConflictError). */
  putMany(writes: readonly StoreWrite[]): Promise<void>;
  listByPrefix(prefix: string): Promise<StoredItem[]>;
  /** Deletes the key if present (and, when given, still at `expectedVersion`); true if it was deleted. */
  delete(key: string, expectedVersion?: number): Promise<boolean>;
  close(): Promise<void>;
}
