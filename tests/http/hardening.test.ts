import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { MemoryStore } from '../../src/state/memoryStore';
import { cardActionFrom, messageFrom } from '../helpers/activities';
import { api, ADMIN_KEY, seedPeople, waitForBroadcast } from '../helpers/broadcastFixtures';
import { FakeConnector } from '../helpers/fakeConnector';
import { FakeOpenIdServer, FixedTokenCredentialsFactory } from '../helpers/openIdServer';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { startBot, type RunningBot } from '../helpers/server';
import { storeContents } from '../helpers/storeContents';

/** A raw request, so that headers and bytes are exactly what an attacker would send. */
function rawPost(
  url: string,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${path}`, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function storeSnapshot(bot: RunningBot): Promise<string> {
  return JSON.stringify(storeContents(bot.app.store));
}

describe('Hardening: request bodies', () => {
  let bot: RunningBot;
  let connector: FakeConnector;

  beforeAll(async () => {
    connector = new FakeConnector();
    await connector.start();
    bot = await startBot({ ADMIN_API_KEY: ADMIN_KEY });
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  const activity = () =>
    Buffer.from(JSON.stringify(messageFrom('help', { serviceUrl: connector.serviceUrl })));

  it('answers a "gzip" body that is not gzip with 400 and keeps serving, on every route', async () => {
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    expect((await rawPost(bot.url, '/api/messages', activity(), headers)).status).toBe(400);
    const admin = await rawPost(bot.url, '/api/broadcasts', activity(), {
      ...headers,
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    expect(admin.status).toBe(400);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('reads a real gzip body', async () => {
    const before = connector.requests.length;
    const response = await rawPost(bot.url, '/api/messages', gzipSync(activity()), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(200);
    await connector.waitForRequests(before + 1);
  });

  it('refuses other encodings and media types with 415, and bad bytes with 400', async () => {
    const json = { 'content-type': 'application/json' };
    expect(
      (await rawPost(bot.url, '/api/messages', activity(), { ...json, 'content-encoding': 'br' })).status,
    ).toBe(415);
    expect(
      (await rawPost(bot.url, '/api/messages', activity(), { 'content-type': 'text/plain' })).status,
    ).toBe(415);
    expect(
      (
        await rawPost(bot.url, '/api/messages', activity(), {
          'content-type': 'application/json; charset=latin1',
        })
      ).status,
    ).toBe(415);
    expect((await rawPost(bot.url, '/api/messages', Buffer.from('{"type":'), json)).status).toBe(400);
    expect(
      (await rawPost(bot.url, '/api/messages', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), json)).status,
    ).toBe(400);
  });

  it('limits the decompressed size: 100 KB of gzip that expands to 100 MB is 413, without the memory', async () => {
    const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(256 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        rawPost(bot.url, '/api/messages', bomb, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([413, 413, 413, 413]);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    expect(answers[0].text).not.toMatch(/zlib|stack|Error:/);
  });
});

describe('Hardening: activities are validated before anything is stored', () => {
  let bot: RunningBot;
  let teams: FakeTeamsConnector;
  const store = new MemoryStore();

  beforeAll(async () => {
    teams = new FakeTeamsConnector();
    await teams.start();
    bot = await startBot(
      { ADMIN_API_KEY: ADMIN_KEY },
      { store, connectorTokens: { token: async () => undefined } },
    );
  });
  afterAll(async () => {
    await bot.stop();
    await teams.stop();
  });

  const poisoned: [string, (activity: Record<string, unknown>) => void][] = [
    ['from.name null', (a) => ((a.from as Record<string, unknown>).name = null)],
    ['from.aadObjectId null', (a) => ((a.from as Record<string, unknown>).aadObjectId = null)],
    ['from.id a number', (a) => ((a.from as Record<string, unknown>).id = 42)],
    ['recipient.name null', (a) => ((a.recipient as Record<string, unknown>).name = null)],
    ['locale null', (a) => (a.locale = null)],
    ['localTimezone null', (a) => (a.localTimezone = null)],
    ['localTimezone not a zone', (a) => (a.localTimezone = 'Mars/Olympus')],
    ['channelData.team.name null', (a) => (a.channelData = { team: { id: '19:team', name: null } })],
    ['serviceUrl a number', (a) => (a.serviceUrl = 42)],
    ['serviceUrl missing', (a) => delete a.serviceUrl],
    ['serviceUrl not http', (a) => (a.serviceUrl = 'file:///etc/passwd')],
    ['a mention with nobody mentioned', (a) => (a.entities = [{ type: 'mention' }])],
    ['a mention without its text', (a) => (a.entities = [{ type: 'mention', mentioned: { id: '28:bot' } }])],
  ];

  it.each(poisoned)('refuses an activity with %s with 400 and stores nothing', async (_name, poison) => {
    const before = await storeSnapshot(bot);
    const activity = messageFrom('help', { serviceUrl: teams.serviceUrl }) as Record<string, unknown>;
    poison(activity);
    const response = await bot.post(activity);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toMatch(/toLowerCase|zod|expected|invalid_type/i);
    expect(await storeSnapshot(bot)).toBe(before);
    expect(teams.calls).toHaveLength(0);
  });

  it('skips a stored reference that no longer validates: broadcasts to everyone still work', async () => {
    await seedPeople(bot.app, teams.serviceUrl, 2);
    await store.put('conversation/a:broken', { conversationId: 'a:broken', userName: null }, null);
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      checklist: 'setup',
      audience: { kind: 'all' },
    });
    expect(created.status).toBe(202);
    expect(created.body.recipients).toBe(2);
    expect((await bot.post(messageFrom('help', { serviceUrl: teams.serviceUrl }))).status).toBe(200);
  });
});

describe('Hardening: stored records that fail validation never stop the service', () => {
  it('starts, lists and schedules with a broken broadcast record, and no promise goes unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const store = new MemoryStore();
    await store.put('broadcast/broken', { id: 'broken', state: 'sending', sendAt: 12 }, null);
    const teams = new FakeTeamsConnector();
    await teams.start();
    const bot = await startBot(
      { ADMIN_API_KEY: ADMIN_KEY },
      { store, connectorTokens: { token: async () => undefined } },
    );
    try {
      await seedPeople(bot.app, teams.serviceUrl, 1);
      const listed = await api(bot.url, 'GET', '/api/broadcasts');
      expect(listed.status).toBe(200);
      const scheduled = await api(bot.url, 'POST', '/api/broadcasts', {
        checklist: 'setup',
        audience: { kind: 'all' },
        sendAt: new Date(Date.now() + 300).toISOString(),
      });
      expect(scheduled.status).toBe(202);
      // The record goes bad before its timer fires.
      const item = await store.get(`broadcast/${String(scheduled.body.id)}`);
      await store.put(
        `broadcast/${String(scheduled.body.id)}`,
        { id: scheduled.body.id },
        item?.version ?? null,
      );
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await bot.stop();
      await teams.stop();
    }
  });
});

describe('Hardening: connector replies that cannot be read', () => {
  let teams: FakeTeamsConnector;
  let bot: RunningBot;

  beforeEach(async () => {
    teams = new FakeTeamsConnector();
    await teams.start();
    bot = await startBot(
      { ADMIN_API_KEY: ADMIN_KEY, BROADCAST_RATE_PER_SECOND: '100' },
      { connectorTokens: { token: async () => undefined }, deliveryBackoff: () => 10 },
    );
  });
  afterEach(async () => {
    await bot.stop();
    await teams.stop();
  });

  /** Broadcasts the checklist to three people; the job must complete with exactly one copy each. */
  async function broadcastToThree(): Promise<string> {
    const people = await seedPeople(bot.app, teams.serviceUrl, 3);
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      checklist: 'setup',
      audience: { kind: 'all' },
    });
    const id = String(created.body.id);
    const done = await waitForBroadcast(bot.url, id, (status) => status.state === 'completed');
    expect(done).toMatchObject({ sent: 3, failed: 0, pending: 0 });
    for (const person of people) expect(teams.deliveriesTo(`a:1on1-29:${person}`)).toBe(1);
    return id;
  }

  it('counts a 2xx with a non-JSON body as delivered, finishes the job, and recall says the copy has no id', async () => {
    teams.garbledSendReplies = true;
    const id = await broadcastToThree();
    await api(bot.url, 'POST', `/api/broadcasts/${id}/recall`);
    await waitForBroadcast(bot.url, id, (status) => status.state === 'recalled');
    const recipients = await api(bot.url, 'GET', `/api/broadcasts/${id}/recipients`);
    const rows = recipients.body.recipients as { state: string; error?: string }[];
    expect(rows.every((row) => row.state === 'sent' && /cannot be recalled/.test(row.error ?? ''))).toBe(
      true,
    );
    expect(teams.deleted).toHaveLength(0);
  });

  it('counts a 2xx whose body is cut off as delivered: the job completes and nobody gets a second copy', async () => {
    teams.brokenSendReplies = true;
    await broadcastToThree();
  });
});

describe('Hardening: a slow sign-in metadata host', () => {
  const APP_ID = '00000000-0000-0000-0000-00000000a99d';
  const TENANT = '11111111-2222-3333-4444-555555555555';

  it('answers 401 in bounded time with one shared fetch, and says nothing about the SDK', async () => {
    // Accepts connections and never answers, like a host behind a broken proxy.
    const sockets = new Set<import('node:net').Socket>();
    let connections = 0;
    const silent = http.createServer(() => undefined);
    silent.on('connection', (socket) => {
      connections++;
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/metadata`;
    const openId = new FakeOpenIdServer();
    await openId.start();
    const connector = new FakeConnector();
    await connector.start();
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const bot = await startBot(
      { BOT_ID: APP_ID, BOT_PASSWORD: 'not-used', BOT_TENANT_ID: TENANT, BOT_TYPE: 'SingleTenant' },
      {
        authentication: {
          endpoints: { ...openId.endpoints(), ToBotFromChannelOpenIdMetadataUrl: silentUrl },
          credentialsFactory: new FixedTokenCredentialsFactory(APP_ID),
          openIdLimits: { fetchTimeoutMs: 400, refreshAfterMs: 60_000, unknownKeyRefreshMs: 60_000 },
        },
      },
    );
    try {
      const token = openId.channelToken({ audience: APP_ID, serviceUrl: connector.serviceUrl });
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          bot.post(messageFrom('help', { serviceUrl: connector.serviceUrl, tenantId: TENANT }), {
            authorization: `Bearer ${token}`,
          }),
        ),
      );
      expect(performance.now() - started).toBeLessThan(3000);
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
      expect(connections).toBe(1);
      expect(JSON.stringify(answers[0].body)).toBe(
        JSON.stringify({ error: 'Unauthorized', message: 'A valid Bot Framework token is required.' }),
      );
    } finally {
      jest.restoreAllMocks();
      await bot.stop();
      for (const socket of sockets) socket.destroy();
      silent.close();
      await openId.stop();
      await connector.stop();
    }
  });
});

describe('Hardening: answers without 5xx or internals', () => {
  let bot: RunningBot;
  let connector: FakeConnector;

  beforeAll(async () => {
    connector = new FakeConnector();
    await connector.start();
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('answers a card action whose value cannot be read with 400 and an error body', async () => {
    for (const value of [
      undefined,
      'text',
      { action: { verb: 42 } },
      { action: { type: 'Action.Submit' } },
    ]) {
      const invoke = { ...cardActionFrom('x', {}, { serviceUrl: connector.serviceUrl }), value };
      const response = await bot.post(invoke);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'This card action could not be read.' },
      });
    }
  });

  it('acknowledges an invoke it does not handle with 200 instead of 501', async () => {
    const invoke = { ...cardActionFrom('x', {}, { serviceUrl: connector.serviceUrl }), name: 'config/fetch' };
    expect((await bot.post(invoke)).status).toBe(200);
  });

  it('answers an unknown admin route and the CSV link with 404 when the admin API is off', async () => {
    const csv = await fetch(`${bot.url}/api/broadcasts/x/recipients.csv?expires=1&sig=abc`);
    expect(csv.status).toBe(404);
    expect((await api(bot.url, 'POST', '/api/broadcasts', { checklist: 'setup' })).status).toBe(404);
  });
});

describe('Hardening: the admin API under attack', () => {
  let bot: RunningBot;

  beforeEach(async () => {
    bot = await startBot({ ADMIN_API_KEY: ADMIN_KEY }, { connectorTokens: { token: async () => undefined } });
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('checks the key before reading the body, and throttles a source after 10 failures', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await rawPost(bot.url, '/api/broadcasts', Buffer.from('not even json'), {
        'content-type': 'application/json',
        authorization: 'Bearer wrong',
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // The right key still works from that address (it may be a proxy everyone shares).
    expect((await api(bot.url, 'GET', '/api/broadcasts')).status).toBe(200);
    const refusals = (await bot.app.audit.entries()).filter((entry) => entry.action === 'broadcast.refused');
    expect(refusals).toHaveLength(1);
  });

  it.each([
    '2026-02-30T09:00:00+01:00',
    '2026-13-01T09:00:00Z',
    '2026-12-01T24:00:00Z',
    '2026-12-01T09:60:00Z',
  ])('refuses the impossible send time %s with 400', async (sendAt) => {
    const response = await api(bot.url, 'POST', '/api/broadcasts', {
      checklist: 'setup',
      audience: { kind: 'all' },
      sendAt,
    });
    expect(response.status).toBe(400);
    expect(await bot.app.broadcasts.list()).toHaveLength(0);
  });
});

describe('Hardening: a Bot Connector that never answers', () => {
  it('does not hang the request: a turn past its deadline is answered 503, and the bot keeps serving', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = http.createServer(() => undefined);
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const serviceUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const bot = await startBot({ TURN_DEADLINE_MS: '300' });
    try {
      const started = performance.now();
      const response = await bot.post(messageFrom('which authenticator app', { serviceUrl }));
      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        error: 'Unavailable',
        message: 'The bot could not answer in time. Try again.',
      });
      expect(performance.now() - started).toBeLessThan(2000);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      await bot.stop();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
