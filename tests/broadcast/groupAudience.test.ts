import pino from 'pino';
import type { FakeUser } from '../helpers/fakeGraph';
import { FakeGraph } from '../helpers/fakeGraph';
import { api, ADMIN_KEY, entraPersonalConversation, waitForBroadcast } from '../helpers/broadcastFixtures';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { startBot, type RunningBot } from '../helpers/server';

const MANIFEST_ID = '6f0c2a4e-1b3d-4c5e-8f7a-9b0c1d2e3f40';
const finished = (status: Record<string, unknown>) =>
  ['completed', 'cancelled'].includes(String(status.state)) && status.pending === 0;

/** A log that keeps its lines, to read what the bot told the operator. */
function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  return { logger, lines };
}

/** Broadcasts to Entra groups and to people who have not installed the app, through Graph. */
describe('Broadcasts through Microsoft Graph', () => {
  let graph: FakeGraph;
  let connector: FakeTeamsConnector;
  let bot: RunningBot | undefined;
  let catalogId: string;

  beforeEach(async () => {
    graph = new FakeGraph();
    await graph.start();
    connector = new FakeTeamsConnector();
    await connector.start();
    catalogId = graph.addTeamsApp(MANIFEST_ID);
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await connector.stop();
    await graph.stop();
  });

  async function start(logger = pino({ level: 'silent' })): Promise<RunningBot> {
    bot = await startBot(
      {
        ...graph.env(),
        ADMIN_API_KEY: ADMIN_KEY,
        TEAMS_APP_ID: MANIFEST_ID,
        BROADCAST_DEFAULT_SERVICE_URL: connector.serviceUrl,
        BROADCAST_RATE_PER_SECOND: '500',
        BROADCAST_CONCURRENCY: '4',
      },
      {
        graphNetworkClient: graph.networkClient(),
        connectorTokens: { token: async () => 'test-token' },
        deliveryBackoff: () => 10,
        logger,
      },
    );
    return bot;
  }

  /** People who chatted with the bot before: their 1:1 conversation, keyed by their Entra id. */
  async function haveChatted(running: RunningBot, users: readonly FakeUser[]): Promise<void> {
    for (const user of users)
      await running.app.conversations.record(
        entraPersonalConversation(connector.serviceUrl, user.id, user.displayName),
      );
  }

  const chatOf = (user: FakeUser) => `19:${user.id}_${catalogId}@unq.gbl.spaces`;
  const copiesOf = (user: FakeUser) =>
    connector.deliveriesTo(`a:1on1-${user.id}`) + connector.deliveriesTo(chatOf(user));

  it('sends one copy to every user of a group with nested groups read over 3 pages, installing the app for those without it', async () => {
    graph.api.pageSize = 10;
    const people = Array.from({ length: 25 }, (_, i) =>
      graph.addUser({ userPrincipalName: `person${i}@contoso.test`, displayName: `Person ${i}` }),
    );
    const nested = graph.addGroup(
      'Finance Lyon',
      people.slice(15).map((user) => user.id),
    );
    // Person 0 is in both the group and the nested group: still one copy.
    const finance = graph.addGroup('Finance', [
      ...people.slice(0, 15).map((user) => user.id),
      nested.id,
      people[0].id,
    ]);
    const running = await start();
    await haveChatted(running, people.slice(0, 10));

    const preview = await api(running.url, 'POST', '/api/broadcasts', {
      notice: { title: 'Move to Microsoft 365', text: 'It starts Monday.' },
      audience: { kind: 'group', groupId: finance.id },
    });
    expect(preview.status).toBe(202);
    expect(preview.body).toMatchObject({ recipients: 25, unreachable: 0 });
    const status = await waitForBroadcast(running.url, String(preview.body.id), finished);
    expect(status).toMatchObject({ state: 'completed', total: 25, sent: 25, unreachable: 0, failed: 0 });
    expect(status.audience).toEqual({ kind: 'group', groupId: finance.id, name: 'Finance' });

    expect(people.map(copiesOf)).toEqual(people.map(() => 1));
    // The ten who had chatted get it in their chat; the fifteen others in the chat the install made.
    expect(people.slice(0, 10).every((user) => connector.deliveriesTo(`a:1on1-${user.id}`) === 1)).toBe(true);
    expect(people.slice(10).every((user) => connector.deliveriesTo(chatOf(user)) === 1)).toBe(true);
    const memberPages = graph.callsTo(/\/transitiveMembers\/microsoft\.graph\.user$/);
    // Read once for the create; each read takes 3 pages of 10.
    expect(memberPages).toHaveLength(3);
    const installs = graph.callsTo(/\/teamwork\/installedApps$/, 'POST');
    expect(installs.map((call) => call.status)).toEqual(people.slice(10).map(() => 201));
    expect(graph.callsTo(/\/appCatalogs\/teamsApps$/)).toHaveLength(1);
    // Their chat is kept: the next broadcast reaches them without Graph installs.
    const known = await running.app.conversations.list();
    expect(known.filter((saved) => saved.conversationId.startsWith('19:'))).toHaveLength(15);
    const again = await api(running.url, 'POST', '/api/broadcasts', {
      notice: { title: 'Reminder', text: 'Monday.' },
      audience: { kind: 'group', groupId: finance.id },
    });
    await waitForBroadcast(running.url, String(again.body.id), finished);
    expect(graph.callsTo(/\/teamwork\/installedApps$/, 'POST')).toHaveLength(15);
    expect(people.map(copiesOf)).toEqual(people.map(() => 2));
  });

  it('refuses an unknown group, a group id that is not a GUID, and a group when Graph is off', async () => {
    const running = await start();
    const unknown = await api(running.url, 'POST', '/api/broadcasts', {
      notice: { title: 'Hi', text: 'x' },
      audience: { kind: 'group', groupId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('There is no Entra group "00000000-0000-4000-8000-000000000000".');
    const notGuid = await api(running.url, 'POST', '/api/broadcasts', {
      notice: { title: 'Hi', text: 'x' },
      audience: { kind: 'group', groupId: 'finance' },
    });
    expect(notGuid.status).toBe(400);
    expect(String(notGuid.body.message)).toBe('audience.groupId: must be the Entra group object id, a GUID');

    const withoutGraph = await startBot({ ADMIN_API_KEY: ADMIN_KEY });
    try {
      const refused = await api(withoutGraph.url, 'POST', '/api/broadcasts', {
        notice: { title: 'Hi', text: 'x' },
        audience: { kind: 'group', groupId: '00000000-0000-4000-8000-000000000000' },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toBe(
        'Microsoft Graph is not configured (GRAPH_* settings), so Entra groups cannot be used as an audience.',
      );
    } finally {
      await withoutGraph.stop();
    }
  });

  it('turns installs off cleanly when Graph refuses them (403): one log line, a note for IT, the others still served', async () => {
    const { logger, lines } = recordingLogger();
    const people = Array.from({ length: 12 }, (_, i) =>
      graph.addUser({ userPrincipalName: `p${i}@contoso.test`, displayName: `P ${i}` }),
    );
    const group = graph.addGroup(
      'Everyone',
      people.map((user) => user.id),
    );
    graph.api.revoked.add('TeamsAppInstallation.ReadWriteSelfForUser.All');
    const running = await start(logger);
    await haveChatted(running, people.slice(0, 5));

    const created = await api(running.url, 'POST', '/api/broadcasts', {
      notice: { title: 'Hi', text: 'x' },
      audience: { kind: 'group', groupId: group.id },
    });
    expect(created.body).toMatchObject({ recipients: 12 });
    const status = await waitForBroadcast(running.url, String(created.body.id), finished);
    expect(status).toMatchObject({ state: 'completed', sent: 5, unreachable: 7, failed: 0 });
    expect(status.note).toBe(
      'People without the app could not be reached: Microsoft Graph refused to install it ' +
        '(TeamsAppInstallation.ReadWriteSelfForUser.All is not granted). IT: grant it with admin consent, ' +
        'then send again to those not reached.',
    );
    expect(people.slice(0, 5).map(copiesOf)).toEqual([1, 1, 1, 1, 1]);
    // Installs were tried until the first refusal, at most one per worker, then not again.
    expect(graph.callsTo(/\/teamwork\/installedApps$/, 'POST').length).toBeLessThanOrEqual(4);
    const warnings = lines.filter((line) => line.level >= 40 && line.msg.includes('refused to install'));
    expect(warnings).toHaveLength(1);
    const recipients = await api(running.url, 'GET', `/api/broadcasts/${String(created.body.id)}/recipients`);
    const unreachable = (recipients.body.recipients as { state: string; error?: string }[]).filter(
      (recipient) => recipient.state === 'unreachable',
    );
    expect(unreachable.map((recipient) => recipient.error)).toEqual(
      unreachable.map(() => 'the app could not be installed for them (Graph permission missing)'),
    );
  });

  it('finds people by UPN or e-mail address through Graph, and installs for those without a chat', async () => {
    const ada = graph.addUser({ userPrincipalName: 'ada@contoso.test', mail: 'ada.lovelace@contoso.com' });
    const bob = graph.addUser({ userPrincipalName: 'bob@contoso.test' });
    const running = await start();
    await haveChatted(running, [bob]);
    const created = await api(running.url, 'POST', '/api/broadcasts', {
      notice: { title: 'Hi', text: 'x' },
      audience: {
        kind: 'users',
        ids: ['Ada.Lovelace@Contoso.com', 'BOB@contoso.test', 'nobody@contoso.test'],
      },
    });
    expect(created.body).toMatchObject({ recipients: 3, unreachable: 1 });
    const status = await waitForBroadcast(running.url, String(created.body.id), finished);
    expect(status).toMatchObject({ sent: 2, unreachable: 1 });
    expect(connector.deliveriesTo(chatOf(ada))).toBe(1);
    expect(connector.deliveriesTo(`a:1on1-${bob.id}`)).toBe(1);
  });
});
