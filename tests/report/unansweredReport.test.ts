import { ALICE, BOB, type Person } from '../helpers/activities';
import { ADMIN_KEY, api } from '../helpers/broadcastFixtures';
import { buttonsOf, visibleText } from '../helpers/cards';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { buttonTitled, chatAs } from '../helpers/feedbackChat';
import { startBot, type RunningBot } from '../helpers/server';

const ADMIN: Person = { teamsId: '29:admin', aadObjectId: 'aad-admin', name: 'Ivy Admin' };
const OUTLOOK_QUESTION = 'outlook on my laptop keeps asking for my password';

interface ReportJson {
  questions: number;
  groups: {
    count: number;
    examples: string[];
    guessedTopicId?: string;
    guessedTopicTitle?: string;
    outcomes: { outOfScope: number; clarify: number; notHelpful: number };
  }[];
  helpfulness: { topicId: string; helpful: number; notHelpful: number; helpfulPercent: number | null }[];
}

/** What people could not get answered, grouped, with helpfulness: for IT, in chat and the admin API. */
describe('The unanswered-questions report', () => {
  let connector: FakeTeamsConnector;
  let bot: RunningBot;

  beforeEach(async () => {
    connector = new FakeTeamsConnector();
    await connector.start();
    bot = await startBot(
      { ADMIN_API_KEY: ADMIN_KEY, ADMIN_AAD_IDS: 'AAD-ADMIN' },
      { connectorTokens: { token: async () => undefined } },
    );
  });
  afterEach(async () => {
    await bot.stop();
    await connector.stop();
  });

  /** Two people, similar wordings, one answer voted not helpful, one voted both ways. */
  async function askAround(): Promise<void> {
    const alice = chatAs(bot, connector, ALICE);
    const bob = chatAs(bot, connector, BOB);
    await alice.say('can I bring my dog to work');
    await bob.say('Can I bring my dog to work?');
    const office = await alice.say('dogs allowed in the office?');
    await alice.press(buttonTitled(office, 'Not helpful'));
    await bob.say('how do I get my work mail at home');
    const outlook = await alice.say(OUTLOOK_QUESTION);
    await alice.press(buttonTitled(outlook, 'Helpful'));
    await bob.press(buttonTitled(outlook, 'Not helpful'));
    const again = await bob.say(OUTLOOK_QUESTION);
    await bob.press(buttonTitled(again, 'Helpful'));
  }

  it('groups similar wordings with counts and the guessed topic, and gives per-topic helpfulness (API, JSON)', async () => {
    await askAround();
    const response = await api(bot.url, 'GET', '/api/report');
    expect(response.status).toBe(200);
    const report = response.body as unknown as ReportJson;

    const dogs = report.groups.find((group) => group.examples.includes('can I bring my dog to work'));
    expect(dogs).toEqual({
      count: 3,
      examples: ['can I bring my dog to work', 'dogs allowed in the office?'],
      guessedTopicId: 'out_of_scope',
      guessedTopicTitle: 'Not about the setup',
      outcomes: { outOfScope: 2, clarify: 0, notHelpful: 1 },
      keyTerm: 'dog',
    });
    const mail = report.groups.find((group) => group.examples.includes('how do I get my work mail at home'));
    expect(mail).toMatchObject({ count: 1, outcomes: { clarify: 1 }, guessedTopicId: 'outlook_web' });
    // The Outlook question was voted not helpful once (by Bob, on his first answer): one more group.
    expect(report.groups.map((group) => group.count).sort()).toEqual([1, 1, 3]);
    expect(report.questions).toBe(5);

    expect(report.helpfulness).toEqual(
      expect.arrayContaining([
        {
          topicId: 'outlook_reconfigure',
          title: 'Fix Outlook on Windows',
          helpful: 2,
          notHelpful: 1,
          helpfulPercent: 67,
        },
        {
          topicId: 'm365_apps',
          title: 'Your Microsoft 365 apps',
          helpful: 0,
          notHelpful: 1,
          helpfulPercent: 0,
        },
      ]),
    );
  });

  it('answers CSV with ?format=csv or Accept: text/csv, and only with the admin key', async () => {
    await askAround();
    for (const [path, headers] of [
      ['/api/report?format=csv', {}],
      ['/api/report', { accept: 'text/csv' }],
    ] as const) {
      const csv = await api(bot.url, 'GET', path, undefined, headers);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toBe(
        'section,count,examples,topic,outOfScope,clarify,notHelpful,helpful,helpfulPercent',
      );
      expect(lines).toContain(
        'question group,3,can I bring my dog to work | dogs allowed in the office?,out_of_scope,2,0,1,,',
      );
      expect(lines).toContain('helpfulness,3,,outlook_reconfigure,,,1,2,67');
    }
    const refused = await api(bot.url, 'GET', '/api/report', undefined, { authorization: 'Bearer wrong' });
    expect(refused.status).toBe(401);
    const audited = await bot.app.audit.entries();
    expect(audited.some((entry) => JSON.stringify(entry).includes('/api/report'))).toBe(true);
  });

  it('shows admins the report card in chat; anyone else is refused and the attempt audited', async () => {
    await askAround();
    const refusal = await chatAs(bot, connector, ALICE).say('report');
    expect(visibleText(refusal)).toContain('Only IT admins can see this report');
    const forged = await chatAs(bot, connector, ALICE).press({
      verb: 'report.addExample',
      data: { texts: ['can I bring my dog to work'], topicInput: 'topic0', topic0: 'support' },
    });
    expect(visibleText(forged.value)).toContain('Only IT admins can see this report');
    expect((await api(bot.url, 'GET', '/api/report')).body).toMatchObject({ questions: 5 });
    const refusals = (await bot.app.audit.entries()).filter((entry) => entry.action === 'report.refused');
    expect(refusals.map((entry) => [entry.actor, entry.detail?.attempted])).toEqual([
      ['aad-alice', 'report'],
      ['aad-alice', 'report.addExample'],
    ]);

    const card = await chatAs(bot, connector, ADMIN).say('report');
    const text = visibleText(card);
    expect(text).toContain('Unanswered questions');
    expect(text).toContain('**3 ×** “can I bring my dog to work”');
    expect(text).toContain('also: “dogs allowed in the office?”');
    expect(text).toContain('The bot guessed: Not about the setup (2 out of scope, 1 not helpful)');
    expect(JSON.stringify(card)).toContain(
      '{"title":"Fix Outlook on Windows","value":"2 helpful, 1 not helpful (67% helpful)"}',
    );
    expect(JSON.stringify(card)).toContain(
      '{"title":"Your Microsoft 365 apps","value":"0 helpful, 1 not helpful (0% helpful)"}',
    );
    expect(buttonsOf(card).filter((button) => button.verb === 'report.addExample')).toHaveLength(3);
  });

  it('adding an example from the report card changes the answer to that wording once the model reloads', async () => {
    const alice = chatAs(bot, connector, ALICE);
    const wording = 'the blue envelope icon wont open';
    const before = await alice.say(wording);
    // "I can only help with the Microsoft 365 setup": no answer card, nothing to rate.
    expect(buttonsOf(before).map((button) => button.title)).not.toContain('Helpful');

    const admin = chatAs(bot, connector, ADMIN);
    const card = await admin.say('report');
    const add = buttonsOf(card).find((button) => (button.data?.texts as string[])[0] === wording);
    expect(add).toBeDefined();
    const updated = await admin.press(add as { verb: string }, {
      [String(add?.data?.topicInput)]: 'outlook_reconfigure',
    });
    expect(visibleText(updated.value)).toContain(
      'Added the wording as an example of “Fix Outlook on Windows”. The bot has relearnt',
    );
    // Taught wordings leave the report.
    expect(visibleText(updated.value)).not.toContain(wording);

    const after = await alice.say(wording);
    expect(visibleText(after)).toContain('Open Credential Manager');
    expect(buttonTitled(after, 'Helpful').data).toMatchObject({ topicId: 'outlook_reconfigure' });

    const stored = await bot.app.store.listPage('training-example/');
    expect(stored.items.map((item) => item.value)).toEqual([
      { text: wording, topicId: 'outlook_reconfigure', addedBy: 'aad-admin', addedAt: expect.any(String) },
    ]);
    expect((await bot.app.audit.entries()).map((entry) => entry.action)).toContain('report.example-added');

    // Another instance on the same store (or this one after a restart) learns it when it starts.
    const other = await startBot(
      { ADMIN_API_KEY: ADMIN_KEY },
      { store: bot.app.store, connectorTokens: { token: async () => undefined } },
    );
    try {
      expect(other.app.assistant.understanding.understand(wording)).toMatchObject({
        kind: 'topic',
        topicId: 'outlook_reconfigure',
      });
    } finally {
      await other.app.server.close();
    }
  });

  it('POST /api/report/examples teaches a wording through the API, and refuses a topic the guide lacks', async () => {
    const wording = 'sync my calendar to my watch';
    expect(bot.app.assistant.understanding.understand(wording).kind).toBe('outOfScope');
    const added = await api(bot.url, 'POST', '/api/report/examples', {
      text: wording,
      topicId: 'phone_setup',
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      example: { text: wording, topicId: 'phone_setup', addedBy: 'api', addedAt: expect.any(String) },
      answerNow: 'phone_setup',
    });
    const card = await chatAs(bot, connector, BOB).say(wording);
    expect(buttonTitled(card, 'Helpful').data).toMatchObject({ topicId: 'phone_setup' });

    const unknown = await api(bot.url, 'POST', '/api/report/examples', { text: wording, topicId: 'nope' });
    expect(unknown).toMatchObject({ status: 400, body: { message: '"nope" is not a topic of the guide.' } });
    const anonymous = await api(
      bot.url,
      'POST',
      '/api/report/examples',
      { text: wording, topicId: 'sspr' },
      { authorization: '' },
    );
    expect(anonymous.status).toBe(401);
  });
});
