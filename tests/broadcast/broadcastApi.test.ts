import { api, ADMIN_KEY, seedPeople } from '../helpers/broadcastFixtures';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { startBot, type RunningBot } from '../helpers/server';

/** Who may use the admin API, and what a bad request gets. */
describe('Admin broadcast API: access and validation', () => {
  let connector: FakeTeamsConnector;
  let bot: RunningBot;

  beforeEach(async () => {
    connector = new FakeTeamsConnector();
    await connector.start();
    bot = await startBot({ ADMIN_API_KEY: ADMIN_KEY }, { connectorTokens: { token: async () => undefined } });
    await seedPeople(bot.app, connector.serviceUrl, 3);
  });
  afterEach(async () => {
    await bot.stop();
    await connector.stop();
  });

  const valid = { checklist: 'setup', audience: { kind: 'all' }, sendAt: '2099-01-01T09:00:00+01:00' };

  it('answers 401 to a missing or wrong key, and audits the refusals from one source as one row', async () => {
    expect((await api(bot.url, 'GET', '/api/broadcasts', undefined, { authorization: '' })).status).toBe(401);
    expect(
      (await api(bot.url, 'GET', '/api/broadcasts', undefined, { authorization: 'Bearer nope' })).status,
    ).toBe(401);
    expect(
      (await api(bot.url, 'POST', '/api/broadcasts', valid, { authorization: `Bearer ${ADMIN_KEY}x` }))
        .status,
    ).toBe(401);
    expect(
      (await api(bot.url, 'GET', '/api/broadcasts', undefined, { authorization: ADMIN_KEY })).status,
    ).toBe(401);
    const refusals = (await bot.app.audit.entries()).filter((entry) => entry.action === 'broadcast.refused');
    expect(refusals).toHaveLength(1);
    expect(refusals[0].detail).toMatchObject({ source: '127.0.0.1', attempts: 1, path: '/api/broadcasts' });
    expect((await bot.app.broadcasts.list()).length).toBe(0);
  });

  it('accepts the right key: 202 with the id and the recipient count, and audits who asked', async () => {
    const created = await api(bot.url, 'POST', '/api/broadcasts', valid);
    expect(created.status).toBe(202);
    expect(created.body).toEqual({ id: expect.any(String), recipients: 3, unreachable: 0 });
    const listed = await api(bot.url, 'GET', '/api/broadcasts');
    expect(
      (listed.body.broadcasts as { id: string; state: string }[]).map((entry) => [entry.id, entry.state]),
    ).toEqual([[created.body.id, 'scheduled']]);
    const audited = (await bot.app.audit.entries()).find((entry) => entry.action === 'broadcast.create');
    expect(audited).toMatchObject({
      actor: 'api',
      broadcastId: created.body.id,
      detail: { recipients: 3, audience: { kind: 'all' } },
    });
  });

  it.each([
    [
      'a sendAt without a time zone offset',
      { ...valid, sendAt: '2099-01-01T09:00:00' },
      /sendAt: must be a real ISO 8601 time with a time zone offset/,
    ],
    [
      'both a checklist and a notice',
      { ...valid, notice: { title: 'x', text: 'y' } },
      /exactly one of "checklist" or "notice"/,
    ],
    ['neither', { audience: { kind: 'all' } }, /exactly one of "checklist" or "notice"/],
    [
      'an unknown checklist',
      { ...valid, checklist: 'no-such-checklist' },
      /There is no checklist "no-such-checklist"/,
    ],
    ['an unknown audience kind', { ...valid, audience: { kind: 'everyone' } }, /audience/],
    ['an empty user list', { ...valid, audience: { kind: 'users', ids: [] } }, /audience\.ids/],
    [
      'a team the app is not in',
      { ...valid, audience: { kind: 'team', teamId: '19:nowhere' } },
      /not installed in team "19:nowhere"/,
    ],
    ['an unknown field', { ...valid, priority: 'urgent' }, /Unrecognized key/],
    ['an empty notice', { notice: { title: '', text: 'x' }, audience: { kind: 'all' } }, /notice\.title/],
    [
      'a reason with a notice',
      { notice: { title: 'x', text: 'y' }, why: 'because', audience: { kind: 'all' } },
      /"from" and "why" go with a checklist/,
    ],
  ])('answers %s with 400 and the reason, and queues nothing', async (_label, body, reason) => {
    const response = await api(bot.url, 'POST', '/api/broadcasts', body);
    expect(response.status).toBe(400);
    expect(String(response.body.message)).toMatch(reason);
    expect(await bot.app.broadcasts.list()).toHaveLength(0);
  });

  it('keeps who sends a checklist and why, to show above it', async () => {
    const response = await api(bot.url, 'POST', '/api/broadcasts', {
      ...valid,
      from: 'Ivy from IT',
      why: 'We move to Microsoft 365 on Monday.',
    });
    expect(response.status).toBe(202);
    const [created] = await bot.app.broadcasts.list();
    expect(created.content).toEqual({
      kind: 'checklist',
      checklistId: 'setup',
      from: 'Ivy from IT',
      why: 'We move to Microsoft 365 on Monday.',
    });
  });

  it('answers malformed JSON with 400', async () => {
    const response = await fetch(`${bot.url}/api/broadcasts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: '{"checklist":',
    });
    expect(response.status).toBe(400);
  });

  it('answers 404 for a broadcast that does not exist', async () => {
    expect((await api(bot.url, 'GET', '/api/broadcasts/nope')).status).toBe(404);
    expect((await api(bot.url, 'POST', '/api/broadcasts/nope/cancel')).status).toBe(404);
  });
});

describe('Admin broadcast API without a configured key', () => {
  it('is disabled: every route answers 404, whatever the key', async () => {
    const bot = await startBot({}, { connectorTokens: { token: async () => undefined } });
    try {
      expect((await api(bot.url, 'GET', '/api/broadcasts')).status).toBe(404);
      expect(
        (await api(bot.url, 'POST', '/api/broadcasts', { checklist: 'setup', audience: { kind: 'all' } }))
          .status,
      ).toBe(404);
      expect((await api(bot.url, 'GET', '/api/broadcasts/x/recipients')).status).toBe(404);
    } finally {
      await bot.stop();
    }
  });
});
