import { ALICE, BOB, cardActionFrom, messageFrom, type Person } from '../helpers/activities';
import { buttonsOf, visibleText } from '../helpers/cards';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { invokeCard, postActivity } from '../helpers/http';
import { startBot, type RunningBot } from '../helpers/server';
import { loadConfig } from '../../src/config';
import { MemoryStore } from '../../src/state/memoryStore';

const CHANNEL = '19:itdesk0123@thread.tacv2';
const IVY: Person = { teamsId: '29:ivy', aadObjectId: 'aad-ivy', name: 'Ivy Support' };
const ALICE_CHAT = 'a:alice-chat';
type Button = ReturnType<typeof buttonsOf>[number];

const cardIn = (activity: Record<string, unknown> | undefined) =>
  ((activity?.attachments as { content: Record<string, unknown> }[] | undefined) ?? [])[0]?.content;

/** "Ask IT": the person's question goes to IT's channel, and IT's answers come back to their chat. */
describe('Ask IT', () => {
  let connector: FakeTeamsConnector;
  let bot: RunningBot;

  beforeEach(async () => {
    connector = new FakeTeamsConnector();
    await connector.start();
    bot = await startBot(
      { ESCALATION_CHANNEL_ID: CHANNEL, ADMIN_AAD_IDS: 'aad-admin', ORG_TIMEZONE: 'Europe/London' },
      { connectorTokens: { token: async () => undefined } },
    );
  });
  afterEach(async () => {
    await bot.stop();
    await connector.stop();
  });

  const inAliceChat = (replyToId?: string) => ({
    person: ALICE,
    serviceUrl: connector.serviceUrl,
    conversationId: ALICE_CHAT,
    replyToId,
  });
  const inChannel = (person: Person, postId: string) => ({
    person,
    serviceUrl: connector.serviceUrl,
    conversationId: `${CHANNEL};messageid=${postId}`,
    conversationType: 'channel',
    replyToId: postId,
  });
  const aliceSays = async (text: string, running: RunningBot = bot) => {
    const before = connector.deliveriesTo(ALICE_CHAT);
    await postActivity(running.url, messageFrom(text, inAliceChat()));
    return (connector.delivered.get(ALICE_CHAT) ?? []).slice(before);
  };
  const press = async (
    running: RunningBot,
    button: Pick<Button, 'verb' | 'data'>,
    where: ReturnType<typeof inAliceChat> | ReturnType<typeof inChannel>,
    inputs: Record<string, unknown> = {},
  ) =>
    invokeCard(
      (
        await postActivity(
          running.url,
          cardActionFrom(button.verb as string, { ...button.data, ...inputs }, where),
        )
      ).body,
    );
  const askItButtonIn = (activities: Record<string, unknown>[]) => {
    const button = activities
      .flatMap((activity) => buttonsOf(cardIn(activity)))
      .find((b) => b.title === 'Ask IT');
    if (!button) throw new Error(`no Ask IT button in ${JSON.stringify(activities)}`);
    return button;
  };
  const channelPost = () => {
    const posts = connector.delivered.get(CHANNEL) ?? [];
    expect(posts).toHaveLength(1);
    const index = connector.calls.findIndex(
      (call) => call.method === 'POST' && decodeURIComponent(call.path).includes(`${CHANNEL}/activities`),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    return { card: cardIn(posts[0]) as Record<string, unknown> };
  };
  const postIdOf = async () => {
    const [escalation] = await bot.app.escalations.repository.list();
    return escalation.channelPost?.activityId as string;
  };
  const buttonOn = (card: unknown, title: string) => {
    const button = buttonsOf(card).find((candidate) => candidate.title === title);
    if (!button) throw new Error(`no ${title} on:\n${visibleText(card)}`);
    return button;
  };
  const textsTo = (conversationId: string) =>
    (connector.delivered.get(conversationId) ?? []).map((activity) => activity.text).filter(Boolean);

  it('posts the question with the last messages and progress to the channel, and carries Take it, Reply and Resolved back and forth', async () => {
    const progressReply = await aliceSays('my progress');
    const progress = String(progressReply[0].summary).replace(/^.*: /, '');
    expect(progress).toMatch(/^\d+ of \d+ steps done$/);
    await aliceSays('I have Microsoft Authenticator on my iPhone');
    await aliceSays('the QR code will not scan');
    const stuck = await aliceSays("I'm stuck");
    expect(visibleText(cardIn(stuck.at(-1)))).toContain('Would you like a person from IT to help?');
    const askIt = askItButtonIn(stuck);
    expect(askIt).toMatchObject({ verb: 'escalation.ask', data: { question: "I'm stuck" } });

    const passed = await press(bot, askIt, inAliceChat('offer-card'));
    expect(visibleText(passed)).toMatch(
      /I've passed your question to IT \(reference [\w-]+\); they'll reply here\./,
    );

    const { card } = channelPost();
    const text = visibleText(card);
    expect(text).toContain('Ask IT: Alice Example');
    expect(text).toContain("I'm stuck");
    expect(text).toContain('- I have Microsoft Authenticator on my iPhone\n- the QR code will not scan');
    expect(JSON.stringify(card)).toContain(`{"title":"Setup checklist","value":"${progress}"}`);
    expect(JSON.stringify(card)).toMatch(/"title":"Next step","value":"[^"]+"/);
    expect(JSON.stringify(card)).toContain('{"title":"Authenticator","value":"Microsoft Authenticator"}');
    expect(JSON.stringify(card)).toContain('{"title":"Device","value":"iPhone"}');
    expect(buttonsOf(card).map((button) => button.title)).toEqual(['Take it', 'Reply', 'Send', 'Resolved']);
    const postId = await postIdOf();

    // Take it: the card changes in place for the whole channel, and Alice hears who has it.
    const taken = await press(bot, buttonOn(card, 'Take it'), inChannel(IVY, postId));
    expect(visibleText(taken)).toMatch(/Taken by Ivy Support at \d+ \w+, \d\d:\d\d/);
    expect(buttonsOf(taken).map((button) => button.title)).toEqual(['Reply', 'Send', 'Resolved']);
    expect(connector.updated.map((update) => [update.conversationId, update.activityId])).toEqual([
      [CHANNEL, postId],
    ]);
    expect(visibleText(cardIn(connector.updated[0].body))).toContain('Taken by Ivy Support');
    expect(textsTo(ALICE_CHAT).at(-1)).toBe('Ivy Support from IT is looking at your question.');

    // Someone else pressing Take it learns who has it; nothing changes.
    const second = await press(bot, buttonOn(card, 'Take it'), inChannel(BOB, postId));
    expect(visibleText(second)).toMatch(/Already taken by Ivy Support at/);
    expect(connector.updated).toHaveLength(1);
    expect(textsTo(ALICE_CHAT).filter((line) => String(line).includes('is looking at'))).toHaveLength(1);

    // Reply: Alice gets the text in her chat, the card shows it.
    const answer = 'Open the Authenticator app, tap + and choose Work or school account.';
    const replied = await press(bot, buttonOn(taken, 'Send'), inChannel(IVY, postId), { replyText: answer });
    expect(textsTo(ALICE_CHAT).at(-1)).toBe(`Ivy Support from IT: ${answer}`);
    expect(visibleText(replied)).toContain(`Ivy Support (`);
    expect(visibleText(replied)).toContain(answer);
    expect(visibleText(cardIn(connector.updated.at(-1)?.body))).toContain(answer);
    // The same reply pressed twice is sent once.
    await press(bot, buttonOn(taken, 'Send'), inChannel(IVY, postId), { replyText: answer });
    expect(textsTo(ALICE_CHAT).filter((line) => String(line).includes(answer))).toHaveLength(1);

    // Resolved: final card without buttons, Alice told how to come back.
    const resolved = await press(bot, buttonOn(taken, 'Resolved'), inChannel(IVY, postId));
    expect(visibleText(resolved)).toMatch(/Resolved by Ivy Support at/);
    expect(buttonsOf(resolved)).toEqual([]);
    expect(buttonsOf(cardIn(connector.updated.at(-1)?.body))).toEqual([]);
    expect(textsTo(ALICE_CHAT).at(-1)).toBe(
      'IT marked your question resolved; type **Ask IT** if you still need help.',
    );
    const updatesSoFar = connector.updated.length;
    const messagesSoFar = connector.deliveriesTo(ALICE_CHAT);
    await press(bot, buttonOn(card, 'Resolved'), inChannel(BOB, postId));
    await press(bot, buttonOn(card, 'Take it'), inChannel(BOB, postId));
    expect(connector.updated).toHaveLength(updatesSoFar);
    expect(connector.deliveriesTo(ALICE_CHAT)).toBe(messagesSoFar);

    // "Ask IT", typed, offers the button again.
    expect(askItButtonIn(await aliceSays('Ask IT')).verb).toBe('escalation.ask');
  });

  it("offers Ask IT under the checklist's I'm stuck button, with the step the person is on", async () => {
    const [checklist] = await aliceSays('start setup');
    const stuckButton = buttonOn(cardIn(checklist), "I'm stuck");
    const before = connector.deliveriesTo(ALICE_CHAT);
    await press(bot, stuckButton, inAliceChat('checklist-card'));
    const sent = (connector.delivered.get(ALICE_CHAT) ?? []).slice(before);
    expect(askItButtonIn(sent).data?.question).toMatch(/^I'm stuck at: .+/);
  });

  it('lists the open escalations, newest first with who took each, to admins only', async () => {
    await aliceSays('talk to a person');
    await press(bot, { verb: 'escalation.ask', data: { question: 'first question' } }, inAliceChat());
    await press(bot, { verb: 'escalation.ask', data: { question: 'second question' } }, inAliceChat());
    const [newest] = await bot.app.escalations.repository.list();
    await press(
      bot,
      { verb: 'escalation.take', data: { escalationId: newest.id } },
      inChannel(IVY, newest.channelPost?.activityId as string),
    );
    const admin: Person = { teamsId: '29:admin', aadObjectId: 'aad-admin', name: 'Ada Admin' };
    await postActivity(
      bot.url,
      messageFrom('escalations', {
        person: admin,
        serviceUrl: connector.serviceUrl,
        conversationId: 'a:admin',
      }),
    );
    const list = visibleText(cardIn(connector.delivered.get('a:admin')?.at(-1)));
    expect(list).toContain('Open escalations (2)');
    expect(list.indexOf('Alice Example: second question')).toBeLessThan(
      list.indexOf('Alice Example: first question'),
    );
    expect(list).toMatch(/Taken by Ivy Support at .* reference /);
    expect(list).toMatch(/Waiting for someone in IT/);

    await aliceSays('escalations');
    expect(textsTo(ALICE_CHAT).at(-1)).toBe('Only IT admins can list escalations.');
  });

  it('refuses forged, stale and misplaced presses with an "out of date" card, changing nothing', async () => {
    await press(bot, { verb: 'escalation.ask', data: { question: 'my phone' } }, inAliceChat());
    const [escalation] = await bot.app.escalations.repository.list();
    const postId = escalation.channelPost?.activityId as string;
    const before = JSON.stringify(await bot.app.escalations.repository.list());
    const deliveries = connector.deliveriesTo(ALICE_CHAT);
    for (const escalationId of ['../lease/x', 'AAAAAAAAAAAA', '', 42]) {
      const card = await press(
        bot,
        { verb: 'escalation.take', data: { escalationId } },
        inChannel(IVY, postId),
      );
      expect(visibleText(card)).toContain('That button is out of date');
    }
    const forgedAsk = await press(
      bot,
      { verb: 'escalation.ask', data: { question: { nested: true } } },
      inAliceChat(),
    );
    expect(visibleText(forgedAsk)).toContain('That button is out of date');
    // Alice pressing IT's button in her own chat is not IT.
    const misplaced = await press(
      bot,
      { verb: 'escalation.resolve', data: { escalationId: escalation.id } },
      inAliceChat(),
    );
    expect(visibleText(misplaced)).toContain('Only IT can do this');
    expect(JSON.stringify(await bot.app.escalations.repository.list())).toBe(before);
    expect(connector.updated).toHaveLength(0);
    expect(connector.deliveriesTo(ALICE_CHAT)).toBe(deliveries);
  });

  it('lets a second instance on the same store handle Take it', async () => {
    await bot.stop();
    const store = new MemoryStore();
    const env = { ESCALATION_CHANNEL_ID: CHANNEL };
    const options = { connectorTokens: { token: async () => undefined }, store };
    bot = await startBot(env, options);
    const other = await startBot(env, options);
    try {
      await aliceSays('the qr code wont scan on my android');
      await press(bot, { verb: 'escalation.ask', data: { question: 'QR code' } }, inAliceChat());
      const [escalation] = await bot.app.escalations.repository.list();
      const postId = escalation.channelPost?.activityId as string;
      const taken = await press(
        other,
        { verb: 'escalation.take', data: { escalationId: escalation.id } },
        inChannel(IVY, postId),
      );
      expect(visibleText(taken)).toContain('Taken by Ivy Support');
      expect(connector.updated.map((update) => update.activityId)).toEqual([postId]);
      expect(textsTo(ALICE_CHAT).at(-1)).toBe('Ivy Support from IT is looking at your question.');
      const again = await press(
        bot,
        { verb: 'escalation.take', data: { escalationId: escalation.id } },
        inChannel(BOB, postId),
      );
      expect(visibleText(again)).toContain('Already taken by Ivy Support');
      expect((await other.app.escalations.repository.get(escalation.id))?.takenBy?.name).toBe('Ivy Support');
      expect(connector.updated).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });
});

describe('Ask IT without an IT channel', () => {
  let connector: FakeTeamsConnector;
  let bot: RunningBot;

  beforeEach(async () => {
    connector = new FakeTeamsConnector();
    await connector.start();
    bot = await startBot({}, { connectorTokens: { token: async () => undefined } });
  });
  afterEach(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('answers with an "E-mail IT" button: a mailto link with the question and the last messages', async () => {
    const where = { person: ALICE, serviceUrl: connector.serviceUrl, conversationId: ALICE_CHAT };
    await postActivity(bot.url, messageFrom('printer on floor 2 is jammed', where));
    await postActivity(bot.url, messageFrom('can I talk to a person', where));
    const offers = (connector.delivered.get(ALICE_CHAT) ?? []).flatMap((activity) =>
      buttonsOf(cardIn(activity)),
    );
    const askIt = offers.filter((button) => button.title === 'Ask IT');
    expect(askIt.map((button) => button.data?.question)).toEqual([
      'printer on floor 2 is jammed',
      'can I talk to a person',
    ]);

    const card = invokeCard(
      (await postActivity(bot.url, cardActionFrom('escalation.ask', askIt[1].data ?? {}, where))).body,
    );
    const [email] = buttonsOf(card);
    expect(email.title).toBe('E-mail IT');
    const { supportEmail } = loadConfig({}).organisation;
    const url = new URL(email.url as string);
    expect(url.protocol).toBe('mailto:');
    expect(url.pathname).toBe(supportEmail);
    expect((email.url as string).length).toBeLessThanOrEqual(1800);
    const body = decodeURIComponent(/[?&]body=([^&]*)/.exec(email.url as string)?.[1] ?? '');
    expect(body).toContain('My question: can I talk to a person');
    expect(body).toContain('- printer on floor 2 is jammed');
    expect(decodeURIComponent(/[?&]subject=([^&]*)/.exec(email.url as string)?.[1] ?? '')).toBe(
      'Microsoft 365 setup: I need help',
    );
    expect(await bot.app.escalations.repository.list()).toEqual([]);
  });
});
