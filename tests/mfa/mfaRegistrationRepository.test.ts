import { MfaRegistrationRepository, type MfaRecord } from '../../src/mfa/mfaRegistrationRepository';
import { MemoryStore } from '../../src/state/memoryStore';
import { listByPrefix, type StoreWrite } from '../../src/state/store';

const record = (index: number, isMfaRegistered = true): MfaRecord => ({
  id: `id-${String(index).padStart(4, '0')}`,
  userPrincipalName: `p${index}@contoso.test`,
  isMfaRegistered,
  methodsRegistered: isMfaRegistered ? ['microsoftAuthenticatorPush'] : [],
});

/** Entra's registrations in the shared store: one record per person, transactions of at most 100. */
describe('MfaRegistrationRepository', () => {
  let store: MemoryStore;
  let batches: (readonly StoreWrite[])[];
  let repository: MfaRegistrationRepository;

  beforeEach(() => {
    store = new MemoryStore();
    batches = [];
    const putMany = store.putMany.bind(store);
    store.putMany = (writes) => {
      batches.push(writes);
      return putMany(writes);
    };
    repository = new MfaRegistrationRepository(store);
  });

  it('writes 250 people in transactions of 100, 100 and 50, one record each keyed by Entra id', async () => {
    const records = Array.from({ length: 250 }, (_, index) => record(index, index % 5 !== 0));
    expect(await repository.save(records, await repository.stored())).toBe(250);
    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(batches[0][0]).toMatchObject({ key: 'mfa-registration/id-0000', expectedVersion: null });
    expect(await repository.find('ID-0001')).toEqual(record(1));
    expect(await repository.find('id-0000')).toMatchObject({ isMfaRegistered: false });
    expect((await repository.all()).length).toBe(250);
  });

  it('rewrites only the people whose registration changed, against the versions it read', async () => {
    await repository.save([record(1, false), record(2, false)], await repository.stored());
    batches = [];
    const written = await repository.save([record(1, true), record(2, false)], await repository.stored());
    expect(written).toBe(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual([
      expect.objectContaining({ key: 'mfa-registration/id-0001', expectedVersion: expect.any(String) }),
    ]);
    expect(await repository.find('id-0001')).toMatchObject({ isMfaRegistered: true });
  });

  it('retries a batch another writer got to first, and ends with its own values', async () => {
    const known = await repository.stored();
    await store.put('mfa-registration/id-0003', record(3, false), null);
    await repository.save([record(3, true), record(4, true)], known);
    expect(await repository.find('id-0003')).toMatchObject({ isMfaRegistered: true });
    expect(await repository.find('id-0004')).toMatchObject({ isMfaRegistered: true });
  });

  it('removes people no longer in the report', async () => {
    await repository.save([record(1), record(2), record(3)], await repository.stored());
    const removed = await repository.removeExcept(new Set(['id-0002']), await repository.stored());
    expect(removed).toBe(2);
    expect((await listByPrefix(store, 'mfa-registration/')).map((item) => item.key)).toEqual([
      'mfa-registration/id-0002',
    ]);
  });

  it('keeps the "last refreshed" record apart from the people, and skips records that do not parse', async () => {
    expect(await repository.state()).toBeUndefined();
    await repository.setState(() => ({
      status: 'ok',
      refreshedAt: '2026-05-01T08:00:00.000Z',
      attemptedAt: '2026-05-01T08:00:00.000Z',
      people: 3,
    }));
    await repository.setState((current) => ({
      ...(current as NonNullable<typeof current>),
      status: 'unavailable',
      problem: 'no licence',
    }));
    expect(await repository.state()).toEqual({
      status: 'unavailable',
      refreshedAt: '2026-05-01T08:00:00.000Z',
      attemptedAt: '2026-05-01T08:00:00.000Z',
      problem: 'no licence',
      people: 3,
    });
    await store.put('mfa-registration/broken', { id: 7 }, null);
    const invalid: string[] = [];
    const strict = new MfaRegistrationRepository(store, (key) => invalid.push(key));
    expect(await strict.all()).toEqual([]);
    expect(await strict.find('broken')).toBeUndefined();
    expect(invalid).toEqual(['mfa-registration/broken', 'mfa-registration/broken']);
  });
});
