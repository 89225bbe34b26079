import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import {
  checkBatch,
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

interface Row {
  key: string;
  value: string;
  version: number;
}

/**
 * The embedded default Store: one SQLite file in the data folder. WAL journal with full sync, so a
 * write that returned survives a crash or `kill -9`. Versions are a counter per key (1 on create),
 * handed out as strings.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly statements: {
    get: Database.Statement<[string], Row>;
    insert: Database.Statement<[string, string]>;
    update: Database.Statement<[string, string, number]>;
    list: Database.Statement<[string, string, string, number, number], Row>;
    delete: Database.Statement<[string]>;
    deleteVersion: Database.Statement<[string, number]>;
  };

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID',
    );
    this.statements = {
      get: this.db.prepare('SELECT key, value, version FROM items WHERE key = ?'),
      insert: this.db.prepare(
        'INSERT INTO items (key, value, version) VALUES (?, ?, 1) ON CONFLICT DO NOTHING',
      ),
      update: this.db.prepare(
        'UPDATE items SET value = ?, version = version + 1 WHERE key = ? AND version = ?',
      ),
      // Keys from the prefix up to (not including) its successor, after the continuation, whose row
      // (from the character after the partition's '/') has no '/': those are in another partition.
      list: this.db.prepare(
        `SELECT key, value, version FROM items
         WHERE key >= ? AND key < ? AND key > ? AND instr(substr(key, ?), '/') = 0
         ORDER BY key LIMIT ?`,
      ),
      delete: this.db.prepare('DELETE FROM items WHERE key = ?'),
      deleteVersion: this.db.prepare('DELETE FROM items WHERE key = ? AND version = ?'),
    };
    this.migrateLegacyKeys();
  }

  /** Opens (or creates) the store file inside `dataDir`. */
  static inDataDir(dataDir: string): SqliteStore {
    return new SqliteStore(path.join(dataDir, 'bot-state.sqlite'));
  }

  async get(key: string): Promise<StoredItem | undefined> {
    splitKey(key);
    const row = this.statements.get.get(key);
    return row && itemOf(row);
  }

  async put(key: string, value: unknown, expectedVersion: string | null): Promise<StoredItem> {
    splitKey(key);
    const json = valueToJson(key, value);
    return { key, value: JSON.parse(json), version: String(this.putNow(key, json, expectedVersion)) };
  }

  /** Writes if the key is at `expectedVersion`; returns the new version number. */
  private putNow(key: string, json: string, expectedVersion: string | null): number {
    const expected = expectedVersion === null ? 0 : versionNumber(expectedVersion);
    let changes = 0;
    if (expectedVersion === null) changes = this.statements.insert.run(key, json).changes;
    else if (expected > 0) changes = this.statements.update.run(json, key, expected).changes;
    if (changes === 0) {
      const current = this.statements.get.get(key);
      throw new VersionConflictError(key, expectedVersion, current ? String(current.version) : null);
    }
    return expected + 1;
  }

  async putMany(writes: readonly StoreWrite[]): Promise<string[]> {
    checkBatch(writes);
    const prepared = writes.map((write) => ({ ...write, json: valueToJson(write.key, write.value) }));
    // One transaction: one fsync for the lot, and all-or-nothing on a conflict.
    return this.db.transaction(() =>
      prepared.map((write) => String(this.putNow(write.key, write.json, write.expectedVersion))),
    )();
  }

  async listPage(prefix: string, options?: ListPageOptions): Promise<ListPage> {
    const { partition } = splitListPrefix(prefix);
    const limit = pageLimit(options);
    const rows = this.statements.list.all(
      prefix,
      successor(prefix),
      options?.continuation ?? '',
      // substr counts characters (code points), from 1: the first character of the row.
      [...partition].length + 2,
      limit + 1,
    );
    const items = rows.slice(0, limit).map(itemOf);
    return rows.length > limit ? { items, continuation: items[items.length - 1].key } : { items };
  }

  async delete(key: string, expectedVersion?: string): Promise<boolean> {
    splitKey(key);
    if (expectedVersion === undefined) return this.statements.delete.run(key).changes > 0;
    const expected = versionNumber(expectedVersion);
    if (expected > 0 && this.statements.deleteVersion.run(key, expected).changes > 0) return true;
    const current = this.statements.get.get(key);
    if (current) throw new VersionConflictError(key, expectedVersion, String(current.version));
    return false;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /**
   * Keys written before keys were `<partition>/<row>`: audit entries (`audit/<at>/<id>`, one
   * partition each) move to the one audit partition as `audit/<at>_<id>`; follow-up memory
   * (`conversation-memory:…`, only ever read for 30 minutes) is dropped.
   */
  private migrateLegacyKeys(): void {
    const audit = this.db.prepare<[], Row>(
      "SELECT key, value, version FROM items WHERE key GLOB 'audit/*/*'",
    );
    const insert = this.db.prepare<[string, string, number]>(
      'INSERT OR IGNORE INTO items (key, value, version) VALUES (?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const row of audit.all()) {
        const rest = row.key.slice('audit/'.length);
        insert.run(`audit/${rest.replace(/\//g, '_')}`, row.value, row.version);
        this.statements.delete.run(row.key);
      }
      this.db.prepare("DELETE FROM items WHERE key GLOB 'conversation-memory:*'").run();
    })();
  }
}

function itemOf(row: Row): StoredItem {
  return { key: row.key, value: JSON.parse(row.value), version: String(row.version) };
}

/** The counter a version string stands for; 0 (matches nothing) for one this store never handed out. */
function versionNumber(version: string): number {
  return /^[1-9][0-9]{0,14}$/.test(version) ? Number(version) : 0;
}

/** The least string above every string that starts with `prefix` (in code point order). */
function successor(prefix: string): string {
  const points = [...prefix];
  while (points.length > 0) {
    const last = (points.pop() as string).codePointAt(0) as number;
    if (last < 0x10ffff) return points.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  // Only U+10FFFF characters: nothing is above them (a listing prefix always has a '/', so not reached).
  return '\u{10ffff}'.repeat(prefix.length + 1);
}
