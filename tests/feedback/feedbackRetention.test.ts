import { ALICE } from '../helpers/activities';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { buttonTitled, chatAs } from '../helpers/feedbackChat';
import { startBot, type RunningBot } from '../helpers/server';
import { storeContents } from '../helpers/storeContents';

const DAY_MS = 86_400_000;

describe('Retention of feedback and recorded questions', () => {
  let connector: FakeTeamsConnector;
  let bot: RunningBot;

  beforeEach(async () => {
    connector = new FakeTeamsConnector();
    await connector.start();
    bot = await startBot({ RETENTION_DAYS: '30' }, { connectorTokens: { token: async () => undefined } });
  });
  afterEach(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('registers votes and unanswered questions with the purge, which deletes them after RETENTION_DAYS', async () => {
    const { retention } = bot.app.escalations;
    expect(retention.registered.map((kind) => kind.prefix)).toEqual(
      expect.arrayContaining(['feedback/', 'unanswered-question/']),
    );
    const alice = chatAs(bot, connector, ALICE);
    await alice.say('can I bring my dog to work');
    await alice.press(buttonTitled(await alice.say('help with outlook'), 'Not helpful'));
    await new Promise((resolve) => setTimeout(resolve, 800)); // the questions are written behind the turn
    const kinds = () =>
      storeContents(bot.app.store)
        .map((item) => item.key.split('/')[0])
        .filter((partition) => partition === 'feedback' || partition === 'unanswered-question');
    expect(kinds().sort()).toEqual(['feedback', 'unanswered-question']);

    expect(await retention.purge(new Date(Date.now() + 29 * DAY_MS))).toMatchObject({
      'feedback/': 0,
      'unanswered-question/': 0,
    });
    expect(await retention.purge(new Date(Date.now() + 31 * DAY_MS))).toMatchObject({
      'feedback/': 1,
      'unanswered-question/': 1,
    });
    expect(kinds()).toEqual([]);
  });
});
