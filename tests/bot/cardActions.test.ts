import { cardActionFrom, messageFrom } from '../helpers/activities';
import { buttonsOf, cardOf, headingOf, visibleText } from '../helpers/cards';
import { BotHarness } from '../helpers/botHarness';

describe('Pressing card buttons (Action.Execute)', () => {
  it('a menu button posts the topic answer as a new message', async () => {
    const bot = new BotHarness();
    const menu = cardOf((await bot.say('menu'))[0]);
    const phone = buttonsOf(menu).find((button) => button.data?.topicId === 'phone_setup');
    expect(phone).toBeDefined();

    const result = await bot.send(cardActionFrom(phone?.verb as string, phone?.data ?? {}));
    expect(result.replies).toHaveLength(1);
    expect(headingOf(cardOf(result.replies[0]))).toBe('Set up your phone or tablet (Outlook and Teams)');
    expect(result.invokeResponse?.status).toBe(200);
    expect(result.invokeResponse?.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
    });
  });

  it('the Outlook answer\'s "Outlook on the web" button answers with Outlook on the web', async () => {
    const bot = new BotHarness();
    const outlook = cardOf((await bot.say('help with outlook'))[0]);
    const web = buttonsOf(outlook).find((button) => button.title === 'Outlook on the web');
    const result = await bot.send(cardActionFrom(web?.verb as string, web?.data ?? {}));
    expect(headingOf(cardOf(result.replies[0]))).toBe('Outlook on the web');
  });

  it('the re-authentication topic button gives the warning card too', async () => {
    const bot = new BotHarness();
    const result = await bot.send(cardActionFrom('showTopic', { topicId: 'reauth_prompt' }));
    expect(JSON.stringify(result.replies[0])).toContain('Do NOT reset your password');
  });

  it('"Show all topics" on a did-you-mean card sends the menu', async () => {
    const bot = new BotHarness();
    const result = await bot.send(cardActionFrom('showMenu', {}));
    expect(JSON.stringify(cardOf(result.replies[0]))).toContain('How can I help with Microsoft 365?');
  });

  it.each([
    ['an unknown topic', 'showTopic', { topicId: 'no_such_topic' }],
    ['a missing topic id', 'showTopic', {}],
    ['an unknown verb', 'deleteEverything', { topicId: 'sspr' }],
  ])('%s gets an "out of date" card and no message', async (_label, verb, data) => {
    const bot = new BotHarness();
    await bot.send(messageFrom('hi'));
    const result = await bot.send(cardActionFrom(verb, data));
    expect(result.replies).toHaveLength(0);
    expect(result.invokeResponse?.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
    });
    expect(visibleText(result.invokeResponse?.body.value)).toContain('That button is out of date');
    expect(visibleText(result.invokeResponse?.body.value)).toContain('Nothing was changed');
  });
});
