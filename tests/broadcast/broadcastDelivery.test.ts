import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteStore } from '../../src/state/sqliteStore';
import {
  api,
  ADMIN_KEY,
  member,
  seedPeople,
  seedTeam,
  tick,
  waitForBroadcast,
} from '../helpers/broadcastFixtures';
import type { BroadcastStatus } from '../../src/broadcast/broadcastService';
import { statusCardFor } from '../../src/cards/broadcastStatusView';
import { buttonsOf, visibleText } from '../helpers/cards';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { startBot, type RunningBot } from '../helpers/server';

const SETTINGS = {
  ADMIN_API_KEY: ADMIN_KEY,
  BROADCAST_RATE_PER_SECOND: '100',
  BROADCAST_CONCURRENCY: '4',
  BROADCAST_MAX_ATTEMPTS: '3',
};
const finished = (status: Record<string, unknown>) =>
  ['completed', 'recalled', 'cancelled'].includes(String(status.state)) && status.pending === 0;
const conversationOf = (id: string) => `a:1on1-29:${id}`;
const cardOf = (activity: Record<string, unknown>) =>
  (activity.attachments as { content: unknown }[])[0].content;

/** Broadcast delivery through the real server and a fake Bot Connector that throttles and fails. */
describe('Broadcast delivery', () => {
  let connector: FakeTeamsConnector;
  let bot: RunningBot;

  async function start(env: Record<string, string> = {}, dataDir?: string) {
    bot = await startBot(
      { ...SETTINGS, ...env, ...(dataDir ? { DATA_DIR: dataDir } : {}) },
      {
        connectorTokens: { token: async () => 'test-token' },
        deliveryBackoff: () => 10,
        ...(dataDir ? { store: SqliteStore.inDataDir(dataDir) } : {}),
      },
    );
  }

  beforeEach(async () => {
    connector = new FakeTeamsConnector();
    await connector.start();
  });
  afterEach(async () => {
    await bot?.stop();
    await connector.stop();
  });

  it('gets exactly one copy to every reachable person, reports the unreachable, and retries what is worth retrying', async () => {
    await start();
    const people = await seedPeople(bot.app, connector.serviceUrl, 30);
    connector.failNext.set(conversationOf(people[1]), [500, 503]);
    connector.failNext.set(conversationOf(people[2]), [500, 502, 504, 500]);
    connector.failAlways.set(conversationOf(people[3]), 403);
    const ids = [...people.map((id) => `aad-${id}`), 'ghost@iteres.example', 'aad-never-installed'];

    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      checklist: 'setup',
      audience: { kind: 'users', ids },
    });
    expect(created.body).toMatchObject({ recipients: 32, unreachable: 2 });
    const status = await waitForBroadcast(bot.url, String(created.body.id), finished);

    expect(status).toMatchObject({
      state: 'completed',
      total: 32,
      sent: 28,
      failed: 1,
      unreachable: 3,
      pending: 0,
    });
    for (const id of people.filter((_, index) => index !== 2 && index !== 3))
      expect(connector.deliveriesTo(conversationOf(id))).toBe(1);
    expect(connector.deliveriesTo(conversationOf(people[2]))).toBe(0);
    const card = cardOf(connector.delivered.get(conversationOf(people[0]))?.[0] ?? {});
    expect(visibleText(card)).toContain('8 of 29 steps done');
    expect(
      connector.calls.every(
        (call) =>
          call.body === undefined || call.method !== 'POST' || call.path.includes('/v3/conversations'),
      ),
    ).toBe(true);

    const recipients = (await api(bot.url, 'GET', `/api/broadcasts/${created.body.id}/recipients`)).body
      .recipients as Record<string, unknown>[];
    const byKey = new Map(recipients.map((recipient) => [recipient.key, recipient]));
    expect(byKey.get(`aad:aad-${people[1]}`)).toMatchObject({ state: 'sent', attempts: 3 });
    expect(byKey.get(`aad:aad-${people[2]}`)).toMatchObject({ state: 'failed', attempts: 3 });
    expect(byKey.get(`aad:aad-${people[3]}`)).toMatchObject({
      state: 'unreachable',
      error: expect.stringMatching(/HTTP 403/),
    });
    expect(byKey.get('upn:ghost@iteres.example')).toMatchObject({
      state: 'unreachable',
      error: 'not in Teams yet',
    });
    // The blocked person's reference is dropped, so the next broadcast does not try them again.
    expect(
      (await bot.app.conversations.list()).some((saved) => saved.userAadObjectId === `aad-${people[3]}`),
    ).toBe(false);
  });

  it('keeps under its ceiling in every second, and a 429 slows every sender', async () => {
    await start({ BROADCAST_RATE_PER_SECOND: '40', BROADCAST_CONCURRENCY: '8' });
    const people = await seedPeople(bot.app, connector.serviceUrl, 80);
    connector.rateLimit = 25;
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      notice: { title: 'Heads up', text: 'A sign-in prompt is normal.' },
      audience: { kind: 'all' },
    });
    const status = await waitForBroadcast(bot.url, String(created.body.id), finished, 30_000);
    expect(status).toMatchObject({ sent: 80, failed: 0, pending: 0 });
    for (const id of people) expect(connector.deliveriesTo(conversationOf(id))).toBe(1);
    expect(connector.calls.filter((call) => call.status === 429).length).toBeGreaterThan(0);
    expect(connector.peakPerSecond()).toBeLessThanOrEqual(40);
    const notice = visibleText(cardOf(connector.delivered.get(conversationOf(people[0]))?.[0] ?? {}));
    expect(notice).toContain('Heads up');
    expect(notice).toContain('A sign-in prompt is normal.');
  }, 40_000);

  it('pauses on a 401 without failing anyone, and resumes when told', async () => {
    await start();
    const people = await seedPeople(bot.app, connector.serviceUrl, 10);
    connector.unauthorized = true;
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      checklist: 'setup',
      audience: { kind: 'all' },
    });
    const paused = await waitForBroadcast(
      bot.url,
      String(created.body.id),
      (status) => status.state === 'paused',
    );
    expect(paused).toMatchObject({
      failed: 0,
      sent: 0,
      pending: 10,
      pausedReason: expect.stringMatching(/401/),
    });
    expect((await bot.app.audit.entries()).some((entry) => entry.action === 'broadcast.paused')).toBe(true);

    connector.unauthorized = false;
    expect((await api(bot.url, 'POST', `/api/broadcasts/${created.body.id}/resume`)).status).toBe(200);
    const status = await waitForBroadcast(bot.url, String(created.body.id), finished);
    expect(status).toMatchObject({ state: 'completed', sent: 10, failed: 0 });
    for (const id of people) expect(connector.deliveriesTo(conversationOf(id))).toBe(1);
  });

  it("sends to a team's members from its paged roster, opening 1:1 chats where needed", async () => {
    await start();
    await seedPeople(bot.app, connector.serviceUrl, 2, 'm');
    await seedTeam(bot.app, connector.serviceUrl, '19:team@thread.tacv2');
    connector.teams.set('19:team@thread.tacv2', ['m-0', 'm-1', 'x-2', 'x-3', 'x-4'].map(member));
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      checklist: 'setup',
      audience: { kind: 'team', teamId: '19:team@thread.tacv2' },
    });
    expect(created.body).toMatchObject({ recipients: 5 });
    await waitForBroadcast(bot.url, String(created.body.id), finished);
    const creations = connector.calls.filter(
      (call) => call.method === 'POST' && call.path === '/v3/conversations',
    );
    expect(creations.map((call) => (call.body?.members as { id: string }[])[0].id).sort()).toEqual([
      '29:x-2',
      '29:x-3',
      '29:x-4',
    ]);
    expect(creations[0].body).toMatchObject({ isGroup: false, bot: { id: '28:bot' }, tenantId: 'tenant' });
    for (const id of ['m-0', 'm-1', 'x-2', 'x-3', 'x-4'])
      expect(connector.deliveriesTo(conversationOf(id))).toBe(1);
    expect(connector.calls.every((call) => call.path.startsWith('/v3/') && call.status < 400)).toBe(true);
  });

  it('resolves people by UPN through a member lookup, and reports the unknown as not in Teams yet', async () => {
    await start();
    await seedTeam(bot.app, connector.serviceUrl, '19:team@thread.tacv2');
    connector.teams.set('19:team@thread.tacv2', [member('ann')]);
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      notice: { title: 'Hi', text: 'Setup starts Monday.' },
      audience: { kind: 'users', ids: ['ann@iteres.example', 'nobody@iteres.example'] },
    });
    const status = await waitForBroadcast(bot.url, String(created.body.id), finished);
    expect(status).toMatchObject({ total: 2, sent: 1, unreachable: 1 });
    expect(connector.deliveriesTo(conversationOf('ann'))).toBe(1);
    const lookups = connector.calls
      .filter((call) => call.path.includes('/members/'))
      .map((call) => decodeURIComponent(call.path));
    expect(lookups).toEqual([
      '/v3/conversations/19:team@thread.tacv2/members/ann@iteres.example',
      '/v3/conversations/19:team@thread.tacv2/members/nobody@iteres.example',
    ]);
  });

  it('posts to channels the app is in, and reports the others', async () => {
    await start();
    await seedTeam(
      bot.app,
      connector.serviceUrl,
      '19:team@thread.tacv2',
      '19:general@thread.tacv2;messageid=1700000000',
    );
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      checklist: 'setup',
      audience: { kind: 'channels', ids: ['19:general@thread.tacv2', '19:other@thread.tacv2'] },
    });
    const status = await waitForBroadcast(bot.url, String(created.body.id), finished);
    expect(status).toMatchObject({ sent: 1, unreachable: 1 });
    expect(visibleText(cardOf(connector.delivered.get('19:general@thread.tacv2')?.[0] ?? {}))).toContain(
      'Microsoft 365 setup: show my progress',
    );
  });

  it('cancel stops pending sends, idempotently', async () => {
    await start();
    await seedPeople(bot.app, connector.serviceUrl, 5);
    const sendAt = new Date(Date.now() + 1500).toISOString().replace('Z', '+00:00');
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      checklist: 'setup',
      audience: { kind: 'all' },
      sendAt,
    });
    const first = await api(bot.url, 'POST', `/api/broadcasts/${created.body.id}/cancel`);
    const second = await api(bot.url, 'POST', `/api/broadcasts/${created.body.id}/cancel`);
    expect(first.body).toMatchObject({ state: 'cancelled', cancelled: 5, pending: 0, sent: 0 });
    expect(second.body).toMatchObject({ state: 'cancelled', cancelled: 5 });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(connector.delivered.size).toBe(0);
  });

  it('says on the status card when a recall could not delete every copy, and lets the admin try again', async () => {
    await start();
    const people = await seedPeople(bot.app, connector.serviceUrl, 3);
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      notice: { title: 'Office move', text: 'Friday' },
      audience: { kind: 'all' },
    });
    const id = String(created.body.id);
    await waitForBroadcast(bot.url, id, finished);
    // Teams refuses to delete one person's copy, every time.
    connector.failAlways.set(conversationOf(people[1]), 500);
    await api(bot.url, 'POST', `/api/broadcasts/${id}/recall`);
    const stopped = await waitForBroadcast(bot.url, id, (status) => status.recallProblem !== undefined);
    expect(stopped).toMatchObject({
      state: 'completed',
      recallProblem: expect.stringContaining('Press Recall to try again'),
    });
    expect(String(stopped.recallProblem)).toContain('copy is still in people');
    const card = statusCardFor(stopped as unknown as BroadcastStatus, {
      timezone: 'UTC',
      now: new Date(),
      checklistTitle: (checklistId) => checklistId,
    });
    expect(visibleText(card)).toContain('The recall stopped');
    expect(buttonsOf(card).map((button) => button.title)).toContain('Recall');

    connector.failAlways.delete(conversationOf(people[1]));
    await api(bot.url, 'POST', `/api/broadcasts/${id}/recall`);
    const recalled = await waitForBroadcast(bot.url, id, (status) => status.state === 'recalled');
    expect(recalled.recallProblem).toBeUndefined();
    expect(new Set(connector.deleted).size).toBe(3);
  });

  it('recall deletes every delivered copy through the same sender, keeps progress, and is idempotent', async () => {
    await start();
    const people = await seedPeople(bot.app, connector.serviceUrl, 6);
    await tick(bot.app, people[0], ['install-authenticator']);
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      checklist: 'setup',
      audience: { kind: 'all' },
    });
    await waitForBroadcast(bot.url, String(created.body.id), finished);
    await api(bot.url, 'POST', `/api/broadcasts/${created.body.id}/recall`);
    const recalled = await waitForBroadcast(
      bot.url,
      String(created.body.id),
      (status) => status.state === 'recalled',
    );
    await api(bot.url, 'POST', `/api/broadcasts/${created.body.id}/recall`);
    await bot.app.delivery.idle();
    expect(recalled).toMatchObject({ deleted: 6, sent: 0 });
    expect(connector.deleted).toHaveLength(6);
    expect(new Set(connector.deleted).size).toBe(6);
    expect((await bot.app.progress.get(`aad:aad-${people[0]}`)).completionOrder).toEqual([
      'install-authenticator',
    ]);
  });

  it("reports each person's current checklist standing, and the list as CSV", async () => {
    await start();
    const people = await seedPeople(bot.app, connector.serviceUrl, 4);
    await tick(bot.app, people[0], 'everything');
    await tick(bot.app, people[1], ['install-authenticator']);
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      checklist: 'setup',
      audience: { kind: 'all' },
    });
    const status = await waitForBroadcast(bot.url, String(created.body.id), finished);
    expect(status).toMatchObject({ done: 1, inProgress: 1, notStarted: 2 });

    const csv = await api(bot.url, 'GET', `/api/broadcasts/${created.body.id}/recipients`, undefined, {
      accept: 'text/csv',
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('key,label,kind,state,attempts,progress,error');
    expect(lines).toContain(`aad:aad-${people[0]},Person 0,person,sent,1,done,`);
    expect(lines).toHaveLength(5);
  });

  it('a scheduled broadcast survives a restart and goes out at its time', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scheduled-'));
    await start({}, dataDir);
    const people = await seedPeople(bot.app, connector.serviceUrl, 3);
    const sendAt = new Date(Date.now() + 1500).toISOString();
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      checklist: 'setup',
      audience: { kind: 'all' },
      sendAt,
    });
    await bot.stop();
    expect(connector.delivered.size).toBe(0);
    await start({}, dataDir);
    const status = await waitForBroadcast(bot.url, String(created.body.id), finished);
    expect(status.sent).toBe(3);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(sendAt));
    for (const id of people) expect(connector.deliveriesTo(conversationOf(id))).toBe(1);
  });
});
