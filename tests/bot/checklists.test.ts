import { ALICE, BOB, cardActionFrom, messageFrom } from '../helpers/activities';
import { buttonsOf, cardOf, visibleText } from '../helpers/cards';
import { BotHarness } from '../helpers/botHarness';
import { doneButtonFor, progressLineOf, responseCard } from '../helpers/invokeCards';

/** Checklists in chat: the card, its buttons, and the commands around it. */
describe('Setup checklist', () => {
  let bot: BotHarness;
  beforeEach(() => {
    bot = new BotHarness();
  });

  async function press(button: { verb?: string; data?: Record<string, unknown> }, person = ALICE) {
    return bot.send(cardActionFrom(button.verb as string, button.data ?? {}, { person }));
  }

  async function checklist(person = ALICE) {
    const replies = (await bot.send(messageFrom('start setup', { person }))).replies;
    expect(replies).toHaveLength(1);
    return cardOf(replies[0]) as Record<string, unknown>;
  }

  it('"start setup" sends the whole journey, with what Teams already proves shown as done', async () => {
    const card = await checklist();
    const text = visibleText(card);
    expect(card).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.5',
      refresh: { action: { type: 'Action.Execute', verb: 'checklist.show' } },
    });
    expect(progressLineOf(card)).toBe('8 of 29 steps done');
    expect(text).toContain("✓ First sign-in to the Microsoft 365 portal (you're in Teams, so this is done)");
    expect(text).toContain("✓ Change your temporary password (you're in Teams, so this is done)");
    expect(text).toContain('Is your authenticator app already set up on your phone?');
    expect(text).toContain('▶ Install an authenticator app (0 of 1)');
    expect(text).toContain('**Microsoft Authenticator:** Search for "Microsoft Authenticator"');
    expect(text).toContain('○ Set up your phone or tablet (Outlook and Teams)');
    expect(buttonsOf(card).map((button) => button.title)).toEqual(
      expect.arrayContaining(['Done', "I'm stuck", "Yes, it's set up", 'Not yet']),
    );
  });

  it.each(['checklist', 'show my progress', 'Start setup please'])(
    '"%s" also sends the checklist',
    async (text) => {
      const replies = (await bot.send(messageFrom(text))).replies;
      expect(progressLineOf(cardOf(replies[0]))).toBe('8 of 29 steps done');
    },
  );

  it('Done updates the card in place: the count grows and the next stage opens with its exact taps', async () => {
    const card = await checklist();
    const result = await press(doneButtonFor(card, 'install-authenticator'));
    expect(result.replies).toHaveLength(0);
    const updated = responseCard(result);
    const text = visibleText(updated);
    expect(progressLineOf(updated)).toBe('9 of 29 steps done');
    expect(text).toContain('✓ Install an authenticator app');
    expect(text).toContain('▶ Add your account to the authenticator and approve (0 of 5)');
    expect(text).toContain(
      "**Microsoft Authenticator:** Select '+' in the upper right. → Select 'Work or School account'.",
    );
    expect(text).toContain("**Google Authenticator:** Select '+' in the lower right.");
    // The last ticked step sits in a finished stage: its Undo is offered under that stage.
    expect(text).toContain('Last ticked: Open your phone');
    expect(buttonsOf(updated).filter((button) => button.title === 'Undo')).toHaveLength(1);
  });

  it('Undo unticks the last completed step', async () => {
    let card = await checklist();
    card = responseCard(await press(doneButtonFor(card, 'install-authenticator')));
    card = responseCard(await press(doneButtonFor(card, 'open-authenticator')));
    expect(progressLineOf(card)).toBe('10 of 29 steps done');
    const undo = buttonsOf(card).find((button) => button.title === 'Undo');
    expect(undo?.data).toMatchObject({ stepId: 'open-authenticator' });
    card = responseCard(await press(undo as { verb: string; data: Record<string, unknown> }));
    expect(progressLineOf(card)).toBe('9 of 29 steps done');
    expect(buttonsOf(card).find((button) => button.title === 'Undo')?.data).toMatchObject({
      stepId: 'install-authenticator',
    });
  });

  it('"Yes, it\'s set up" marks the authenticator stages done and stops asking', async () => {
    const card = await checklist();
    const yes = buttonsOf(card).find((button) => button.title === "Yes, it's set up");
    const updated = responseCard(await press(yes as { verb: string; data: Record<string, unknown> }));
    const text = visibleText(updated);
    expect(progressLineOf(updated)).toBe('14 of 29 steps done');
    expect(text).toContain(
      '✓ Add your account to the authenticator and approve (you said your authenticator is set up)',
    );
    expect(text).not.toContain('Is your authenticator app already set up');
    expect(text).toContain('▶ Set up your phone or tablet (Outlook and Teams) (0 of 6)');
  });

  it('"Not yet" stops asking but keeps the steps to do', async () => {
    const card = await checklist();
    const no = buttonsOf(card).find((button) => button.title === 'Not yet');
    const updated = responseCard(await press(no as { verb: string; data: Record<string, unknown> }));
    expect(progressLineOf(updated)).toBe('8 of 29 steps done');
    expect(visibleText(updated)).not.toContain('Is your authenticator app already set up');
  });

  it("I'm stuck answers with the stage's guide topic and offers IT support, and keeps the card", async () => {
    const card = await checklist();
    const stuck = buttonsOf(card).find((button) => button.title === "I'm stuck");
    const result = await press(stuck as { verb: string; data: Record<string, unknown> });
    expect(result.replies).toHaveLength(2);
    expect(visibleText(cardOf(result.replies[0]))).toContain('Install an authenticator app');
    expect(buttonsOf(cardOf(result.replies[0])).map((button) => button.title)).toContain(
      'Contact IT support',
    );
    expect(result.replies[1].text).toMatch(/Still stuck\? Contact iTeres Support at support@iteres\.com/);
    expect(progressLineOf(responseCard(result))).toBe('8 of 29 steps done');
  });

  it('"where was I" answers with the next open step, and its Done moves on to the following one', async () => {
    const replies = (await bot.send(messageFrom('where was I?'))).replies;
    const card = cardOf(replies[0]);
    const text = visibleText(card);
    expect(text).toContain('Your next step');
    expect(text).toContain('Install an authenticator app, step 1 of 1');
    const next = responseCard(await press(doneButtonFor(card, 'install-authenticator')));
    expect(visibleText(next)).toContain('Add your account to the authenticator and approve, step 1 of 5');
    expect(progressLineOf(next)).toBe('9 of 29 steps done');
  });

  it('"reset my checklist" asks first, and only the confirmation clears the progress', async () => {
    const card = await checklist();
    await press(doneButtonFor(card, 'install-authenticator'));
    const confirm = cardOf((await bot.send(messageFrom('reset my checklist'))).replies[0]);
    expect(visibleText(confirm)).toContain('Clear your checklist progress?');
    expect((await bot.progress.get('aad:aad-alice')).completionOrder).toEqual(['install-authenticator']);

    const keep = buttonsOf(confirm).find((button) => button.title === 'Keep my progress');
    expect(
      progressLineOf(responseCard(await press(keep as { verb: string; data: Record<string, unknown> }))),
    ).toBe('9 of 29 steps done');

    const yes = buttonsOf(confirm).find((button) => button.title === 'Yes, clear it');
    expect(
      progressLineOf(responseCard(await press(yes as { verb: string; data: Record<string, unknown> }))),
    ).toBe('8 of 29 steps done');
    expect((await bot.progress.get('aad:aad-alice')).completed).toEqual({});
  });

  it('a button pressed on an old card acts on the current state and returns the current card', async () => {
    const old = await checklist();
    const first = responseCard(await press(doneButtonFor(old, 'install-authenticator')));
    const again = responseCard(await press(doneButtonFor(old, 'install-authenticator')));
    expect(progressLineOf(first)).toBe('9 of 29 steps done');
    expect(progressLineOf(again)).toBe('9 of 29 steps done');
    expect((await bot.progress.get('aad:aad-alice')).completionOrder).toEqual(['install-authenticator']);
  });

  it("a person can only change their own progress, whoever's card they press", async () => {
    const alicesCard = await checklist(ALICE);
    const result = await press(doneButtonFor(alicesCard, 'install-authenticator'), BOB);
    expect(progressLineOf(responseCard(result))).toBe('9 of 29 steps done');
    expect(Object.keys((await bot.progress.get('aad:aad-bob')).completed)).toEqual(['install-authenticator']);
    expect((await bot.progress.get('aad:aad-alice')).completed).toEqual({});
  });

  it.each([
    [
      'an unknown checklist',
      'checklist.done',
      { checklistId: 'no-such-list', stepId: 'install-authenticator' },
    ],
    ['an unknown step', 'checklist.done', { checklistId: 'setup', stepId: 'format-hard-drive' }],
    [
      'a step of another checklist',
      'checklist.done',
      { checklistId: 'phone', stepId: 'install-authenticator' },
    ],
    ['a missing step id', 'checklist.undo', { checklistId: 'setup' }],
    ['a wrong type', 'checklist.done', { checklistId: ['setup'], stepId: 42 }],
    ['a bad answer', 'checklist.authenticator', { checklistId: 'setup', answer: 'maybe' }],
    ['a reset without confirmation', 'checklist.reset', { checklistId: 'setup' }],
    ['a stuck on a foreign topic', 'checklist.stuck', { checklistId: 'setup', topicId: 'sspr' }],
  ])('%s gets an error card and changes nothing', async (_label, verb, data) => {
    await press(doneButtonFor(await checklist(), 'install-authenticator'));
    const before = await bot.progress.get('aad:aad-alice');
    const result = await bot.send(cardActionFrom(verb, data));
    expect(visibleText(responseCard(result))).toContain('That button is out of date');
    expect(result.replies).toHaveLength(0);
    expect(await bot.progress.get('aad:aad-alice')).toEqual(before);
  });

  it('in a group chat, posts one card for everyone whose refresh shows each viewer their own progress', async () => {
    const replies = (
      await bot.send(
        messageFrom('start setup', { conversationId: '19:group@thread.v2', conversationType: 'groupChat' }),
      )
    ).replies;
    const card = cardOf(replies[0]) as Record<string, unknown>;
    expect(visibleText(card)).toContain('Microsoft 365 setup: show my progress');
    // The member count could not be read here, so only the person who asked is listed (at most 60 ids).
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'checklist.show', data: { checklistId: 'setup' } },
      userIds: [ALICE.teamsId],
    });
    const refreshed = responseCard(
      await bot.send(
        cardActionFrom(
          'checklist.show',
          { checklistId: 'setup' },
          { person: BOB, conversationType: 'groupChat' },
        ),
      ),
    );
    expect(progressLineOf(refreshed)).toBe('8 of 29 steps done');
  });

  it('uses progress in answers: a reset request before MFA is told, once, to finish MFA first', async () => {
    const replies = (await bot.send(messageFrom('I forgot my password'))).replies;
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toBeUndefined();
    const text = visibleText(cardOf(replies[0]));
    expect(text).toContain('Set up your authenticator before any password reset');
    expect(text.match(/Do not try to reset your password/g)).toHaveLength(1);
    expect(JSON.stringify(replies)).not.toContain('aka.ms/sspr');
  });

  it('uses progress in answers: someone who finished everything is not told to set up the authenticator first', async () => {
    let card = await checklist();
    const yes = buttonsOf(card).find((button) => button.title === "Yes, it's set up");
    card = responseCard(await press(yes as { verb: string; data: Record<string, unknown> }));
    for (let guard = 0; guard < 30 && progressLineOf(card) !== '29 of 29 steps done'; guard++) {
      const done = buttonsOf(card).find((button) => button.title === 'Done');
      card = responseCard(await press(done as { verb: string; data: Record<string, unknown> }));
    }
    expect(visibleText(card)).toContain('All done! Your Microsoft 365 setup is complete.');
    const reset = (await bot.send(messageFrom('I forgot my password'))).replies;
    expect(reset).toHaveLength(1);
    const resetText = visibleText(cardOf(reset[0]));
    expect(resetText).toContain('Reset a forgotten password');
    expect(resetText).not.toContain('Set up your authenticator before any password reset');
    expect(resetText).not.toMatch(/finish(ed)? setting up your MFA/);

    // A prompt gets the warning card alone: no text note repeating it.
    const replies = (await bot.send(messageFrom('teams asked me to sign in again'))).replies;
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toBeUndefined();
    expect(visibleText(cardOf(replies[0]))).toContain('Do NOT reset your password');
  });
});
