import { ALICE, BOB } from '../helpers/activities';
import { buttonsOf, visibleText } from '../helpers/cards';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { buttonTitled, chatAs } from '../helpers/feedbackChat';
import { startBot, type RunningBot } from '../helpers/server';
import { storeContents } from '../helpers/storeContents';

const QUESTION = 'outlook on my laptop keeps asking for my password';

/** "Was this helpful?" under answers: one vote per person and answer, stored without identity. */
describe('Answer feedback', () => {
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

  const votes = () =>
    storeContents(bot.app.store)
      .filter((item) => item.key.startsWith('feedback/'))
      .map((item) => ({ key: item.key, value: item.value as Record<string, unknown> }));

  it('puts Helpful / Not helpful under an answer card, carrying the topic, an answer id and the question', async () => {
    const card = await chatAs(bot, connector, ALICE).say(QUESTION);
    expect(visibleText(card)).toContain('Was this helpful?');
    const helpful = buttonTitled(card, 'Helpful');
    const notHelpful = buttonTitled(card, 'Not helpful');
    expect(helpful).toMatchObject({
      verb: 'feedback.rate',
      data: { topicId: 'outlook_reconfigure', helpful: true, question: QUESTION },
    });
    expect(notHelpful.data).toMatchObject({ topicId: 'outlook_reconfigure', helpful: false });
    expect(notHelpful.data?.answerId).toBe(helpful.data?.answerId);
    expect(String(helpful.data?.answerId)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records a press once per answer and person: a second press changes the vote, another person adds one', async () => {
    const alice = chatAs(bot, connector, ALICE);
    const card = await alice.say(QUESTION);

    const thanks = await alice.press(buttonTitled(card, 'Helpful'));
    expect(thanks).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(visibleText(thanks.value)).toContain('Thanks for the feedback');
    expect(visibleText(thanks.value)).toContain('Open Credential Manager'); // the answer stays
    expect(buttonsOf(thanks.value).filter((button) => button.verb === 'feedback.rate')).toHaveLength(0);
    expect(votes()).toHaveLength(1);
    expect(votes()[0].value).toMatchObject({
      topicId: 'outlook_reconfigure',
      helpful: true,
      question: QUESTION,
    });

    await alice.press(buttonTitled(card, 'Helpful'));
    expect(votes()).toHaveLength(1);
    await alice.press(buttonTitled(card, 'Not helpful'));
    expect(votes()).toHaveLength(1);
    expect(votes()[0].value).toMatchObject({ helpful: false, question: QUESTION });

    await chatAs(bot, connector, BOB).press(buttonTitled(card, 'Helpful'));
    expect(
      votes()
        .map((vote) => vote.value.helpful)
        .sort(),
    ).toEqual([false, true]);

    // Nothing in the votes names the people: keys are salted hashes, values carry no id.
    const stored = JSON.stringify(votes());
    for (const id of [ALICE.teamsId, ALICE.aadObjectId, BOB.teamsId, BOB.aadObjectId, ALICE.name])
      expect(stored.toLowerCase()).not.toContain(id.toLowerCase());
  });

  it('"Not helpful" asks what they were looking for, offers Ask IT, and stores the answer', async () => {
    const alice = chatAs(bot, connector, ALICE);
    const card = await alice.say(QUESTION);
    const asked = await alice.press(buttonTitled(card, 'Not helpful'));

    expect(visibleText(asked.value)).toContain('Thanks for the feedback');
    expect(JSON.stringify(asked.value)).toContain(
      JSON.stringify({
        type: 'Input.Text',
        id: 'feedbackDetail',
        label: 'What were you looking for? (optional)',
      }).slice(1, -1),
    );
    expect(buttonTitled(asked.value, 'Ask IT')).toEqual({
      title: 'Ask IT',
      verb: 'escalation.ask',
      data: { question: QUESTION },
      url: undefined,
    });
    const send = buttonTitled(asked.value, 'Send');
    expect(send.verb).toBe('feedback.detail');

    const done = await alice.press(send, { feedbackDetail: 'how to stop it asking on my home PC' });
    expect(visibleText(done.value)).toContain('Thanks for the feedback');
    expect(buttonsOf(done.value).map((button) => button.title)).toContain('Ask IT');
    expect(buttonsOf(done.value).map((button) => button.title)).not.toContain('Send');
    expect(votes()).toHaveLength(1);
    expect(votes()[0].value).toMatchObject({
      helpful: false,
      question: QUESTION,
      detail: 'how to stop it asking on my home PC',
    });
  });

  it('the warning cards get the buttons too, and a forged feedback button changes nothing', async () => {
    const alice = chatAs(bot, connector, ALICE);
    const warning = await alice.say('I got an approval request but I was not signing in');
    expect(buttonTitled(warning, 'Helpful').data).toMatchObject({ topicId: 'unrequested_prompt' });

    const forged = await alice.press({
      verb: 'feedback.rate',
      data: { topicId: 'no_such_topic', answerId: 'x', helpful: true },
    });
    expect(visibleText(forged.value)).toContain('That button is out of date');
    expect(votes()).toHaveLength(0);
  });
});
