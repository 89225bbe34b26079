import { FakeGraph } from '../helpers/fakeGraph';
import { startBot } from '../helpers/server';

describe('Graph in the composition root', () => {
  const graph = new FakeGraph();
  beforeAll(() => graph.start());
  afterAll(() => graph.stop());

  it('is there when GRAPH_* is set, and reaches Graph with one token for many calls', async () => {
    const finance = graph.addGroup('Finance', [graph.addUser({ userPrincipalName: 'ada@contoso.test' }).id]);
    const bot = await startBot(graph.env(), { graphNetworkClient: graph.networkClient() });
    try {
      const directory = bot.app.graph?.directory;
      expect(await directory?.groupName(finance.id)).toBe('Finance');
      expect((await directory?.userByUpnOrMail('ada@contoso.test'))?.userPrincipalName).toBe(
        'ada@contoso.test',
      );
      expect(graph.tokens.requests).toHaveLength(1);
    } finally {
      await bot.stop();
    }
  });

  it('is off without GRAPH_* settings', async () => {
    const bot = await startBot({});
    try {
      expect(bot.app.graph).toBeUndefined();
    } finally {
      await bot.stop();
    }
  });
});
