import { loadConfig } from '../../src/config';
import { ESCALATION_PREFIX } from '../../src/escalation/escalationRepository';
import { MESSAGE_HISTORY_PREFIX, MessageHistory } from '../../src/escalation/messageHistory';
import { listByPrefix } from '../../src/state/store';
import { MemoryStore } from '../../src/state/memoryStore';
import { startBot } from '../helpers/server';

const DAY = 86_400_000;

function escalationAt(id: string, updatedAt: Date, status: 'open' | 'resolved' = 'resolved') {
  return {
    id,
    status,
    createdAt: updatedAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    person: { key: 'aad:alice', name: 'Alice Example' },
    personChat: { serviceUrl: 'https://smba.example/', conversationId: 'a:alice' },
    question: `question ${id}`,
    recentMessages: [],
    replies: [],
  };
}

/** RETENTION_DAYS: escalations and message history older than the setting are deleted for good. */
describe('Retention purge', () => {
  it('deletes escalations and message history older than RETENTION_DAYS and keeps newer ones', async () => {
    const now = new Date('2027-03-01T12:00:00Z');
    const store = new MemoryStore();
    const bot = await startBot({ RETENTION_DAYS: '30' }, { store, clock: () => now });
    try {
      await store.put(
        `${ESCALATION_PREFIX}oldOne1`,
        escalationAt('oldOne1', new Date(now.getTime() - 31 * DAY)),
        null,
      );
      await store.put(
        `${ESCALATION_PREFIX}oldOpen1`,
        escalationAt('oldOpen1', new Date(now.getTime() - 45 * DAY), 'open'),
        null,
      );
      await store.put(
        `${ESCALATION_PREFIX}recent1`,
        escalationAt('recent1', new Date(now.getTime() - 29 * DAY)),
        null,
      );
      await store.put(`${ESCALATION_PREFIX}garbled`, { nonsense: true }, null);

      let clock = new Date(now.getTime() - 40 * DAY);
      const history = new MessageHistory(store, () => clock);
      history.record('a:old-chat', 'aad:bob', 'an old question');
      await history.flush();
      clock = new Date(now.getTime() - DAY);
      history.record('a:new-chat', 'aad:alice', 'a recent question');
      await history.flush();
      expect(await history.recent('a:new-chat', 'aad:alice')).toEqual(['a recent question']);

      const deleted = await bot.app.escalations.retention.purge(now);

      // Other features' kinds are purged too; these two are this feature's.
      expect(deleted).toMatchObject({ [ESCALATION_PREFIX]: 3, [MESSAGE_HISTORY_PREFIX]: 1 });
      expect((await listByPrefix(store, ESCALATION_PREFIX)).map((item) => item.key)).toEqual([
        `${ESCALATION_PREFIX}recent1`,
      ]);
      expect(await history.recent('a:old-chat', 'aad:bob')).toEqual([]);
      expect(await history.recent('a:new-chat', 'aad:alice')).toEqual(['a recent question']);
      // A second purge finds nothing more to delete.
      expect(await bot.app.escalations.retention.purge(now)).toMatchObject({
        [ESCALATION_PREFIX]: 0,
        [MESSAGE_HISTORY_PREFIX]: 0,
      });
    } finally {
      await bot.stop();
    }
  });

  it('runs the daily purge on start on the instance holding the retention lease', async () => {
    const now = new Date('2027-03-01T12:00:00Z');
    const store = new MemoryStore();
    await store.put(
      `${ESCALATION_PREFIX}ancient1`,
      escalationAt('ancient1', new Date(now.getTime() - 400 * DAY)),
      null,
    );
    const bot = await startBot({}, { store, clock: () => now });
    try {
      for (let wait = 0; wait < 50 && (await store.get(`${ESCALATION_PREFIX}ancient1`)); wait++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await store.get(`${ESCALATION_PREFIX}ancient1`)).toBeUndefined();
    } finally {
      await bot.stop();
    }
  });

  it('keeps the last five messages per person and conversation', async () => {
    const store = new MemoryStore();
    const history = new MessageHistory(store);
    for (let n = 1; n <= 7; n++) history.record('a:chat', 'aad:alice', `message ${n}`);
    history.record('a:chat', 'aad:bob', 'bob here');
    await history.flush();
    expect(await history.recent('a:chat', 'aad:alice')).toEqual([
      'message 3',
      'message 4',
      'message 5',
      'message 6',
      'message 7',
    ]);
    expect(await history.recent('a:chat', 'aad:bob')).toEqual(['bob here']);
  });
});

describe('Escalation settings', () => {
  it('validates ESCALATION_CHANNEL_ID and RETENTION_DAYS', () => {
    expect(loadConfig({}).escalation.channelId).toBeUndefined();
    expect(loadConfig({}).retentionDays).toBe(90);
    expect(
      loadConfig({ ESCALATION_CHANNEL_ID: '19:abcDEF_12-3@thread.tacv2', RETENTION_DAYS: '30' }),
    ).toMatchObject({
      escalation: { channelId: '19:abcDEF_12-3@thread.tacv2' },
      retentionDays: 30,
    });
    expect(() => loadConfig({ ESCALATION_CHANNEL_ID: '19:abc@thread.tacv2;messageid=123' })).toThrow(
      /ESCALATION_CHANNEL_ID: must be a Teams channel id such as 19:abc123@thread.tacv2/,
    );
    expect(() => loadConfig({ ESCALATION_CHANNEL_ID: 'general' })).toThrow(/ESCALATION_CHANNEL_ID/);
    expect(() => loadConfig({ RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS: must be at least 1/);
    expect(() => loadConfig({ RETENTION_DAYS: '2.5' })).toThrow(
      /RETENTION_DAYS: must be a whole number of days/,
    );
    expect(() => loadConfig({ RETENTION_DAYS: 'forever' })).toThrow(/RETENTION_DAYS/);
  });
});
