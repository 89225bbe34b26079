import { ALICE, cardActionFrom, messageFrom, type Person } from '../helpers/activities';
import { ADMIN_KEY, seedPeople, tick, waitForBroadcast } from '../helpers/broadcastFixtures';
import { buttonsOf, visibleText } from '../helpers/cards';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { invokeCard, postActivity } from '../helpers/http';
import { startBot, type RunningBot } from '../helpers/server';

const ADMIN: Person = { teamsId: '29:admin', aadObjectId: 'aad-admin', name: 'Ivy Admin' };
const INTERVAL_MS = 1000;
const finished = (status: Record<string, unknown>) =>
  ['completed', 'recalled', 'cancelled'].includes(String(status.state)) && status.pending === 0;
type Button = ReturnType<typeof buttonsOf>[number];

/** IT admins broadcasting from Teams chat: composer → preview → send → live status card. */
describe('Broadcasting from chat', () => {
  let connector: FakeTeamsConnector;
  let bot: RunningBot;

  beforeEach(async () => {
    connector = new FakeTeamsConnector();
    await connector.start();
    bot = await startBot(
      {
        ADMIN_API_KEY: ADMIN_KEY,
        ADMIN_AAD_IDS: 'AAD-ADMIN',
        STATUS_CARD_INTERVAL_MS: String(INTERVAL_MS),
        BROADCAST_RATE_PER_SECOND: '20',
      },
      { connectorTokens: { token: async () => undefined }, deliveryBackoff: () => 10 },
    );
  });
  afterEach(async () => {
    await bot.stop();
    await connector.stop();
  });

  const where = (replyToId?: string) => ({
    person: ADMIN,
    serviceUrl: connector.serviceUrl,
    conversationId: 'a:admin-chat',
    timezone: 'Europe/Berlin',
    replyToId,
  });
  const say = async (text: string, person: Person = ADMIN) => {
    await postActivity(bot.url, messageFrom(text, { ...where(), person }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    return connector.delivered.get('a:admin-chat')?.at(-1) as Record<string, unknown>;
  };
  const press = async (
    button: Pick<Button, 'verb' | 'data'>,
    inputs: Record<string, unknown> = {},
    replyToId = 'card-1',
    person: Person = ADMIN,
  ) =>
    invokeCard(
      (
        await postActivity(
          bot.url,
          cardActionFrom(
            button.verb as string,
            { ...button.data, ...inputs },
            { ...where(replyToId), person },
          ),
        )
      ).body,
    );
  const cardIn = (activity: Record<string, unknown>) =>
    (activity.attachments as { content: Record<string, unknown> }[])[0].content;

  it('refuses a non-admin politely, and audits the attempt', async () => {
    const reply = cardIn(await say('broadcast', ALICE));
    expect(visibleText(reply)).toContain('Only IT admins can send broadcasts');
    const forged = await press(
      {
        verb: 'broadcast.send',
        data: { request: { content: { kind: 'notice', title: 'x', text: 'y' }, audience: { kind: 'all' } } },
      },
      {},
      'c',
      ALICE,
    );
    expect(visibleText(forged)).toContain('Only IT admins can send broadcasts');
    const refusals = (await bot.app.audit.entries()).filter((entry) => entry.action === 'broadcast.refused');
    expect(refusals.map((entry) => [entry.actor, entry.detail?.attempted])).toEqual([
      ['aad-alice', 'broadcast'],
      ['aad-alice', 'broadcast.send'],
    ]);
    expect(await bot.app.broadcasts.list()).toHaveLength(0);
  });

  it("opens a composer with the checklists, the ready-made notice, the audiences and the admin's time zone", async () => {
    await seedPeople(bot.app, connector.serviceUrl, 4);
    const composer = cardIn(await say('broadcast'));
    const text = JSON.stringify(composer);
    expect(visibleText(composer)).toContain('Send time (optional, Europe/Berlin)');
    expect(text).toContain('Checklist: Microsoft 365 setup');
    expect(text).toContain("Notice: A sign-in prompt is normal: approve it, don't reset your password");
    expect(text).toContain('Notice: write your own');
    // The admin has the app too, so "everyone" counts them.
    expect(text).toContain('Everyone who has the app (5 people)');
    expect(text).toContain('Chosen people (list below)');
  });

  it("previews with the recipient count and the send time in the admin's zone, then sends, with a live status card", async () => {
    await seedPeople(bot.app, connector.serviceUrl, 12);
    const composer = cardIn(await say('broadcast'));
    const preview = await press(buttonsOf(composer)[0], {
      content: 'notice:sign-in-prompt-is-normal',
      audience: 'all',
      sendDate: '',
      sendTime: '',
    });
    expect(visibleText(preview)).toContain('Preview: check before sending');
    expect(JSON.stringify(preview)).toContain('{"title":"Recipients","value":"13"}');
    expect(visibleText(preview)).toContain('Do NOT reset your password');

    const send = buttonsOf(preview).find((button) => button.title === 'Send') as Button;
    const status = await press(send, {}, 'status-card-1');
    expect(visibleText(status)).toContain(
      "Broadcast: A sign-in prompt is normal: approve it, don't reset your password",
    );
    expect(buttonsOf(status).map((button) => button.title)).toEqual(
      expect.arrayContaining(['Cancel', 'Download list', 'Refresh']),
    );

    const [created] = await bot.app.broadcasts.list();
    await waitForBroadcast(bot.url, created.id, finished);
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS + 300));
    const updates = connector.updated.filter((update) => update.activityId === 'status-card-1');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < updates.length; i++)
      expect(updates[i].at - updates[i - 1].at).toBeGreaterThanOrEqual(INTERVAL_MS - 5);
    const last = (updates.at(-1)?.body.attachments as { content: unknown }[])[0].content;
    expect(visibleText(last)).toMatch(/Completed · Everyone who has the app · 13 recipient/);
    expect(JSON.stringify(last)).toContain('"title":"Sent","value":"13"');
  });

  it('sends a checklist with one line saying who sends it and why', async () => {
    const people = await seedPeople(bot.app, connector.serviceUrl, 2);
    const composer = cardIn(await say('broadcast'));
    const preview = await press(buttonsOf(composer)[0], {
      content: 'checklist:setup',
      why: 'We move to Microsoft 365 on Monday; please finish these steps by Friday.',
      audience: 'all',
    });
    // The preview says what people will read above the checklist.
    expect(JSON.stringify(preview)).toContain(`From ${ADMIN.name}: We move to Microsoft 365 on Monday`);
    await press(buttonsOf(preview).find((button) => button.title === 'Send') as Button, {}, 'status-why');
    const [created] = await bot.app.broadcasts.list();
    await waitForBroadcast(bot.url, created.id, finished);
    const copy = connector.delivered.get(`a:1on1-29:${people[0]}`)?.at(-1) ?? {};
    expect(copy.text).toBe(
      `From ${ADMIN.name}: We move to Microsoft 365 on Monday; please finish these steps by Friday.`,
    );
    expect(visibleText(cardIn(copy))).toContain('Microsoft 365 setup');
  });

  it("converts a scheduled send time from the admin's zone", async () => {
    await seedPeople(bot.app, connector.serviceUrl, 1);
    const composer = cardIn(await say('broadcast'));
    const preview = await press(buttonsOf(composer)[0], {
      content: 'checklist:setup',
      audience: 'all',
      sendDate: '2099-07-01',
      sendTime: '09:30',
    });
    expect(JSON.stringify(preview)).toContain(
      '{"title":"When","value":"Wed, 1 Jul 2099, 09:30 (Europe/Berlin)"}',
    );
    const send = buttonsOf(preview).find((button) => button.title === 'Send') as Button;
    expect((send.data?.request as { sendAt: string }).sendAt).toBe('2099-07-01T07:30:00.000Z');
  });

  it('sends the composer back with the reason when the input is incomplete', async () => {
    const composer = cardIn(await say('broadcast'));
    const again = await press(buttonsOf(composer)[0], {
      content: 'notice:custom',
      noticeTitle: 'Server move',
      noticeText: '',
      audience: 'all',
    });
    expect(visibleText(again)).toContain('Your own notice needs a title and a text.');
    expect(JSON.stringify(again)).toContain('"value":"Server move"');
    const noPeople = await press(buttonsOf(composer)[0], {
      content: 'checklist:setup',
      audience: 'users',
      users: ' , ',
    });
    expect(visibleText(noPeople)).toContain('Add the people');
    expect(await bot.app.broadcasts.list()).toHaveLength(0);
  });

  it('lists recent broadcasts, opens their status card, cancels, and recalls after a confirmation', async () => {
    await seedPeople(bot.app, connector.serviceUrl, 3);
    const { id } = await bot.app.broadcasts.create('aad-admin', {
      content: { kind: 'checklist', checklistId: 'setup' },
      audience: { kind: 'all' },
    });
    await waitForBroadcast(bot.url, id, finished);
    const list = cardIn(await say('broadcasts'));
    expect(visibleText(list)).toContain('Recent broadcasts');
    expect(visibleText(list)).toMatch(/completed · 3 of 3 sent · 0 done/);
    const status = await press(
      buttonsOf(list).find((button) => button.title === 'Open') as Button,
      {},
      'list-card',
    );
    expect(visibleText(status)).toContain('Broadcast: Microsoft 365 setup');

    const ask = await press(
      buttonsOf(status).find((button) => button.title === 'Recall') as Button,
      {},
      'list-card',
    );
    expect(visibleText(ask)).toContain('Recall this broadcast?');
    const recalled = await press(
      buttonsOf(ask).find((button) => button.title === 'Yes, recall 3 copies') as Button,
      {},
      'list-card',
    );
    expect(visibleText(recalled)).toMatch(/Recalled|Completed/);
    await waitForBroadcast(bot.url, id, (body) => body.state === 'recalled');
    expect(connector.deleted).toHaveLength(3);
  });

  it('"Remind those not done" sends each unfinished person their next step, as a broadcast of its own', async () => {
    const people = await seedPeople(bot.app, connector.serviceUrl, 3);
    await tick(bot.app, people[0], 'everything');
    const { id } = await bot.app.broadcasts.create('aad-admin', {
      content: { kind: 'checklist', checklistId: 'setup' },
      audience: { kind: 'all' },
    });
    await waitForBroadcast(bot.url, id, finished);

    const status = await press({ verb: 'broadcast.status', data: { broadcastId: id } }, {}, 'status-2');
    // Delivery and progress are two labelled groups, never one list.
    expect(visibleText(status)).toMatch(
      /Delivery\nQueued\nSent\n[\s\S]*\nProgress of the people who got it\nDone\n/,
    );
    expect(visibleText(status)).toContain('Completed · Everyone who has the app · 3 recipients');
    const ask = await press(
      buttonsOf(status).find((button) => button.title === 'Remind those not done') as Button,
      {},
      'status-2',
    );
    // Nothing goes out before the admin has seen how many would be reminded.
    expect(visibleText(ask)).toContain('Send a reminder to 2 people?');
    expect((await bot.app.broadcasts.list()).some((entry) => entry.content.kind === 'reminder')).toBe(false);
    await press(
      buttonsOf(ask).find((button) => button.title === 'Yes, remind 2 people') as Button,
      {},
      'status-2',
    );
    const reminder = (await bot.app.broadcasts.list()).find((entry) => entry.content.kind === 'reminder');
    expect(reminder).toMatchObject({ total: 2, createdBy: 'aad-admin' });
    await waitForBroadcast(bot.url, String(reminder?.id), finished);
    expect(connector.deliveriesTo(`a:1on1-29:${people[0]}`)).toBe(1);
    for (const person of people.slice(1)) {
      const copies = connector.delivered.get(`a:1on1-29:${person}`) ?? [];
      expect(copies).toHaveLength(2);
      expect(visibleText(cardIn(copies[1]))).toContain('A friendly reminder: your next setup step');
      expect(visibleText(cardIn(copies[1]))).toContain('Install an authenticator app, step 1 of 1');
    }
    // The reminder's own status card was posted to the admin and is kept up to date.
    expect(visibleText(cardIn(connector.delivered.get('a:admin-chat')?.at(-1) ?? {}))).toContain(
      'Broadcast: Reminder: Microsoft 365 setup',
    );
    const audit = (await bot.app.audit.entries()).filter((entry) => entry.action === 'broadcast.create');
    expect(audit.map((entry) => entry.actor)).toEqual(['aad-admin', 'aad-admin']);
  });

  it('"Download list" is a short-lived signed link to the CSV', async () => {
    await seedPeople(bot.app, connector.serviceUrl, 2);
    const { id } = await bot.app.broadcasts.create('aad-admin', {
      content: { kind: 'checklist', checklistId: 'setup' },
      audience: { kind: 'all' },
    });
    await waitForBroadcast(bot.url, id, finished);
    const status = await press({ verb: 'broadcast.status', data: { broadcastId: id } });
    const link = buttonsOf(status).find((button) => button.title === 'Download list')?.url as string;
    const csv = await fetch(link.replace(/^http:\/\/[^/]+/, bot.url));
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toBe('key,label,kind,state,attempts,progress,error');
    // Change the signature's first character to another one (a fixed "X" would sometimes be no change).
    const tampered = await fetch(
      link
        .replace(/^http:\/\/[^/]+/, bot.url)
        .replace(/sig=(.)/, (_, first: string) => `sig=${first === 'X' ? 'Y' : 'X'}`),
    );
    expect(tampered.status).toBe(403);
  });
});
