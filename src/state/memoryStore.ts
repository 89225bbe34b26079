import { VersionConflictError, type Store, type StoredItem, type StoreWrite } from './store';

/** A Store in process memory, for unit tests. Values are copied in and out, as a real store would. */
export class MemoryStore implements Store {
  private readonly items = new Map<string, { json: string; version: number }>();

  async get(key: string): Promise<StoredItem | undefined> {
    const item = this.items.get(key);
    return item && { key, value: JSON.parse(item.json), version: item.version };
  }

  async put(key: string, value: unknown, expectedVersion: number | 'absent'): Promise<StoredItem> {
    const current = this.items.get(key);
    const actual = current ? current.version : 'absent';
    if (actual !== expectedVersion) throw new VersionConflictError(key, expectedVersion, actual);
    const version = current ? current.version + 1 : 1;
    const json = JSON.stringify(value);
    this.items.set(key, { json, version });
    return { key, value: JSON.parse(json), version };
  }

  async putMany(writes: readonly StoreWrite[]): Promise<void> {
    for (const write of writes) {
      const current = this.items.get(write.key);
      const actual = current ? current.version : 'absent';
      if (actual !== write.expectedVersion)
        throw new VersionConflictError(write.key, write.expectedVersion, actual);
    }
    for (const write of writes) {
      const current = this.items.get(write.key);
      this.items.set(write.key, {
        json: JSON.stringify(write.value),
        version: current ? current.version + 1 : 1,
      });
    }
  }

  async listByPrefix(prefix: string): Promise<StoredItem[]> {
    return [...this.items.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => ({ key, value: JSON.parse(item.json), version: item.version }));
  }

  async delete(key: string, expectedVersion?: number): Promise<boolean> {
    const current = this.items.get(key);
    if (!current) return false;
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new VersionConflictError(key, expectedVersion, current.version);
    }
    return this.items.delete(key);
  }

  async close(): Promise<void> {}
}
