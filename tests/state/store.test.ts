import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { AzureTableStore } from '../../src/state/azureTableStore';
import { MemoryStore } from '../../src/state/memoryStore';
import { MAX_UPDATE_ATTEMPTS, optimisticUpdate } from '../../src/state/optimisticUpdate';
import { SqliteStore } from '../../src/state/sqliteStore';
import {
  keySegment,
  listByPrefix,
  VersionConflictError,
  type ListPage,
  type Store,
  type StoredItem,
  type StoreWrite,
} from '../../src/state/store';
import { storeEngines } from '../helpers/storeEngines';

/** Each test gets a store of its own: a new map, a new file, a new table. */
const { engines, connectionString } = storeEngines({ sqlite: true });

/** Code point order, written out independently of the engines' own comparison. */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((character) => character.codePointAt(0) as number);
  const y = [...b].map((character) => character.codePointAt(0) as number);
  for (let index = 0; index < Math.min(x.length, y.length); index++) {
    if (x[index] !== y[index]) return x[index] - y[index];
  }
  return x.length - y.length;
}

async function allPages(store: Store, prefix: string, limit?: number): Promise<ListPage[]> {
  const pages: ListPage[] = [];
  let continuation: string | undefined;
  do {
    const page = await store.listPage(prefix, { limit, continuation });
    pages.push(page);
    continuation = page.continuation;
  } while (continuation !== undefined && pages.length < 100);
  return pages;
}

async function conflictOf(promise: Promise<unknown>): Promise<VersionConflictError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(VersionConflictError);
  return error as VersionConflictError;
}

describe.each(engines)('Store contract: %s', (_name, open) => {
  let store: Store;
  beforeEach(() => {
    store = open();
  });
  afterEach(() => store.close());

  describe('conditional writes', () => {
    it('creates only when absent, then writes only at the version read', async () => {
      const created = await store.put('person/a', { done: ['x'] }, null);
      expect(typeof created.version).toBe('string');
      expect(created).toEqual({ key: 'person/a', value: { done: ['x'] }, version: created.version });

      const again = await conflictOf(store.put('person/a', { done: [] }, null));
      expect(again).toMatchObject({ key: 'person/a', expected: null, actual: created.version });

      const updated = await store.put('person/a', { done: ['x', 'y'] }, created.version);
      expect(updated.version).not.toBe(created.version);
      const stale = await conflictOf(store.put('person/a', { done: [] }, created.version));
      expect(stale).toMatchObject({ expected: created.version, actual: updated.version });
      expect(stale.message).toContain('person/a');

      expect(await store.get('person/a')).toEqual({
        key: 'person/a',
        value: { done: ['x', 'y'] },
        version: updated.version,
      });
      expect(await store.get('person/b')).toBeUndefined();
    });

    it('treats a version it never handed out as a conflict, never as "any version"', async () => {
      await store.put('k/a', 1, null);
      for (const bogus of ['*', '', '0', '-1', '1.0', 'W/"wrong"', 'absent']) {
        const error = await conflictOf(store.put('k/a', 2, bogus));
        expect(error.expected).toBe(bogus);
      }
      await expect(store.put('k/absent', 2, '1')).rejects.toMatchObject({ actual: null });
      await expect(store.delete('k/a', '*')).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store.get('k/a'))?.value).toBe(1);
    });

    it('deletes, optionally only at a version', async () => {
      const first = await store.put('k/a', 'v', null);
      const second = await store.put('k/a', 'w', first.version);
      await expect(store.delete('k/a', first.version)).rejects.toMatchObject({
        key: 'k/a',
        expected: first.version,
        actual: second.version,
      });
      expect(await store.delete('k/a', second.version)).toBe(true);
      expect(await store.delete('k/a')).toBe(false);
      expect(await store.delete('k/a', second.version)).toBe(false);
      expect(await store.get('k/a')).toBeUndefined();
      // Absent again: it can be created anew.
      await store.put('k/a', 'x', null);
      expect(await store.delete('k/a')).toBe(true);
    });

    it('lets exactly one of racing writers win, at a version or creating', async () => {
      const start = await store.put('race/counter', 0, null);
      const updates = await Promise.allSettled(
        Array.from({ length: 8 }, (_, index) => store.put('race/counter', index + 1, start.version)),
      );
      expect(updates.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of updates.filter((result) => result.status === 'rejected')) {
        expect(result.reason).toBeInstanceOf(VersionConflictError);
      }
      const creates = await Promise.allSettled(
        Array.from({ length: 8 }, (_, index) => store.put('race/new', index, null)),
      );
      expect(creates.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const winner = creates.findIndex((result) => result.status === 'fulfilled');
      expect((await store.get('race/new'))?.value).toBe(winner);
    });

    it('hands out copies, so changing a value read does not change the store', async () => {
      await store.put('k/a', { list: [1] }, null);
      const item = await store.get('k/a');
      (item?.value as { list: number[] }).list.push(2);
      expect((await store.get('k/a'))?.value).toEqual({ list: [1] });
    });

    it('keeps JSON values as they are, and refuses what JSON cannot hold', async () => {
      const value = { text: 'a"b\\c\n', number: -1.5e-7, nested: [null, true, { deep: 'x' }], empty: '' };
      await store.put('k/json', value, null);
      expect((await store.get('k/json'))?.value).toEqual(value);
      for (const scalar of [0, '', false, null]) {
        await store.put(`k/scalar-${String(scalar)}-${typeof scalar}`, scalar, null);
        expect((await store.get(`k/scalar-${String(scalar)}-${typeof scalar}`))?.value).toBe(scalar);
      }
      await expect(store.put('k/undefined', undefined, null)).rejects.toThrow(/JSON/);
    });
  });

  describe('keys', () => {
    it('rejects a key that is not <partition>/<row>', async () => {
      for (const key of ['counter', '/row', 'partition/', '', 'a\uD800/b']) {
        await expect(store.put(key, 1, null)).rejects.toThrow(/Store key/);
        await expect(store.get(key)).rejects.toThrow(/Store key/);
        await expect(store.delete(key)).rejects.toThrow(/Store key/);
      }
      await expect(store.listPage('conversation')).rejects.toThrow(/one partition/);
      await expect(store.listPage('')).rejects.toThrow(/one partition/);
    });

    it('splits a key at its last slash: deeper keys are another partition', async () => {
      await store.put('broadcast-recipient/job-1/0000001', 'one', null);
      await store.put('broadcast-recipient/job-1/0000000', 'zero', null);
      await store.put('broadcast-recipient/job-10/0000000', 'other job', null);
      await store.put('broadcast-recipient/0000000', 'not a job', null);
      const listed = await listByPrefix(store, 'broadcast-recipient/job-1/');
      expect(listed.map((item) => [item.key, item.value])).toEqual([
        ['broadcast-recipient/job-1/0000000', 'zero'],
        ['broadcast-recipient/job-1/0000001', 'one'],
      ]);
      expect((await listByPrefix(store, 'broadcast-recipient/')).map((item) => item.value)).toEqual([
        'not a job',
      ]);
    });

    it('round-trips hostile characters in partition and row, and lists rows in code point order', async () => {
      const partition = 'hostile/a#b?c\\d%e f~g$h>i[j\u0001k\u00e9l\u{1F600}';
      const rows = [
        'plain',
        '#',
        '$',
        '%',
        '%25',
        '?',
        '\\',
        '[',
        '>',
        '~',
        ' ',
        "o'neil",
        'a+b&c=d',
        '\u0000',
        '\t\n\r',
        '\u001f',
        '\u007f',
        '\u0080',
        '\u009f',
        '\u00a0',
        'é',
        'e\u0301',
        '\uFF01',
        '\uFFFD',
        '\u{1F600}',
        '\u{10FFFF}',
        '中文',
        'a',
        'a#',
        'a$',
        'a!',
        'Z',
        '0',
      ];
      for (const [index, row] of rows.entries()) await store.put(`${partition}/${row}`, { index }, null);
      for (const [index, row] of rows.entries()) {
        expect(await store.get(`${partition}/${row}`)).toMatchObject({
          key: `${partition}/${row}`,
          value: { index },
        });
      }
      const listed = await listByPrefix(store, `${partition}/`);
      expect(listed.map((item) => item.key)).toEqual(
        [...rows].sort(byCodePoint).map((row) => `${partition}/${row}`),
      );
      // A row prefix with escaped characters lists exactly the rows that start with it.
      for (const rowPrefix of ['a', '#', '%', '\u0000', '\u{1F600}', 'é', 'a#', '~']) {
        const expected = rows.filter((row) => row.startsWith(rowPrefix)).sort(byCodePoint);
        expect((await listByPrefix(store, `${partition}/${rowPrefix}`)).map((item) => item.key)).toEqual(
          expected.map((row) => `${partition}/${row}`),
        );
      }
    });

    it('keeps an outside id in one key segment (keySegment)', async () => {
      const ids = [
        'a:1xyz',
        '19:abc@thread.tacv2;messageid=1',
        'a/b',
        '../x',
        '%2F',
        '#?\\',
        '',
        'x'.repeat(500),
      ];
      for (const id of ids) await store.put(`conversation/${keySegment(id)}`, id, null);
      const listed = await listByPrefix(store, 'conversation/');
      expect(listed.map((item) => item.value).sort()).toEqual([...ids].sort());
      for (const id of ids) expect((await store.get(`conversation/${keySegment(id)}`))?.value).toBe(id);
    });
  });

  describe('listing', () => {
    it('pages through 250 items, 100 at a time, with continuation tokens', async () => {
      const writes: StoreWrite[] = Array.from({ length: 250 }, (_, index) => ({
        key: `page/${String(index).padStart(4, '0')}`,
        value: index,
        expectedVersion: null,
      }));
      for (let start = 0; start < writes.length; start += 100) {
        await store.putMany(writes.slice(start, start + 100));
      }
      await store.put('page-other/0000', 'x', null);
      await store.put('pag/0000', 'x', null);
      await store.put('page/0000/nested', 'x', null);

      const pages = await allPages(store, 'page/', 100);
      for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(100);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages[pages.length - 1].continuation).toBeUndefined();
      expect(pages.flatMap((page) => page.items.map((item) => item.value))).toEqual(
        Array.from({ length: 250 }, (_, index) => index),
      );
      // Items come with their versions, good for a conditional write.
      const [first] = pages[0].items;
      await store.put(first.key, 'changed', first.version);

      expect((await listByPrefix(store, 'page/')).length).toBe(250);
      expect(await store.listPage('nothing-here/')).toEqual({ items: [] });
      await expect(store.listPage('page/', { limit: 0 })).rejects.toThrow(/limit/);
    });

    it('lists by row prefix within one partition, in row order', async () => {
      await store.put('conversation/b', 2, null);
      await store.put('conversation/a', 1, null);
      await store.put('conversation/ab', 3, null);
      await store.put('conversation/b/a', 4, null);
      await store.put('conversationX/a', 5, null);
      await store.put('progress/a', 6, null);
      expect((await listByPrefix(store, 'conversation/')).map((item) => [item.key, item.value])).toEqual([
        ['conversation/a', 1],
        ['conversation/ab', 3],
        ['conversation/b', 2],
      ]);
      expect((await listByPrefix(store, 'conversation/a')).map((item) => item.value)).toEqual([1, 3]);
      expect((await listByPrefix(store, 'conversation/ab')).map((item) => item.value)).toEqual([3]);
      expect((await listByPrefix(store, 'conversation/c')).map((item) => item.value)).toEqual([]);
      expect((await listByPrefix(store, 'conversation/b/')).map((item) => item.value)).toEqual([4]);
    });
  });

  describe('putMany', () => {
    it('writes all or nothing', async () => {
      const a = await store.put('batch/a', 1, null);
      const versions = await store.putMany([
        { key: 'batch/a', value: 2, expectedVersion: a.version },
        { key: 'batch/b', value: 3, expectedVersion: null },
      ]);
      expect((await store.get('batch/a'))?.value).toBe(2);
      expect((await store.get('batch/b'))?.value).toBe(3);
      // The versions handed back are the ones stored, in the order written.
      expect(versions).toEqual([
        (await store.get('batch/a'))?.version,
        (await store.get('batch/b'))?.version,
      ]);

      // A stale version as the last write: the create before it does not happen either.
      const conflict = await conflictOf(
        store.putMany([
          { key: 'batch/c', value: 4, expectedVersion: null },
          { key: 'batch/a', value: 5, expectedVersion: a.version },
        ]),
      );
      expect(conflict.key).toBe('batch/a');
      expect(await store.get('batch/c')).toBeUndefined();
      expect((await store.get('batch/a'))?.value).toBe(2);

      // An existing key as the first write: the update after it does not happen either.
      const b = await store.get('batch/b');
      await conflictOf(
        store.putMany([
          { key: 'batch/b', value: 6, expectedVersion: null },
          { key: 'batch/a', value: 7, expectedVersion: b?.version ?? null },
        ]),
      );
      expect((await store.get('batch/b'))?.value).toBe(3);
      expect((await store.get('batch/a'))?.value).toBe(2);
      await store.putMany([]);
    });

    it('takes at most 100 writes, all in one partition, each key once', async () => {
      const writes = (count: number, partition = 'limits'): StoreWrite[] =>
        Array.from({ length: count }, (_, index) => ({
          key: `${partition}/${index}`,
          value: index,
          expectedVersion: null,
        }));
      const tooMany = store.putMany(writes(101));
      await expect(tooMany).rejects.toThrow(/at most 100/);
      await expect(tooMany).rejects.not.toBeInstanceOf(VersionConflictError);

      const mixed = store.putMany([...writes(2), { key: 'other/0', value: 0, expectedVersion: null }]);
      await expect(mixed).rejects.toThrow(/one partition/);
      await expect(mixed).rejects.not.toBeInstanceOf(VersionConflictError);
      await expect(store.putMany([...writes(1), ...writes(1)])).rejects.toThrow(/twice/);
      await expect(store.putMany([{ key: 'no-slash', value: 0, expectedVersion: null }])).rejects.toThrow(
        /Store key/,
      );
      expect(await listByPrefix(store, 'limits/')).toEqual([]);
      expect(await store.get('other/0')).toBeUndefined();

      await store.putMany(writes(100));
      expect((await listByPrefix(store, 'limits/')).length).toBe(100);
    });
  });

  describe('large values', () => {
    it('keeps values over 32K characters, and a shorter one after them', async () => {
      // Astral characters at every chunk boundary, so a split never breaks a surrogate pair.
      const big = { text: '\u{1F600}'.repeat(40_000), more: 'é'.repeat(70_000), tail: 'end' };
      const created = await store.put('big/a', big, null);
      expect((await store.get('big/a'))?.value).toEqual(big);
      expect((await listByPrefix(store, 'big/'))[0].value).toEqual(big);
      await store.put('big/a', { small: true }, created.version);
      expect((await store.get('big/a'))?.value).toEqual({ small: true });
    });
  });

  describe('optimisticUpdate', () => {
    it('loses no update when 20 updaters race on one key', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          optimisticUpdate(
            store,
            'counter/shared',
            (item) => (item?.value as { count: number; by: number[] } | undefined) ?? { count: 0, by: [] },
            (current) => ({ count: current.count + 1, by: [...current.by, index] }),
          ),
        ),
      );
      const final = (await store.get('counter/shared'))?.value as { count: number; by: number[] };
      expect(final.count).toBe(20);
      expect([...final.by].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index));
    });

    it('writes nothing when the change leaves it, and says what is stored', async () => {
      const read = (item: { value: unknown } | undefined) => item?.value as number | undefined;
      expect(await optimisticUpdate(store, 'counter/a', read, () => undefined)).toMatchObject({
        value: undefined,
        written: false,
      });
      expect(await store.get('counter/a')).toBeUndefined();
      expect(await optimisticUpdate(store, 'counter/a', read, (current) => (current ?? 0) + 1)).toMatchObject(
        {
          value: 1,
          written: true,
        },
      );
      const before = await store.get('counter/a');
      expect(await optimisticUpdate(store, 'counter/a', read, () => undefined)).toMatchObject({
        value: 1,
        written: false,
      });
      expect((await store.get('counter/a'))?.version).toBe(before?.version);
    });

    it('writes from a version the caller holds without reading, and reads again when it is stale', async () => {
      const read = (item: { value: unknown } | undefined) => item?.value as number | undefined;
      const first = await optimisticUpdate(store, 'counter/b', read, () => 1);
      expect(first.item).toEqual(await store.get('counter/b'));
      const second = await optimisticUpdate(store, 'counter/b', read, (n) => (n ?? 0) + 1, first.item);
      expect(second).toMatchObject({ value: 2, written: true });
      expect(second.item).toEqual(await store.get('counter/b'));
      // `first.item` is now stale: the write against it conflicts, and the update reads and re-applies.
      const third = await optimisticUpdate(store, 'counter/b', read, (n) => (n ?? 0) + 10, first.item);
      expect(third).toMatchObject({ value: 12, written: true });
      expect((await store.get('counter/b'))?.value).toBe(12);
    });
  });
});

describe('optimisticUpdate gives up', () => {
  it(`after ${MAX_UPDATE_ATTEMPTS} conflicts in a row, with the VersionConflictError`, async () => {
    const store = new MemoryStore();
    let attempts = 0;
    let seen: StoredItem | undefined;
    const update = optimisticUpdate(
      store,
      'counter/a',
      (item) => {
        seen = item;
        return item?.value as number | undefined;
      },
      (current) => {
        attempts++;
        // Someone else always writes in between.
        store.put('counter/a', (current ?? 0) + 100, seen ? seen.version : null).catch(() => undefined);
        return (current ?? 0) + 1;
      },
    );
    await expect(update).rejects.toBeInstanceOf(VersionConflictError);
    expect(attempts).toBe(MAX_UPDATE_ATTEMPTS);
  });

  it('and passes any other error on at once', async () => {
    const store = new MemoryStore();
    let attempts = 0;
    await expect(
      optimisticUpdate(
        store,
        'counter/a',
        () => {
          attempts++;
          throw new Error('unreadable');
        },
        () => 1,
      ),
    ).rejects.toThrow('unreadable');
    expect(attempts).toBe(1);
  });
});

describe('AzureTableStore limits', () => {
  let store: AzureTableStore;
  beforeEach(() => {
    store = AzureTableStore.fromConnectionString(connectionString(), `t${randomUUID().replace(/-/g, '')}`);
  });

  it('refuses a value over 1 MiB with a clear error, and writes nothing', async () => {
    const huge = 'x'.repeat(600_000);
    await expect(store.put('big/a', huge, null)).rejects.toThrow(/too large for Azure Table storage/);
    expect(await store.get('big/a')).toBeUndefined();
    await expect(
      store.putMany(
        Array.from({ length: 10 }, (_, index) => ({
          key: `big/${index}`,
          value: 'y'.repeat(250_000),
          expectedVersion: null,
        })),
      ),
    ).rejects.toThrow(/too large for one Azure Table transaction/);
    expect(await listByPrefix(store, 'big/')).toEqual([]);
  });

  it('refuses a key too long for a table key with a clear error', async () => {
    await expect(store.put(`long/${'x'.repeat(513)}`, 1, null)).rejects.toThrow(/too long for Azure Table/);
    await store.put(`long/${'x'.repeat(512)}`, 1, null);
    // keySegment keeps any id well within the limit.
    await store.put(`long/${keySegment('\u{1F600}'.repeat(1000))}`, 2, null);
    expect((await listByPrefix(store, 'long/')).map((item) => item.value).sort()).toEqual([1, 2]);
  });

  it('creates its table on first use, and shares it with another client', async () => {
    await store.put('k/a', 1, null);
    const other = AzureTableStore.fromConnectionString(connectionString(), store.tableName);
    expect((await other.get('k/a'))?.value).toBe(1);
    await store.dropTable();
  });
});

describe('SqliteStore', () => {
  it('keeps what was written across a reopen of the same data folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
    const first = SqliteStore.inDataDir(dir);
    const written = await first.put('conversation/x', { serviceUrl: 'https://smba.example/' }, null);
    await first.close();
    const second = SqliteStore.inDataDir(dir);
    expect(await second.get('conversation/x')).toEqual({
      key: 'conversation/x',
      version: written.version,
      value: { serviceUrl: 'https://smba.example/' },
    });
    await second.close();
  });

  it('moves keys written before partitions: audit entries into one partition, old follow-up memory out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
    const file = path.join(dir, 'bot-state.sqlite');
    await SqliteStore.inDataDir(dir).close();
    const db = new Database(file);
    const insert = db.prepare('INSERT INTO items (key, value, version) VALUES (?, ?, ?)');
    insert.run('audit/2026-01-01T00:00:00.000Z/b', JSON.stringify({ action: 'second' }), 1);
    insert.run('audit/2026-01-01T00:00:00.000Z/a', JSON.stringify({ action: 'first' }), 3);
    insert.run('conversation-memory:a:1:aad:x', JSON.stringify({ topicId: 't' }), 1);
    insert.run('conversation/a:1', JSON.stringify({ kept: true }), 2);
    db.close();

    const store = SqliteStore.inDataDir(dir);
    expect((await listByPrefix(store, 'audit/')).map((item) => [item.key, item.value, item.version])).toEqual(
      [
        ['audit/2026-01-01T00:00:00.000Z_a', { action: 'first' }, '3'],
        ['audit/2026-01-01T00:00:00.000Z_b', { action: 'second' }, '1'],
      ],
    );
    expect((await store.get('conversation/a:1'))?.value).toEqual({ kept: true });
    await store.close();
    const check = new Database(file);
    expect(
      check.prepare("SELECT count(*) AS n FROM items WHERE key GLOB 'conversation-memory:*'").get(),
    ).toEqual({
      n: 0,
    });
    check.close();
  });
});
