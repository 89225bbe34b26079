import { BroadcastRepository } from '../../src/broadcast/broadcastRepository';
import type { BroadcastJob, Recipient } from '../../src/broadcast/types';
import { ConversationReferences, type ConversationSighting } from '../../src/state/conversationReferences';
import {
  splitKey,
  type ListPage,
  type ListPageOptions,
  type Store,
  type StoredItem,
  type StoreWrite,
} from '../../src/state/store';
import { storeEngines } from '../helpers/storeEngines';

/** Each test gets a store of its own: a new map, a new file, a new table. */
const { engines } = storeEngines({ sqlite: false });

/** A Store that records its writes and can be told to fail one. */
class RecordingStore implements Store {
  readonly writes: string[] = [];
  reads = 0;
  failPutMany?: number;
  private putManyCalls = 0;

  constructor(private readonly inner: Store) {}

  get(key: string): Promise<StoredItem | undefined> {
    this.reads++;
    return this.inner.get(key);
  }
  put(key: string, value: unknown, expectedVersion: string | null): Promise<StoredItem> {
    this.writes.push(`put ${key}`);
    return this.inner.put(key, value, expectedVersion);
  }
  async putMany(writes: readonly StoreWrite[]): Promise<(string | undefined)[]> {
    this.putManyCalls++;
    if (this.putManyCalls === this.failPutMany) throw new Error('network down');
    this.writes.push(
      `putMany ${writes.length} in ${new Set(writes.map((write) => splitKey(write.key).partition)).size}`,
    );
    return this.inner.putMany(writes);
  }
  listPage(prefix: string, options?: ListPageOptions): Promise<ListPage> {
    return this.inner.listPage(prefix, options);
  }
  delete(key: string, expectedVersion?: string): Promise<boolean> {
    this.writes.push(`delete ${key}`);
    return this.inner.delete(key, expectedVersion);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

function job(id: string, total: number): BroadcastJob {
  return {
    id,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'api',
    content: { kind: 'notice', title: 'Hello', text: 'World' },
    audience: { kind: 'all' },
    sendAt: '2026-01-01T00:00:00.000Z',
    state: 'scheduled',
    recallRequested: false,
    total,
  };
}

function recipients(count: number): Recipient[] {
  return Array.from({ length: count }, (_, index) => ({
    key: `aad:${index}`,
    personKey: `aad:${index}`,
    label: `Person ${index}`,
    kind: 'person',
    state: 'pending',
    attempts: 0,
    updatedAt: '2026-01-01T00:00:00.000Z',
  }));
}

function sighting(conversationId: string, serviceUrl: string, userName = 'Ada'): ConversationSighting {
  return {
    conversationId,
    conversationType: 'personal',
    tenantId: 'tenant',
    serviceUrl,
    channelId: 'msteams',
    botId: '28:bot',
    userTeamsId: '29:ada',
    userName,
  };
}

describe.each(engines)('Repositories on %s', (_name, open) => {
  let inner: Store;
  let store: RecordingStore;
  beforeEach(() => {
    inner = open();
    store = new RecordingStore(inner);
  });
  afterEach(() => store.close());

  describe('BroadcastRepository.create', () => {
    it('writes the recipients in transactions of at most 100, then the job', async () => {
      const repository = new BroadcastRepository(store);
      await repository.create(job('job-1', 250), recipients(250));
      expect(store.writes).toEqual([
        'putMany 100 in 1',
        'putMany 100 in 1',
        'putMany 50 in 1',
        'put broadcast/job-1',
      ]);
      const listed = await repository.recipients('job-1');
      expect(listed.map((entry) => entry.recipient.key)).toEqual(
        recipients(250).map((recipient) => recipient.key),
      );
      expect((await repository.job('job-1'))?.total).toBe(250);
      expect((await repository.jobs()).map((stored) => stored.id)).toEqual(['job-1']);
    });

    it('leaves no job when a batch fails, and removes the recipients it had written', async () => {
      const repository = new BroadcastRepository(store);
      store.failPutMany = 2;
      await expect(repository.create(job('job-2', 250), recipients(250))).rejects.toThrow('network down');
      expect(await repository.job('job-2')).toBeUndefined();
      expect(await repository.jobs()).toEqual([]);
      expect(await repository.recipients('job-2')).toEqual([]);
    });

    it('keeps a job id with a slash to itself', async () => {
      const repository = new BroadcastRepository(store);
      await repository.create(job('a/b', 1), recipients(1));
      await repository.create(job('a', 2), recipients(2));
      expect((await repository.recipients('a/b')).length).toBe(1);
      expect((await repository.recipients('a')).length).toBe(2);
      expect(await repository.job('a/b/c')).toBeUndefined();
      expect((await repository.jobs()).map((stored) => stored.id).sort()).toEqual(['a', 'a/b']);
    });
  });

  describe('ConversationReferences', () => {
    it('never lets one instance hide a change another instance stored', async () => {
      let now = new Date('2026-01-01T09:00:00.000Z');
      const first = new ConversationReferences(store, undefined, () => now);
      const second = new ConversationReferences(store, undefined, () => now);
      await first.record(sighting('a:1', 'https://smba.one/'));
      now = new Date(now.getTime() + 60_000);
      await second.record(sighting('a:1', 'https://smba.two/'));
      now = new Date(now.getTime() + 60_000);
      // Back to what the first instance saw before: a change for the store, so it is written.
      await first.record(sighting('a:1', 'https://smba.one/'));
      expect((await second.get('a:1'))?.serviceUrl).toBe('https://smba.one/');
      await second.record(sighting('a:1', 'https://smba.one/', 'Ada Lovelace'));
      expect((await first.get('a:1'))?.userName).toBe('Ada Lovelace');
    });

    it('skips the write of an unchanged sighting within the hour, and refreshes lastSeen after it', async () => {
      let now = new Date('2026-01-01T09:00:00.000Z');
      const references = new ConversationReferences(store, undefined, () => now);
      await references.record(sighting('a:1', 'https://smba.one/'));
      const written = store.writes.length;
      now = new Date('2026-01-01T09:59:00.000Z');
      const seen = await references.record(sighting('a:1', 'https://smba.one/'));
      expect(seen.lastSeen).toBe('2026-01-01T09:00:00.000Z');
      expect(store.writes.length).toBe(written);
      now = new Date('2026-01-01T10:01:00.000Z');
      expect((await references.record(sighting('a:1', 'https://smba.one/'))).lastSeen).toBe(
        '2026-01-01T10:01:00.000Z',
      );
      expect(store.writes.length).toBe(written + 1);
      expect((await references.get('a:1'))?.firstSeen).toBe('2026-01-01T09:00:00.000Z');
    });

    it('matches a repeated message against its own view for a minute, then against the store again', async () => {
      let now = new Date('2026-01-01T09:00:00.000Z');
      const references = new ConversationReferences(store, undefined, () => now);
      const message = { fromMessage: true };
      await references.record(sighting('a:1', 'https://smba.one/'), message);
      const reads = store.reads;
      now = new Date('2026-01-01T09:00:50.000Z');
      expect((await references.record(sighting('a:1', 'https://smba.one/'), message)).serviceUrl).toBe(
        'https://smba.one/',
      );
      expect(store.reads).toBe(reads);
      // Different details are always matched against the store.
      await references.record(sighting('a:1', 'https://smba.two/'), message);
      expect(store.reads).toBe(reads + 1);
      expect((await references.get('a:1'))?.serviceUrl).toBe('https://smba.two/');
      now = new Date('2026-01-01T09:02:00.000Z');
      const afterAMinute = store.reads;
      await references.record(sighting('a:1', 'https://smba.two/'), message);
      expect(store.reads).toBe(afterAMinute + 1);
    });

    it('stores an installation at once even when this instance saw the conversation a moment ago', async () => {
      const first = new ConversationReferences(store);
      const second = new ConversationReferences(store);
      await first.record(sighting('a:1', 'https://smba.one/'), { fromMessage: true });
      // Uninstalled, through another instance, then installed again through this one.
      await second.remove('a:1');
      await first.record(sighting('a:1', 'https://smba.one/'));
      expect(await first.claimWelcome('a:1')).toBe(true);
      expect((await second.get('a:1'))?.welcomed).toBe(true);
    });

    it('gives the welcome to exactly one of several instances', async () => {
      const instances = Array.from({ length: 5 }, () => new ConversationReferences(store));
      await instances[0].record(sighting('a:1', 'https://smba.one/'));
      const claims = await Promise.all(instances.map((instance) => instance.claimWelcome('a:1')));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await instances[1].get('a:1'))?.welcomed).toBe(true);
      // A later sighting keeps it welcomed.
      await instances[2].record(sighting('a:1', 'https://smba.two/'));
      expect((await instances[3].get('a:1'))?.welcomed).toBe(true);
    });

    it('keeps hostile conversation ids apart', async () => {
      const references = new ConversationReferences(store);
      const ids = ['a:1', 'a:1/x', 'a:1%2Fx', '../a:1', '#?\\'];
      for (const id of ids)
        await references.record(sighting(id, `https://smba.example/${encodeURIComponent(id)}`));
      for (const id of ids) expect((await references.get(id))?.conversationId).toBe(id);
      expect((await references.list()).map((saved) => saved.conversationId).sort()).toEqual([...ids].sort());
      expect(await references.remove('a:1/x')).toBe(true);
      expect(await references.get('a:1/x')).toBeUndefined();
      expect((await references.get('a:1'))?.conversationId).toBe('a:1');
    });
  });
});
