import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryStore } from '../../src/state/memoryStore';
import { SqliteStore } from '../../src/state/sqliteStore';
import { VersionConflictError, type Store } from '../../src/state/store';

const engines: [string, () => Store][] = [
  ['MemoryStore', () => new MemoryStore()],
  ['SqliteStore', () => SqliteStore.inDataDir(fs.mkdtempSync(path.join(os.tmpdir(), 'store-')))],
];

describe.each(engines)('%s', (_name, open) => {
  let store: Store;
  beforeEach(() => {
    store = open();
  });
  afterEach(() => store.close());

  it('creates only when absent, then writes only at the version read', async () => {
    const created = await store.put('person/a', { done: ['x'] }, 'absent');
    expect(created.version).toBe(1);
    await expect(store.put('person/a', { done: [] }, 'absent')).rejects.toBeInstanceOf(VersionConflictError);

    const updated = await store.put('person/a', { done: ['x', 'y'] }, 1);
    expect(updated.version).toBe(2);
    await expect(store.put('person/a', { done: [] }, 1)).rejects.toThrow('expected 1, found 2');
    expect(await store.get('person/a')).toEqual({ key: 'person/a', value: { done: ['x', 'y'] }, version: 2 });
  });

  it('lets exactly one of two racing writers win', async () => {
    await store.put('counter', 0, 'absent');
    const results = await Promise.allSettled([store.put('counter', 1, 1), store.put('counter', 2, 1)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
  });

  it('lists by prefix in key order, and only that prefix', async () => {
    await store.put('conversation/b', 2, 'absent');
    await store.put('conversation/a', 1, 'absent');
    await store.put('conversationX', 3, 'absent');
    await store.put('progress/a', 4, 'absent');
    const listed = await store.listByPrefix('conversation/');
    expect(listed.map((item) => [item.key, item.value])).toEqual([
      ['conversation/a', 1],
      ['conversation/b', 2],
    ]);
  });

  it('deletes, optionally only at a version', async () => {
    await store.put('k', 'v', 'absent');
    await expect(store.delete('k', 7)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await store.delete('k', 1)).toBe(true);
    expect(await store.delete('k')).toBe(false);
    expect(await store.get('k')).toBeUndefined();
  });

  it('hands out copies, so changing a value read does not change the store', async () => {
    await store.put('k', { list: [1] }, 'absent');
    const item = await store.get('k');
    (item?.value as { list: number[] }).list.push(2);
    expect((await store.get('k'))?.value).toEqual({ list: [1] });
  });
});

describe('SqliteStore durability', () => {
  it('keeps what was written across a reopen of the same data folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
    const first = SqliteStore.inDataDir(dir);
    await first.put('conversation/x', { serviceUrl: 'https://smba.example/' }, 'absent');
    await first.close();
    const second = SqliteStore.inDataDir(dir);
    expect(await second.get('conversation/x')).toMatchObject({
      version: 1,
      value: { serviceUrl: 'https://smba.example/' },
    });
    await second.close();
  });
});

describe.each(engines)('%s putMany', (_name, open) => {
  it('writes all or nothing', async () => {
    const store = open();
    await store.put('a', 1, 'absent');
    await store.putMany([
      { key: 'a', value: 2, expectedVersion: 1 },
      { key: 'b', value: 3, expectedVersion: 'absent' },
    ]);
    expect((await store.get('a'))?.value).toBe(2);
    await expect(
      store.putMany([
        { key: 'c', value: 4, expectedVersion: 'absent' },
        { key: 'a', value: 5, expectedVersion: 1 },
      ]),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect(await store.get('c')).toBeUndefined();
    expect((await store.get('a'))?.value).toBe(2);
    await store.close();
  });
});
