import { cardActionFrom, messageFrom, type Person } from '../helpers/activities';
import { visibleText } from '../helpers/cards';
import { FakeEntra } from '../helpers/fakeEntra';
import { FakeGraph } from '../helpers/fakeGraph';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { postActivity } from '../helpers/http';
import { startBot, type RunningBot } from '../helpers/server';
import { TEST_TAB_CLIENT_ID } from '../helpers/fakeEntra';

const SAM: Person = {
  teamsId: '29:sam',
  aadObjectId: '5a5a5a5a-0000-4000-8000-000000000005',
  name: 'Sam Admin',
};
const BOB: Person = {
  teamsId: '29:bob',
  aadObjectId: 'b0b0b0b0-0000-4000-8000-00000000000b',
  name: 'Bob Staff',
};

/** ADMIN_GROUP_ID: the members of an Entra group (nested groups too) are IT admins in chat and in the tab. */
describe('Admins by Entra group', () => {
  const graph = new FakeGraph();
  const connector = new FakeTeamsConnector();
  const entra = new FakeEntra();
  let bot: RunningBot;

  beforeAll(async () => {
    await Promise.all([graph.start(), connector.start(), entra.start()]);
    const sam = graph.addUser({ id: SAM.aadObjectId, userPrincipalName: 'sam@contoso.test' }).id;
    graph.addUser({ id: BOB.aadObjectId, userPrincipalName: 'bob@contoso.test' });
    const helpdesk = graph.addGroup('Helpdesk', [sam]);
    const itAdmins = graph.addGroup('IT admins', [helpdesk.id]);
    bot = await startBot(
      {
        ...graph.env(),
        ADMIN_GROUP_ID: itAdmins.id,
        TAB_CLIENT_ID: TEST_TAB_CLIENT_ID,
        ENTRA_JWKS_URI: entra.jwksUri,
      },
      { graphNetworkClient: graph.networkClient(), connectorTokens: { token: async () => undefined } },
    );
  });
  afterAll(async () => {
    await bot.stop();
    await Promise.all([graph.stop(), connector.stop(), entra.stop()]);
  });

  const say = async (text: string, person: Person) => {
    const conversationId = `a:${person.teamsId}`;
    await postActivity(
      bot.url,
      messageFrom(text, { person, serviceUrl: connector.serviceUrl, conversationId }),
    );
    const reply = connector.delivered.get(conversationId)?.at(-1) as { attachments: { content: object }[] };
    return visibleText(reply.attachments[0].content);
  };

  it('opens the composer for a member of a group nested in the admin group, and refuses anyone else', async () => {
    expect(await say('broadcast', SAM)).toContain('New broadcast');
    expect(await say('broadcast', BOB)).toContain('Only IT admins can send broadcasts');
    const forged = await postActivity(
      bot.url,
      cardActionFrom(
        'broadcast.send',
        { request: { content: { kind: 'notice', title: 'x', text: 'y' }, audience: { kind: 'all' } } },
        { person: BOB, serviceUrl: connector.serviceUrl },
      ),
    );
    expect(JSON.stringify(forged.body)).toContain('Only IT admins can send broadcasts');
  });

  it('shows Rollout in the tab to the group member only', async () => {
    const me = async (person: Person) => {
      const response = await fetch(`${bot.url}/api/tab/me`, {
        headers: { authorization: `Bearer ${entra.accessToken({ oid: person.aadObjectId })}` },
      });
      return (await response.json()) as { isAdmin: boolean };
    };
    expect((await me(SAM)).isAdmin).toBe(true);
    expect((await me(BOB)).isAdmin).toBe(false);
  });
});
