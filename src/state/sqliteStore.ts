import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { VersionConflictError, type Store, type StoredItem, type StoreWrite } from './store';

interface Row {
  key: string;
  value: string;
  version: number;
}

/**
 * The embedded default Store: one SQLite file in the data folder. WAL journal with full sync, so a
 * write that returned survives a crash or `kill -9`.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly statements: {
    get: Database.Statement<[string], Row>;
    insert: Database.Statement<[string, string]>;
    update: Database.Statement<[string, string, number]>;
    list: Database.Statement<[string, string], Row>;
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
      list: this.db.prepare('SELECT key, value, version FROM items WHERE key >= ? AND key < ? ORDER BY key'),
      delete: this.db.prepare('DELETE FROM items WHERE key = ?'),
      deleteVersion: this.db.prepare('DELETE FROM items WHERE key = ? AND version = ?'),
    };
  }

  /** Opens (or creates) the store file inside `dataDir`. */
  static inDataDir(dataDir: string): SqliteStore {
    return new SqliteStore(path.join(dataDir, 'bot-state.sqlite'));
  }

  async get(key: string): Promise<StoredItem | undefined> {
    const row = this.statements.get.get(key);
    return row && { key: row.key, value: JSON.parse(row.value), version: row.version };
  }

  async put(key: string, value: unknown, expectedVersion: number | 'absent'): Promise<StoredItem> {
    const json = JSON.stringify(value);
    return { key, value: JSON.parse(json), version: this.putNow(key, json, expectedVersion) };
  }

  private putNow(key: string, json: string, expectedVersion: number | 'absent'): number {
    const changes =
      expectedVersion === 'absent'
        ? this.statements.insert.run(key, json).changes
        : this.statements.update.run(json, key, expectedVersion).changes;
    if (changes === 0) {
      const current = this.statements.get.get(key);
      throw new VersionConflictError(key, expectedVersion, current ? current.version : 'absent');
    }
    return expectedVersion === 'absent' ? 1 : expectedVersion + 1;
  }

  async putMany(writes: readonly StoreWrite[]): Promise<void> {
    // One transaction: one fsync for the lot, and all-or-nothing on a conflict.
    this.db.transaction(() => {
      for (const write of writes) this.putNow(write.key, JSON.stringify(write.value), write.expectedVersion);
    })();
  }

  async listByPrefix(prefix: string): Promise<StoredItem[]> {
    // Every key that starts with `prefix` sorts between it and the prefix followed by the highest code point.
    return this.statements.list
      .all(prefix, `${prefix}\u{10ffff}`)
      .map((row) => ({ key: row.key, value: JSON.parse(row.value), version: row.version }));
  }

  async delete(key: string, expectedVersion?: number): Promise<boolean> {
    if (expectedVersion === undefined) return this.statements.delete.run(key).changes > 0;
    if (this.statements.deleteVersion.run(key, expectedVersion).changes > 0) return true;
    const current = this.statements.get.get(key);
    if (current) throw new VersionConflictError(key, expectedVersion, current.version);
    return false;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
