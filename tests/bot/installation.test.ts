import { ALICE, BOB, botAddedFrom, installationFrom, messageFrom, TENANT_ID } from '../helpers/activities';
import { cardOf, visibleText } from '../helpers/cards';
import { BotHarness } from '../helpers/botHarness';

describe('Installing the app and remembering conversations', () => {
  it('sends the welcome card once, although Teams sends two events for one install', async () => {
    const bot = new BotHarness();
    const first = await bot.send(installationFrom('add'));
    const second = await bot.send(botAddedFrom());
    expect(first.replies).toHaveLength(1);
    expect(visibleText(cardOf(first.replies[0]))).toContain('Welcome to Microsoft 365 at iTeres Group');
    expect(second.replies).toHaveLength(0);
  });

  it('welcomes on the conversationUpdate that adds the bot when no installation event came', async () => {
    const bot = new BotHarness();
    const result = await bot.send(
      botAddedFrom({ conversationId: '19:team-general@thread.tacv2', conversationType: 'channel' }),
    );
    expect(visibleText(cardOf(result.replies[0]))).toContain('The setup, in order:');
  });

  it('welcomes each conversation separately', async () => {
    const bot = new BotHarness();
    expect((await bot.send(installationFrom('add', { person: ALICE }))).replies).toHaveLength(1);
    expect((await bot.send(installationFrom('add', { person: BOB }))).replies).toHaveLength(1);
  });

  it('saves the conversation reference with the person on every message', async () => {
    const bot = new BotHarness();
    await bot.send(messageFrom('hi', { person: ALICE, serviceUrl: 'https://smba.example/emea/' }));
    const saved = await bot.conversations.get(`a:personal-${ALICE.teamsId}`);
    expect(saved).toMatchObject({
      conversationId: `a:personal-${ALICE.teamsId}`,
      conversationType: 'personal',
      tenantId: TENANT_ID,
      serviceUrl: 'https://smba.example/emea/',
      channelId: 'msteams',
      userTeamsId: ALICE.teamsId,
      userAadObjectId: ALICE.aadObjectId,
      userName: ALICE.name,
      timezone: 'Europe/London',
    });
  });

  it('refreshes the reference when the service URL changes', async () => {
    const bot = new BotHarness();
    await bot.send(messageFrom('hi', { serviceUrl: 'https://smba.example/emea/' }));
    await bot.send(messageFrom('hi', { serviceUrl: 'https://smba.example/amer/' }));
    expect((await bot.conversations.list()).map((saved) => saved.serviceUrl)).toEqual([
      'https://smba.example/amer/',
    ]);
  });

  it('forgets the conversation when the app is removed', async () => {
    const bot = new BotHarness();
    await bot.send(installationFrom('add'));
    expect(await bot.conversations.list()).toHaveLength(1);
    await bot.send(installationFrom('remove'));
    expect(await bot.conversations.list()).toHaveLength(0);
  });
});
