import { TENANT_ID, cardActionFrom, messageFrom, type Person } from '../helpers/activities';
import { seedPeople } from '../helpers/broadcastFixtures';
import { FakeEntra, TEST_TAB_CLIENT_ID, TEST_TAB_DOMAIN, type EntraClaims } from '../helpers/fakeEntra';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { invokeCard, postActivity } from '../helpers/http';
import { progressLineOf } from '../helpers/invokeCards';
import { startBot, type RunningBot } from '../helpers/server';
import type {
  AskResponse,
  BroadcastDetailResponse,
  BroadcastListResponse,
  ChecklistContent,
  ChecklistsResponse,
  GuideResponse,
  MeResponse,
} from '../../src/tab/contract';

const ALICE: Person = {
  teamsId: '29:alice-tab',
  aadObjectId: 'a1111111-1111-4111-8111-111111111111',
  name: 'Alice Example',
};
const ADMIN_OID = 'b2222222-2222-4222-8222-222222222222';
const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';

interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
  readonly headers: Headers;
}

async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; authorization?: string } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV or text
  }
  return { status: response.status, body: body as T, text, headers: response.headers };
}

describe('Tab API', () => {
  let entra: FakeEntra;
  let connector: FakeTeamsConnector;
  let bot: RunningBot;

  const tokenFor = (claims: EntraClaims = {}) =>
    entra.token({ oid: ALICE.aadObjectId, name: ALICE.name, ...claims });
  const get = <T = Record<string, unknown>>(path: string, token = tokenFor()) =>
    call<T>(bot.url, 'GET', path, { token });
  const post = <T = Record<string, unknown>>(path: string, body?: unknown, token = tokenFor()) =>
    call<T>(bot.url, 'POST', path, { token, body });

  beforeAll(async () => {
    entra = new FakeEntra();
    connector = new FakeTeamsConnector();
    await Promise.all([entra.start(), connector.start()]);
    bot = await startBot(
      {
        TAB_CLIENT_ID: TEST_TAB_CLIENT_ID,
        TAB_DOMAIN: TEST_TAB_DOMAIN,
        ENTRA_JWKS_URI: entra.jwksUri,
        ALLOWED_TENANT_IDS: TENANT_ID,
        ADMIN_AAD_IDS: ADMIN_OID,
      },
      { connectorTokens: { token: async () => undefined }, tabKeyFetchTimeoutMs: 1_000 },
    );
    await seedPeople(bot.app, connector.serviceUrl, 3);
  });
  afterAll(async () => {
    await bot.stop();
    await Promise.all([entra.stop(), connector.stop()]);
  });

  describe('tokens', () => {
    it('answers a valid token with the person and their progress', async () => {
      const me = await get<MeResponse>('/api/tab/me');
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        user: { name: ALICE.name, oid: ALICE.aadObjectId, tenantId: TENANT_ID },
        isAdmin: false,
        support: { name: 'iTeres Support', email: 'support@iteres.com' },
        orgName: 'iTeres Group',
      });
      expect(me.headers.get('cache-control')).toBe('no-store');
      const lists = await get<ChecklistsResponse>('/api/tab/checklists');
      expect(lists.status).toBe(200);
      const journey = lists.body.checklists[0];
      expect(journey).toMatchObject({ id: 'setup', totalCount: 29, complete: false });
      expect(journey.version).toEqual(expect.any(String));
    });

    it.each<[string, EntraClaims]>([
      ['the client id audience, v2 issuer', { audience: TEST_TAB_CLIENT_ID, issuerForm: 'v2' }],
      [
        'the api:// audience, v1 issuer',
        { audience: `api://${TEST_TAB_DOMAIN}/${TEST_TAB_CLIENT_ID}`, issuerForm: 'v1' },
      ],
      ['a scope among others', { scope: 'User.Read access_as_user openid' }],
      ['an expiry 30 s ago (within the clock tolerance)', { expiresIn: -30 }],
    ])('accepts %s', async (_label, claims) => {
      expect((await get('/api/tab/me', tokenFor(claims))).status).toBe(200);
    });

    const refused: [string, () => string, number][] = [
      ['a key Entra never published', () => tokenFor({}), 401],
      ['another audience', () => tokenFor({ audience: 'api://evil.example/other-app' }), 401],
      ['another issuer', () => tokenFor({ issuer: 'https://login.example.com/x/v2.0' }), 401],
      ["an issuer of another tenant than the token's", () => tokenFor({ issuerTenantId: OTHER_TENANT }), 401],
      ['an expired token', () => tokenFor({ expiresIn: -120 }), 401],
      ['a token not valid yet', () => tokenFor({ notBefore: 600 }), 401],
      ['another tenant', () => tokenFor({ tenantId: OTHER_TENANT }), 403],
      ['no scope', () => tokenFor({ scope: null }), 403],
      ['another scope', () => tokenFor({ scope: 'User.Read' }), 403],
      [
        'HS256 signed with the client id',
        () => entra.token({ oid: ALICE.aadObjectId }, { algorithm: 'HS256' }),
        401,
      ],
      ['alg none', () => entra.token({ oid: ALICE.aadObjectId }, { algorithm: 'none' }), 401],
      ['garbage', () => 'not.a.token', 401],
      [
        'an unknown key id',
        () =>
          tokenFor({}).replace(
            /^[^.]+/,
            Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'nope' })).toString('base64url'),
          ),
        401,
      ],
    ];
    refused[0][1] = () => entra.token({ oid: ALICE.aadObjectId }, { unpublishedKey: true });

    it.each(refused)('refuses %s with %i, a generic message and no change', async (_label, token, status) => {
      const before = await bot.app.progress.find(`aad:${ALICE.aadObjectId}`);
      for (const [method, path, body] of [
        ['GET', '/api/tab/me', undefined],
        ['GET', '/api/tab/checklists', undefined],
        ['POST', '/api/tab/checklists/setup/steps/install-authenticator', { done: true }],
        ['POST', '/api/tab/ask', { text: 'help with outlook' }],
      ] as const) {
        const answer = await call(bot.url, method, path, { token: token(), body });
        expect(answer.status).toBe(status);
        expect(Object.keys(answer.body)).toEqual(['error', 'message']);
        if (status === 401)
          expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      }
      expect(await bot.app.progress.find(`aad:${ALICE.aadObjectId}`)).toEqual(before);
    });

    it.each([
      ['no header', undefined],
      ['an empty header', ''],
      ['a scheme other than Bearer', `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['Bearer with nothing', 'Bearer '],
      ['a huge token', `Bearer ${'a'.repeat(15_000)}`],
    ])('refuses %s with 401', async (_label, authorization) => {
      const answer = await call(bot.url, 'GET', '/api/tab/me', { authorization });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    });

    it('reports a missing scope as insufficient_scope', async () => {
      const answer = await get('/api/tab/me', tokenFor({ scope: 'User.Read' }));
      expect(answer.headers.get('www-authenticate')).toBe(
        'Bearer error="insufficient_scope", scope="access_as_user"',
      );
    });
  });

  describe('checklists shared with chat', () => {
    const chatInvoke = (verb: string, data: Record<string, unknown>) =>
      postActivity(bot.url, cardActionFrom(verb, { checklistId: 'setup', ...data }, { person: ALICE }));

    it('a step ticked in the tab is done in chat, and one ticked in chat shows in the tab', async () => {
      const ticked = await post<{ checklist: ChecklistContent }>(
        '/api/tab/checklists/setup/steps/install-authenticator',
        { done: true },
      );
      expect(ticked.status).toBe(200);
      expect(ticked.body.checklist).toMatchObject({
        doneCount: 9,
        lastTickedStepId: 'install-authenticator',
      });

      const inChat = await chatInvoke('checklist.show', {});
      expect(progressLineOf(invokeCard(inChat.body))).toBe('9 of 29 steps done');

      const nextStep = ticked.body.checklist.nextStepId as string;
      await chatInvoke('checklist.done', { stepId: nextStep });
      const lists = await get<ChecklistsResponse>('/api/tab/checklists');
      const journey = lists.body.checklists[0];
      expect(journey.doneCount).toBe(10);
      expect(journey.lastTickedStepId).toBe(nextStep);
      expect(journey.version).not.toBe(ticked.body.checklist.version);

      const undone = await post<{ checklist: ChecklistContent }>(
        `/api/tab/checklists/setup/steps/${nextStep}`,
        {
          done: false,
        },
      );
      expect(undone.body.checklist.doneCount).toBe(9);
      expect(progressLineOf(invokeCard((await chatInvoke('checklist.show', {})).body))).toBe(
        '9 of 29 steps done',
      );
    });

    it.each([
      ['an unknown checklist', '/api/tab/checklists/nope/steps/install-authenticator', { done: true }, 404],
      ['an unknown step', '/api/tab/checklists/setup/steps/nope', { done: true }, 404],
      ['a bad id', '/api/tab/checklists/setup/steps/%3Cscript%3E', { done: true }, 400],
      [
        'a body that is not a boolean',
        '/api/tab/checklists/setup/steps/install-authenticator',
        { done: 'yes' },
        400,
      ],
      ['an extra field', '/api/tab/checklists/setup/steps/install-authenticator', { done: true, x: 1 }, 400],
      ['no body', '/api/tab/checklists/setup/steps/install-authenticator', undefined, 415],
    ])('answers %s with %i and changes nothing', async (_label, path, body, status) => {
      const before = await bot.app.progress.find(`aad:${ALICE.aadObjectId}`);
      expect((await post(path, body)).status).toBe(status);
      expect(await bot.app.progress.find(`aad:${ALICE.aadObjectId}`)).toEqual(before);
    });

    it('answers an over-long id with a 4xx (the router refuses it) and changes nothing', async () => {
      const before = await bot.app.progress.find(`aad:${ALICE.aadObjectId}`);
      const answer = await post(`/api/tab/checklists/setup/steps/${'a'.repeat(101)}`, { done: true });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(await bot.app.progress.find(`aad:${ALICE.aadObjectId}`)).toEqual(before);
    });
  });

  describe('guide and questions', () => {
    it('serves the guide publicly, with the same content as chat', async () => {
      const guide = await call<GuideResponse>(bot.url, 'GET', '/api/tab/guide');
      expect(guide.status).toBe(200);
      expect(guide.body.support).toEqual({ name: 'iTeres Support', email: 'support@iteres.com' });
      expect(guide.body.topics.map((topic) => topic.id)).toEqual(
        bot.app.assistant.guide.topics.map((t) => t.id),
      );
      const reauth = guide.body.topics.find((topic) => topic.id === 'reauth_prompt');
      expect(reauth?.warning).toMatchObject({ kind: 'reauth', title: 'Do NOT reset your password' });
      expect(reauth?.related.map((link) => link.topicId)).not.toContain('sspr');
      expect(JSON.stringify(guide.body)).not.toContain('{{');
    });

    it('counts questions in the tab and in chat against one allowance per person', async () => {
      const carol: Person = {
        teamsId: '29:carol-tab',
        aadObjectId: 'c3333333-3333-4333-8333-333333333333',
        name: 'Carol Example',
      };
      const ask = () =>
        post<AskResponse>(
          '/api/tab/ask',
          { text: 'which app do I install' },
          tokenFor({ oid: carol.aadObjectId }),
        );
      // The default burst is 10: spend 9 in chat, and the tab has exactly one left.
      for (let i = 0; i < 9; i++)
        await postActivity(
          bot.url,
          messageFrom('which app do I install', { person: carol, serviceUrl: connector.serviceUrl }),
        );
      expect((await ask()).status).toBe(200);
      const refused = await ask();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('10');
    });

    it('tells the tab, publicly, which app and scope to ask Entra for', async () => {
      const settings = await call(bot.url, 'GET', '/api/tab/settings');
      expect(settings.status).toBe(200);
      expect(settings.body).toEqual({
        clientId: TEST_TAB_CLIENT_ID,
        apiScope: `api://${TEST_TAB_DOMAIN}/${TEST_TAB_CLIENT_ID}/access_as_user`,
      });
    });

    it('answers a prompt the person did not start with the deny-first warning, never a reset', async () => {
      const answer = await post<AskResponse>('/api/tab/ask', {
        text: "I got an approval request at 3am I didn't start",
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ kind: 'warning', warning: { kind: 'unrequested' } });
      expect(answer.body.warning?.title).toMatch(/^Deny it/);
      expect(answer.body.topics[0].id).toBe('unrequested_prompt');
      expect(JSON.stringify(answer.body.topics[0].related)).not.toMatch(/sspr|change_password/);
    });

    it('answers a prompt after their own sign-in with the do-not-reset warning', async () => {
      const answer = await post<AskResponse>('/api/tab/ask', {
        text: 'Outlook asked me to approve a sign-in, should I reset my password?',
      });
      expect(answer.body).toMatchObject({ kind: 'warning', warning: { kind: 'reauth' } });
      expect(answer.body.topics[0].id).toBe('reauth_prompt');
      expect(answer.body.topics.map((topic) => topic.id)).not.toContain('sspr');
    });

    it('answers an ordinary question, a follow-up and an off-topic one as chat does', async () => {
      const outlook = await post<AskResponse>('/api/tab/ask', {
        text: 'how do I set up outlook on my laptop',
      });
      expect(outlook.body.kind).toBe('answer');
      const phone = await post<AskResponse>('/api/tab/ask', {
        text: 'and on my phone?',
        lastTopicId: outlook.body.answeredTopicId,
      });
      expect(phone.body).toMatchObject({ kind: 'answer', answeredTopicId: 'phone_setup' });
      const printer = await post<AskResponse>('/api/tab/ask', { text: 'my printer is jammed' });
      expect(printer.body.kind).toBe('out-of-scope');
      expect(printer.body.message).toContain('support@iteres.com');
    });

    it.each([
      ['no text', {}],
      ['an empty text', { text: '' }],
      ['a text over 4,000 characters', { text: 'a'.repeat(4001) }],
      ['a number', { text: 5 }],
      ['an unknown field', { text: 'hi', admin: true }],
    ])('refuses %s with 400', async (_label, body) => {
      expect((await post('/api/tab/ask', body)).status).toBe(400);
    });
  });

  describe('Rollout', () => {
    const admin = () => tokenFor({ oid: ADMIN_OID, name: 'Ivy Admin' });
    const seeded = { kind: 'users', ids: ['aad-person-0', 'aad-person-1', 'aad-person-2'] };
    const valid = { checklist: 'setup', audience: seeded, sendAt: '2099-01-01T09:00:00+01:00' };

    it('refuses every Rollout endpoint to someone who is not an admin, and audits it', async () => {
      const id = (
        await bot.app.broadcasts.create('api', {
          content: { kind: 'checklist', checklistId: 'setup' },
          audience: { kind: 'all' },
          sendAt: new Date('2099-01-01T00:00:00Z'),
        })
      ).id;
      const routes: [string, string, unknown?][] = [
        ['GET', '/api/tab/rollout/options'],
        ['GET', '/api/tab/rollout/broadcasts'],
        ['GET', `/api/tab/rollout/broadcasts/${id}`],
        ['GET', `/api/tab/rollout/broadcasts/${id}/recipients.csv`],
        ['POST', `/api/tab/rollout/broadcasts/${id}/remind`],
        ['POST', `/api/tab/rollout/broadcasts/${id}/cancel`],
        ['POST', `/api/tab/rollout/broadcasts/${id}/recall`],
        ['POST', '/api/tab/rollout/preview', valid],
        ['POST', '/api/tab/rollout/broadcasts', valid],
      ];
      const count = (await bot.app.broadcasts.list()).length;
      for (const [method, path, body] of routes) {
        const answer = await call(bot.url, method, path, { token: tokenFor(), body });
        expect([path, answer.status]).toEqual([path, 403]);
      }
      expect((await bot.app.broadcasts.list()).length).toBe(count);
      expect((await bot.app.broadcasts.status(id))?.state).toBe('scheduled');
      const refusals = (await bot.app.audit.entries()).filter(
        (entry) => entry.action === 'broadcast.refused' && entry.actor === `tab:${ALICE.aadObjectId}`,
      );
      expect(refusals).toHaveLength(routes.length);
      await bot.app.broadcasts.cancel('api', id);
    });

    it('audits at most ten refused Rollout calls a minute per person, and still refuses them all', async () => {
      const flooder = tokenFor({ oid: 'c3333333-3333-4333-8333-333333333333' });
      const statuses = await Promise.all(
        Array.from({ length: 40 }, () =>
          call(bot.url, 'GET', '/api/tab/rollout/options', { token: flooder }),
        ),
      );
      expect(statuses.map((answer) => answer.status)).toEqual(Array(40).fill(403));
      const rows = (await bot.app.audit.entries()).filter(
        (entry) =>
          entry.action === 'broadcast.refused' && entry.actor === 'tab:c3333333-3333-4333-8333-333333333333',
      );
      expect(rows).toHaveLength(10);
    });

    it('lets an admin preview, send, watch, download, remind, cancel and recall', async () => {
      expect((await get<MeResponse>('/api/tab/me', admin())).body.isAdmin).toBe(true);
      const options = await get('/api/tab/rollout/options', admin());
      expect(options.status).toBe(200);

      const preview = await post('/api/tab/rollout/preview', valid, admin());
      expect(preview).toMatchObject({ status: 200, body: { recipients: 3, unreachable: 0 } });

      const sent = await post<{ id: string }>(
        '/api/tab/rollout/broadcasts',
        { checklist: 'setup', audience: seeded },
        admin(),
      );
      expect(sent.status).toBe(202);
      const id = sent.body.id;
      for (let i = 0; (await bot.app.broadcasts.status(id))?.state !== 'completed'; i++) {
        if (i > 400) throw new Error('the broadcast did not finish');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const created = (await bot.app.audit.entries()).find(
        (entry) => entry.action === 'broadcast.create' && entry.broadcastId === id,
      );
      expect(created?.actor).toBe(`tab:${ADMIN_OID}`);

      const list = await get<BroadcastListResponse>('/api/tab/rollout/broadcasts', admin());
      expect(list.body.broadcasts.find((entry) => entry.id === id)).toMatchObject({
        state: 'completed',
        title: expect.any(String),
        sent: 3,
        failed: 0,
        notStarted: 3,
      });
      const detail = await get<BroadcastDetailResponse>(`/api/tab/rollout/broadcasts/${id}`, admin());
      expect(detail.body.byDelivery.sent).toHaveLength(3);
      expect(detail.body.byProgress?.notStarted).toHaveLength(3);

      const csv = await get(`/api/tab/rollout/broadcasts/${id}/recipients.csv`, admin());
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.text.split('\r\n')[0]).toBe('key,label,kind,state,attempts,progress,error');
      expect(csv.text.trim().split('\r\n')).toHaveLength(4);

      const reminded = await post<{ id: string; recipients: number }>(
        `/api/tab/rollout/broadcasts/${id}/remind`,
        undefined,
        admin(),
      );
      expect(reminded.status).toBe(202);
      expect(reminded.body.recipients).toBe(3);
      expect((await bot.app.broadcasts.status(reminded.body.id))?.createdBy).toBe(`tab:${ADMIN_OID}`);

      const later = await post<{ id: string }>('/api/tab/rollout/broadcasts', valid, admin());
      const cancelled = await post(`/api/tab/rollout/broadcasts/${later.body.id}/cancel`, undefined, admin());
      expect(cancelled).toMatchObject({ status: 200, body: { broadcast: { state: 'cancelled' } } });
      const recalled = await post(`/api/tab/rollout/broadcasts/${later.body.id}/recall`, undefined, admin());
      expect(recalled.status).toBe(200);
    });

    it.each([
      [
        'an unknown broadcast',
        'GET',
        '/api/tab/rollout/broadcasts/00000000-0000-0000-0000-000000000000',
        undefined,
        404,
      ],
      ['a malformed id', 'GET', '/api/tab/rollout/broadcasts/..%2F..', undefined, 404],
      ['a bad composer body', 'POST', '/api/tab/rollout/broadcasts', { audience: { kind: 'all' } }, 400],
      ['an unknown checklist', 'POST', '/api/tab/rollout/preview', { ...valid, checklist: 'nope' }, 400],
      [
        'a sendAt without offset',
        'POST',
        '/api/tab/rollout/broadcasts',
        { ...valid, sendAt: '2099-01-01T09:00' },
        400,
      ],
    ])('answers an admin %s with %i', async (_label, method, path, body, status) => {
      const count = (await bot.app.broadcasts.list()).length;
      expect((await call(bot.url, method, path, { token: admin(), body })).status).toBe(status);
      expect((await bot.app.broadcasts.list()).length).toBe(count);
    });
  });
});

describe('Tab API keys', () => {
  let entra: FakeEntra;
  let bot: RunningBot;

  beforeEach(async () => {
    entra = new FakeEntra();
    await entra.start();
    bot = await startBot(
      { TAB_CLIENT_ID: TEST_TAB_CLIENT_ID, ENTRA_JWKS_URI: entra.jwksUri },
      { tabKeyFetchTimeoutMs: 500 },
    );
  });
  afterEach(async () => {
    await bot.stop();
    await entra.stop();
  });

  const me = (token: string) => call(bot.url, 'GET', '/api/tab/me', { token });

  it('fetches the keys once for many requests, and again for a new key id', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => me(entra.token())));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(entra.fetches).toBe(1);
    entra.addKey();
    expect((await me(entra.token())).status).toBe(200);
    expect(entra.fetches).toBe(2);
    expect((await me(entra.token({}, { keyId: 'entra-key-1' }))).status).toBe(200);
    expect(entra.fetches).toBe(2);
  });

  it('still accepts real tokens after a flood of forged key ids on a cold cache', async () => {
    const forged = (i: number) =>
      entra
        .token()
        .replace(
          /^[^.]+/,
          Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: `forged-${i}` })).toString('base64url'),
        );
    for (let i = 0; i < 20; i++) expect((await me(forged(i))).status).toBe(401);
    expect((await me(entra.token())).status).toBe(200);
    expect(entra.fetches).toBeLessThanOrEqual(5);
  });

  it('refuses with 401 within the bounded time when the key server hangs', async () => {
    entra.hang(true);
    const started = Date.now();
    const answer = await me(entra.token());
    expect(answer.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(3_000);
    entra.hang(false);
    expect((await me(entra.token())).status).toBe(200);
  });

  it('accepts any tenant when none is configured', async () => {
    expect((await me(entra.token({ tenantId: OTHER_TENANT }))).status).toBe(200);
  });
});

describe('Tab API without a client id (local mode)', () => {
  it('serves the guide, and answers 404 "not configured" for everything else', async () => {
    const bot = await startBot({});
    try {
      expect((await call(bot.url, 'GET', '/api/tab/guide')).status).toBe(200);
      // No client id, nothing to sign in to: the tab stays read-only.
      expect((await call(bot.url, 'GET', '/api/tab/settings')).body).toEqual({});
      expect((await call(bot.url, 'GET', '/api/tab/no-such-thing')).body).toEqual({
        error: 'NotFound',
        message: '/api/tab/no-such-thing does not exist.',
      });
      for (const [method, path] of [
        ['GET', '/api/tab/me'],
        ['GET', '/api/tab/checklists'],
        ['POST', '/api/tab/ask'],
        ['GET', '/api/tab/rollout/broadcasts'],
      ]) {
        const answer = await call(bot.url, method, path, { authorization: 'Bearer x' });
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({
          error: 'NotFound',
          message: expect.stringMatching(/not configured/),
        });
      }
    } finally {
      await bot.stop();
    }
  });
});
