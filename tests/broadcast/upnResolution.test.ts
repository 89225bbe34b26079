import { ALICE, messageFrom } from '../helpers/activities';
import { api, ADMIN_KEY, waitForBroadcast } from '../helpers/broadcastFixtures';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { startBot, type RunningBot } from '../helpers/server';

const ALICE_CHAT = `a:personal-${ALICE.teamsId}`;
const finished = (status: Record<string, unknown>) => status.state === 'completed' && status.pending === 0;

/** E-mail addresses that work without Graph: the UPN Teams gives for a new 1:1 chat is kept and matched. */
describe('Broadcasting to e-mail addresses without Graph', () => {
  let connector: FakeTeamsConnector;
  let bot: RunningBot;

  beforeEach(async () => {
    connector = new FakeTeamsConnector();
    await connector.start();
    // Teams' member record of Alice's 1:1 chat, as `GET /v3/conversations/{id}/members/{userId}` answers.
    connector.teams.set(ALICE_CHAT, [
      {
        id: ALICE.teamsId,
        aadObjectId: ALICE.aadObjectId,
        userPrincipalName: 'Alice@Contoso.test',
        name: ALICE.name,
      },
    ]);
    bot = await startBot(
      { ADMIN_API_KEY: ADMIN_KEY, BROADCAST_RATE_PER_SECOND: '100' },
      { connectorTokens: { token: async () => 'test-token' }, deliveryBackoff: () => 10 },
    );
  });
  afterEach(async () => {
    await bot.stop();
    await connector.stop();
  });

  it("keeps the person's UPN from Teams once, when their chat is new, and finds them by it in any case", async () => {
    await bot.post(messageFrom('hello', { serviceUrl: connector.serviceUrl }));
    await bot.post(messageFrom('help with Outlook', { serviceUrl: connector.serviceUrl }));
    const lookups = connector.calls.filter(
      (call) => call.method === 'GET' && call.path.includes('/members/'),
    );
    expect(lookups.map((call) => decodeURIComponent(call.path))).toEqual([
      `/v3/conversations/${ALICE_CHAT}/members/${ALICE.teamsId}`,
    ]);
    expect((await bot.app.conversations.get(ALICE_CHAT))?.userPrincipalName).toBe('Alice@Contoso.test');

    const repliesBefore = connector.deliveriesTo(ALICE_CHAT);
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      notice: { title: 'Move to Microsoft 365', text: 'It starts Monday.' },
      audience: { kind: 'users', ids: ['alice@CONTOSO.test'] },
    });
    expect(created).toMatchObject({ status: 202, body: { recipients: 1, unreachable: 0 } });
    await waitForBroadcast(bot.url, String(created.body.id), finished);
    expect(connector.deliveriesTo(ALICE_CHAT) - repliesBefore).toBe(1);
  });

  it('tolerates Teams not giving the member record: the chat is kept, only without a UPN', async () => {
    connector.teams.set(ALICE_CHAT, []); // the lookup answers 404 MemberNotFound
    const reply = await bot.post(messageFrom('hello', { serviceUrl: connector.serviceUrl }));
    expect(reply.status).toBe(200);
    const saved = await bot.app.conversations.get(ALICE_CHAT);
    expect(saved?.userAadObjectId).toBe(ALICE.aadObjectId);
    expect(saved?.userPrincipalName).toBeUndefined();
  });

  it('refuses (400) a broadcast that reaches nobody, saying why', async () => {
    const created = await api(bot.url, 'POST', '/api/broadcasts', {
      notice: { title: 'Hi', text: 'x' },
      audience: { kind: 'users', ids: ['nobody@contoso.test', 'ghost@contoso.test'] },
    });
    expect(created.status).toBe(400);
    expect(created.body.message).toBe(
      'This broadcast reaches nobody: none of the 2 people in it are in Teams yet.',
    );
    expect(await bot.app.broadcasts.list()).toEqual([]);
  });
});
