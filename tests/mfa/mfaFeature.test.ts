import { ALICE, BOB, type Person } from '../helpers/activities';
import { buttonsOf, visibleText } from '../helpers/cards';
import { FakeEntra, TEST_TAB_CLIENT_ID, TEST_TAB_DOMAIN } from '../helpers/fakeEntra';
import { FakeGraph } from '../helpers/fakeGraph';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { progressLineOf } from '../helpers/invokeCards';
import { startBot, type RunningBot } from '../helpers/server';
import { TENANT_ID } from '../helpers/activities';
import { seedPeople } from '../helpers/broadcastFixtures';
import { listByPrefix } from '../../src/state/store';
import type {
  AskResponse,
  ChecklistsResponse,
  MfaRemindResponse,
  MfaReportResponse,
} from '../../src/tab/contract';
import { capturedLogger, cardIn, chatWith } from './mfaHelpers';

const ADMIN: Person = {
  teamsId: '29:admin',
  aadObjectId: 'c3333333-3333-4333-8333-333333333333',
  name: 'Ivy Admin',
};
const CAROL: Person = {
  teamsId: '29:carol',
  aadObjectId: 'a1111111-1111-4111-8111-111111111111',
  name: 'Carol Example',
};

/** MFA registration status from Entra ID's report, against the loopback Graph, in chat and in the tab. */
describe('MFA registration status', () => {
  const graph = new FakeGraph();
  const entra = new FakeEntra();
  const connector = new FakeTeamsConnector();
  let bot: RunningBot;

  beforeAll(() => Promise.all([graph.start(), entra.start(), connector.start()]));
  afterAll(() => Promise.all([graph.stop(), entra.stop(), connector.stop()]));

  beforeEach(async () => {
    graph.api.users.clear();
    graph.api.revoked.clear();
    graph.calls.splice(0);
    graph.api.pageSize = 999;
  });
  afterEach(async () => {
    await bot?.stop();
  });

  const start = async (env: Record<string, string> = {}) => {
    bot = await startBot(
      {
        ...graph.env(),
        ADMIN_AAD_IDS: ADMIN.aadObjectId as string,
        TAB_CLIENT_ID: TEST_TAB_CLIENT_ID,
        TAB_DOMAIN: TEST_TAB_DOMAIN,
        ENTRA_JWKS_URI: entra.jwksUri,
        ALLOWED_TENANT_IDS: TENANT_ID,
        ...env,
      },
      {
        graphNetworkClient: graph.networkClient(),
        connectorTokens: { token: async () => undefined },
        tabKeyFetchTimeoutMs: 1_000,
      },
    );
    return bot;
  };
  const registered = (person: Person, isMfaRegistered: boolean) =>
    graph.addUser({
      id: person.aadObjectId,
      userPrincipalName: `${(person.name ?? 'x').split(' ')[0].toLowerCase()}@contoso.test`,
      displayName: person.name,
      isMfaRegistered,
      methodsRegistered: isMfaRegistered ? ['microsoftAuthenticatorPush'] : [],
    });
  const tabGet = async <T>(path: string, person: Person) => {
    const token = entra.token({ oid: person.aadObjectId, name: person.name });
    const response = await fetch(`${bot.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const tabPost = async <T>(path: string, person: Person, body: unknown = {}) => {
    const token = entra.token({ oid: person.aadObjectId, name: person.name });
    const response = await fetch(`${bot.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  it('reads the report page by page and keeps one record per person in the store', async () => {
    graph.api.pageSize = 2;
    for (let i = 0; i < 5; i++)
      graph.addUser({
        id: `aad-person-${i}`,
        userPrincipalName: `p${i}@contoso.test`,
        isMfaRegistered: i % 2 === 0,
      });
    await start({ MFA_REFRESH_MINUTES: '0' });
    const outcome = await bot.app.mfa.refresher.refresh();
    expect(outcome).toMatchObject({ kind: 'refreshed', people: 5, registered: 3 });
    const pages = graph.callsTo(/userRegistrationDetails/);
    expect(pages).toHaveLength(3);
    expect(pages[0].query.$select).toBe(
      'id,userPrincipalName,userDisplayName,isMfaRegistered,methodsRegistered',
    );
    expect(pages.slice(1).map((call) => call.query.$skiptoken)).toEqual(['2', '4']);
    const stored = await listByPrefix(bot.app.store, 'mfa-registration/');
    expect(stored.map((item) => item.value)).toEqual(
      expect.arrayContaining([
        {
          id: 'aad-person-0',
          userPrincipalName: 'p0@contoso.test',
          displayName: 'p0',
          isMfaRegistered: true,
          methodsRegistered: [],
        },
        {
          id: 'aad-person-1',
          userPrincipalName: 'p1@contoso.test',
          displayName: 'p1',
          isMfaRegistered: false,
          methodsRegistered: [],
        },
      ]),
    );
    expect(stored).toHaveLength(5);
    expect((await bot.app.store.get('mfa-refresh/state'))?.value).toMatchObject({ status: 'ok', people: 5 });
  });

  it("shows a registered person's authenticator steps as done, in the chat card and in the tab", async () => {
    registered(CAROL, true);
    await start({ MFA_REFRESH_MINUTES: '0' });
    await bot.app.mfa.refresher.refresh();
    const chat = chatWith(bot, connector, CAROL);
    const [reply] = await chat.say('start setup');
    const card = cardIn(reply) as Record<string, unknown>;
    expect(progressLineOf(card)).toBe('14 of 29 steps done');
    const text = visibleText(card);
    expect(text).toContain(
      '✓ Install an authenticator app (Microsoft Entra ID shows your MFA is registered)',
    );
    expect(text).toContain(
      '✓ Add your account to the authenticator and approve (Microsoft Entra ID shows your MFA is registered)',
    );
    expect(text).not.toContain('Is your authenticator app already set up');

    const tab = await tabGet<ChecklistsResponse>('/api/tab/checklists', CAROL);
    const journey = tab.body.checklists[0];
    expect(journey.doneCount).toBe(14);
    const authenticatorStages = journey.stages.filter((stage) =>
      ['authenticator_install', 'mfa_enroll'].includes(stage.topicId),
    );
    expect(authenticatorStages.flatMap((stage) => stage.steps.map((step) => step.reason))).toEqual(
      Array(6).fill('mfa-registered'),
    );
  });

  it('tells someone not registered not to reset their password now, with their next step; the safety rule stays first', async () => {
    registered(CAROL, false);
    await start({ MFA_REFRESH_MINUTES: '0' });
    await bot.app.mfa.refresher.refresh();
    const chat = chatWith(bot, connector, CAROL);
    const [answer] = await chat.say('should I reset my password');
    expect(answer.text).toContain("You haven't registered MFA yet, so don't reset your password now");
    const card = cardIn(answer);
    expect(visibleText(card)).toContain('Your next step');
    expect(visibleText(card)).toContain('Install an authenticator app, step 1 of 1');
    expect(visibleText(card)).toContain('Reset your password only once MFA is registered');
    expect(JSON.stringify(card)).not.toContain('aka.ms/sspr');

    // The tab's question box answers alike: MFA first, and the guide topic of the next step.
    const asked = await tabPost<AskResponse>('/api/tab/ask', CAROL, { text: 'should I reset my password' });
    expect(asked.body.warning).toMatchObject({ kind: 'mfa-first' });
    expect(asked.body.warning?.lines.join(' ')).toContain("You haven't registered MFA yet");
    expect(asked.body.topics.map((topic) => topic.id)).toEqual(['authenticator_install']);
    expect(JSON.stringify(asked.body)).not.toContain('aka.ms/sspr');

    const [warning] = await chat.say(
      "I got an approval request on my phone but I wasn't signing in, should I reset my password?",
    );
    expect(visibleText(cardIn(warning))).toMatch(/^Deny it/);
  });

  it('gives a registered person the reset steps without "set up your authenticator first"', async () => {
    registered(CAROL, true);
    await start({ MFA_REFRESH_MINUTES: '0' });
    await bot.app.mfa.refresher.refresh();
    const [answer] = await chatWith(bot, connector, CAROL).say('how do I reset my password');
    const text = visibleText(cardIn(answer));
    expect(text).not.toMatch(/set up your authenticator before/i);
    expect(text).toContain('Reset a forgotten password');
    expect(JSON.stringify(answer)).not.toContain("haven't registered MFA");
  });

  it('lists for admins who has not registered, and "Remind them" broadcasts the setup checklist to exactly them', async () => {
    await start({ MFA_REFRESH_MINUTES: '0' });
    const ids = await seedPeople(bot.app, connector.serviceUrl, 4);
    // person-0 and person-2 registered, person-1 and person-3 not, and someone not in Teams.
    ids.forEach((id, index) =>
      graph.addUser({
        id: `aad-${id}`,
        userPrincipalName: `${id}@contoso.test`,
        isMfaRegistered: index % 2 === 0,
      }),
    );
    graph.addUser({ id: 'aad-zed', userPrincipalName: 'zed@contoso.test', isMfaRegistered: false });
    await bot.app.mfa.refresher.refresh();

    const admin = chatWith(bot, connector, ADMIN);
    const [reply] = await admin.say('mfa');
    const card = cardIn(reply);
    const text = visibleText(card);
    expect(JSON.stringify(card)).toContain('{"title":"Registered","value":"2"}');
    expect(JSON.stringify(card)).toContain('{"title":"Not registered","value":"3"}');
    expect(JSON.stringify(card)).toContain('{"title":"Unknown","value":"1"}'); // the admin: not in the report
    expect(text).toContain('• Person 1 (person-1@contoso.test)');
    expect(text).toContain('• Person 3 (person-3@contoso.test)');
    // Someone without the app: named as Entra names them, with the UPN.
    expect(text).toContain('• zed (zed@contoso.test) – not in Teams yet');
    expect(text).not.toContain('Person 0');

    const remind = buttonsOf(card).find((button) => button.title === 'Remind them (3)');
    expect(remind).toBeDefined();
    await admin.press(remind?.verb as string, remind?.data);
    const [created] = await bot.app.broadcasts.list();
    expect(created.content).toEqual({ kind: 'checklist', checklistId: 'setup' });
    expect(created.audience).toEqual({ kind: 'users', ids: ['aad-person-1', 'aad-person-3', 'aad-zed'] });
    const recipients = (await bot.app.broadcasts.recipients(created.id)) ?? [];
    expect(recipients.map((recipient) => [recipient.key, recipient.state]).sort()).toEqual(
      [
        ['aad:aad-zed', 'unreachable'],
        [expect.stringContaining('person-1'), expect.any(String)],
        [expect.stringContaining('person-3'), expect.any(String)],
      ].sort(),
    );

    // Not an admin: "mfa" is the guide's topic, no report.
    const [staff] = await chatWith(bot, connector, BOB).say('mfa');
    expect(JSON.stringify(cardIn(staff))).not.toContain('Not registered');
  });

  it('serves the Rollout section: counts, list, CSV and "Remind them", to admins only', async () => {
    await start({ MFA_REFRESH_MINUTES: '0' });
    registered(CAROL, false);
    registered(ALICE, true);
    await bot.app.mfa.refresher.refresh();
    const report = await tabGet<MfaReportResponse>('/api/tab/rollout/mfa', ADMIN);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ status: 'ok', registered: 1, notRegistered: 1 });
    expect(report.body.unregistered.map((person) => person.id)).toEqual([CAROL.aadObjectId]);
    expect((await tabGet('/api/tab/rollout/mfa', CAROL)).status).toBe(403);

    const token = entra.token({ oid: ADMIN.aadObjectId, name: ADMIN.name });
    const csv = await fetch(`${bot.url}/api/tab/rollout/mfa/not-registered.csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await csv.text()).split(/\r?\n/)).toEqual([
      'id,name,userPrincipalName,inTeams',
      `${CAROL.aadObjectId},Carol Example,carol@contoso.test,false`,
      '',
    ]);

    const remind = await tabPost<MfaRemindResponse>('/api/tab/rollout/mfa/remind', ADMIN);
    expect(remind.status).toBe(202);
    expect(remind.body).toMatchObject({ recipients: 1 });
    const [created] = await bot.app.broadcasts.list();
    expect(created.audience).toEqual({ kind: 'users', ids: [CAROL.aadObjectId] });
    expect(created.createdBy).toBe(`tab:${ADMIN.aadObjectId}`);
  });

  it('turns itself off on a Graph 403: one log line, a note for IT, no crash', async () => {
    registered(CAROL, true);
    graph.api.revoked.add('AuditLog.Read.All');
    const { logger, lines } = capturedLogger();
    bot = await startBot(
      { ...graph.env(), ADMIN_AAD_IDS: ADMIN.aadObjectId as string, MFA_REFRESH_MINUTES: '0' },
      {
        graphNetworkClient: graph.networkClient(),
        connectorTokens: { token: async () => undefined },
        logger,
      },
    );
    expect(await bot.app.mfa.refresher.refresh()).toEqual({
      kind: 'unavailable',
      note: 'MFA status unavailable: grant AuditLog.Read.All (needs Entra ID P1/P2)',
    });
    expect(await bot.app.mfa.refresher.refresh()).toMatchObject({ kind: 'unavailable' });
    const mfaLines = lines.filter((line) => /MFA|AuditLog/.test(String(line.msg)));
    expect(mfaLines).toHaveLength(1);
    expect(mfaLines[0].msg).toContain(
      'MFA status unavailable: grant AuditLog.Read.All (needs Entra ID P1/P2)',
    );

    const chat = chatWith(bot, connector, CAROL);
    const [checklist] = await chat.say('start setup');
    expect(progressLineOf(cardIn(checklist))).toBe('8 of 29 steps done');
    const [report] = await chatWith(bot, connector, ADMIN).say('mfa');
    expect(visibleText(cardIn(report))).toContain(
      'MFA status unavailable: grant AuditLog.Read.All (needs Entra ID P1/P2)',
    );
  });

  it('is off without Graph: nothing is read, the checklist is as before', async () => {
    bot = await startBot(
      { ADMIN_AAD_IDS: ADMIN.aadObjectId as string },
      { connectorTokens: { token: async () => undefined } },
    );
    expect(await bot.app.mfa.refresher.refresh()).toEqual({ kind: 'off' });
    const [reply] = await chatWith(bot, connector, CAROL).say('start setup');
    expect(progressLineOf(cardIn(reply))).toBe('8 of 29 steps done');
  });
});
