import {
  checkBatch,
  compareCodePoints,
  pageLimit,
  splitKey,
  splitListPrefix,
  valueToJson,
  VersionConflictError,
  type ListPage,
  type ListPageOptions,
  type Store,
  type StoredItem,
  type StoreWrite,
} from './store';

interface Entry {
  readonly json: string;
  readonly version: number;
}

/**
 * A Store in process memory, for unit tests. Values are copied in and out, as a real store would;
 * versions are a counter, handed out as strings.
 */
export class MemoryStore implements Store {
  /** Partition → row → entry. */
  private readonly partitions = new Map<string, Map<string, Entry>>();

  async get(key: string): Promise<StoredItem | undefined> {
    const { partition, row } = splitKey(key);
    const entry = this.partitions.get(partition)?.get(row);
    return entry && itemOf(key, entry);
  }

  async put(key: string, value: unknown, expectedVersion: string | null): Promise<StoredItem> {
    const { partition, row } = splitKey(key);
    const json = valueToJson(key, value);
    const entry = { json, version: this.check(partition, row, key, expectedVersion) + 1 };
    this.rows(partition).set(row, entry);
    return itemOf(key, entry);
  }

  async putMany(writes: readonly StoreWrite[]): Promise<string[]> {
    checkBatch(writes);
    const prepared = writes.map((write) => {
      const { partition, row } = splitKey(write.key);
      return { partition, row, json: valueToJson(write.key, write.value) };
    });
    const versions = writes.map((write, index) =>
      this.check(prepared[index].partition, prepared[index].row, write.key, write.expectedVersion),
    );
    prepared.forEach(({ partition, row, json }, index) =>
      this.rows(partition).set(row, { json, version: versions[index] + 1 }),
    );
    return versions.map((version) => String(version + 1));
  }

  async listPage(prefix: string, options?: ListPageOptions): Promise<ListPage> {
    const { partition, rowPrefix } = splitListPrefix(prefix);
    const limit = pageLimit(options);
    const after = options?.continuation;
    const rows = [...(this.partitions.get(partition)?.keys() ?? [])]
      .filter(
        (row) => row.startsWith(rowPrefix) && (after === undefined || compareCodePoints(row, after) > 0),
      )
      .sort(compareCodePoints);
    const page = rows.slice(0, limit);
    const items = page.map((row) => itemOf(`${partition}/${row}`, this.rows(partition).get(row) as Entry));
    return rows.length > limit ? { items, continuation: page[page.length - 1] } : { items };
  }

  async delete(key: string, expectedVersion?: string): Promise<boolean> {
    const { partition, row } = splitKey(key);
    const entry = this.partitions.get(partition)?.get(row);
    if (!entry) return false;
    if (expectedVersion !== undefined && String(entry.version) !== expectedVersion) {
      throw new VersionConflictError(key, expectedVersion, String(entry.version));
    }
    return this.rows(partition).delete(row);
  }

  async close(): Promise<void> {}

  /** Everything stored, in key order: for tests that compare the whole state before and after. */
  dump(): StoredItem[] {
    return [...this.partitions.entries()]
      .flatMap(([partition, rows]) =>
        [...rows.entries()].map(([row, entry]) => itemOf(`${partition}/${row}`, entry)),
      )
      .sort((a, b) => compareCodePoints(a.key, b.key));
  }

  /** The current version number when it is `expected`, else a VersionConflictError; 0 for absent. */
  private check(partition: string, row: string, key: string, expected: string | null): number {
    const entry = this.partitions.get(partition)?.get(row);
    const actual = entry ? String(entry.version) : null;
    if (actual !== expected) throw new VersionConflictError(key, expected, actual);
    return entry ? entry.version : 0;
  }

  private rows(partition: string): Map<string, Entry> {
    let rows = this.partitions.get(partition);
    if (!rows) {
      rows = new Map();
      this.partitions.set(partition, rows);
    }
    return rows;
  }
}

function itemOf(key: string, entry: Entry): StoredItem {
  return { key, value: JSON.parse(entry.json), version: String(entry.version) };
}
