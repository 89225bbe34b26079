import { messageFrom, type Person } from '../helpers/activities';
import { buttonsOf, cardOf, visibleText } from '../helpers/cards';
import { BotHarness } from '../helpers/botHarness';

/** A prompt the person started themselves, or a question whether the password expired. */
const OWN_PROMPTS = [
  'outlook popped up asking me to sign in again, should I reset my password?',
  'did my password expire?',
  'my session expired in teams',
  'Teams logged me out and wants my password again, do I need a new one?',
  'excel keeps asking me to approve a sign in',
  'a window popped up asking for my password, should I click forgot password?',
  'word wants me to verify my identity again',
  'do our passwords expire every 90 days?',
  'I was signing in and it asked me to type a number',
  'I just opened teams on my laptop and my phone wants me to approve, it was me. should I change my password now?',
];

/** Prompts nobody started: at night, from abroad, repeated, a number with no sign-in, someone asking for the code. */
const UNSTARTED_PROMPTS = [
  "someone keeps sending me approval requests I didn't ask for",
  'the thing on my phone keeps buzzing with approval requests',
  'a number popped up on my phone but I was not signing in',
  'approval request at 3am, I was asleep',
  'I got an alert about a sign-in from another country',
  'a man rang saying he was from IT and asked me to read out the number on my authenticator',
  "My phone showed an approve request. I wasn't at my computer. Should I reset my password?",
];

/** Near-misses that must not trigger the safety answers. */
const NEAR_MISSES: [string, string][] = [
  [
    'I approved the first request while adding my account, is that right?',
    'Add your account to the authenticator and approve',
  ],
  [
    'outlook on my windows pc keeps asking for my password',
    'Re-configure Outlook on your Windows desktop or laptop',
  ],
  ['I forgot my password', 'Reset a forgotten password'],
  ['I got a new phone, how do I move the authenticator?', 'A new, lost or stolen phone'],
];

function noResetLink(replies: unknown): void {
  const everything = JSON.stringify(replies);
  expect(everything).not.toContain('aka.ms/sspr');
  expect(everything).not.toMatch(/passwordreset/i);
}

/** The rule above all: a prompt is approved (or denied and reported), never answered with a reset. */
describe('Safety rule: sign-in prompts, approval requests and "expired" passwords', () => {
  describe.each([
    ['self-service reset not yet enabled', {}],
    ['self-service reset enabled', { SSPR_ENABLED: 'true' }],
  ])('with %s', (_label, env) => {
    const bot = new BotHarness(env);
    // Each message from its own person: the per-person message rate would otherwise hold a long run back.
    let people = 0;
    const say = async (text: string) => {
      people++;
      const person: Person = {
        teamsId: `29:person-${people}`,
        aadObjectId: `aad-person-${people}`,
        name: 'Staff',
      };
      return (await bot.send(messageFrom(text, { person }))).replies;
    };

    it.each(OWN_PROMPTS)('"%s": do not reset, approve it, each said once', async (text) => {
      const replies = await say(text);
      expect(replies).toHaveLength(1);
      expect(replies[0].summary).toBe('Do NOT reset your password');
      // One statement: no text note on top of the card.
      expect(replies[0].text).toBeUndefined();
      const card = cardOf(replies[0]);
      const body = (card?.body ?? []) as { style?: string; items?: { text?: string }[] }[];
      // The banner comes first on the card.
      expect(body[0].style).toBe('attention');
      expect(body[0].items?.[0].text).toBe('Do NOT reset your password');

      const shown = visibleText(card);
      expect(shown).toContain('no password expiration');
      expect(shown).toContain('Approve it in your authenticator');
      expect(shown).toMatch(/type the number shown on your screen/i);
      expect(shown).toContain('6-digit code');
      expect(shown).toContain('Deny it ("No, it\'s not me")');
      expect(shown).toContain('support@iteres.com');
      // Said once: the expiry line, the approve step and the deny step appear one time each.
      expect(shown.match(/password expiration/g)).toHaveLength(1);
      expect(shown.match(/Approve it in your authenticator/g)).toHaveLength(1);
      expect(shown.match(/Deny it/g)).toHaveLength(1);
      expect(shown).not.toMatch(/the guide says/i);
      noResetLink(replies);
      expect(buttonsOf(card).map((button) => button.data?.topicId)).not.toContain('sspr');
    });

    it.each(UNSTARTED_PROMPTS)('"%s": the first words are "Deny it", then contact IT now', async (text) => {
      const replies = await say(text);
      expect(replies).toHaveLength(1);
      const card = cardOf(replies[0]);
      const body = (card?.body ?? []) as { style?: string; items?: { text?: string }[] }[];
      expect(body[0].style).toBe('attention');
      expect(body[0].items?.[0].text).toMatch(/^Deny it/);
      const shown = visibleText(card);
      expect(shown).toContain('Contact iTeres Support now: support@iteres.com');
      expect(shown).not.toMatch(/\bapprove it\b/i);
      expect(shown).not.toMatch(/type the number/i);
      noResetLink(replies);
      const topics = buttonsOf(card).map((button) => button.data?.topicId);
      expect(topics).not.toContain('sspr');
      expect(topics).not.toContain('reauth_prompt');
    });
  });

  it('tells someone who approved a request they did not start to call IT first', async () => {
    const bot = new BotHarness();
    const replies = await bot.say('I accidentally approved a sign in request that wasnt me');
    expect(replies).toHaveLength(1);
    expect(replies[0].summary).toMatch(/^Contact IT now/);
    // Said first, above the card: call IT now.
    expect(replies[0].text).toMatch(/^You approved a request you did not start: contact iTeres Support now/);
    expect(visibleText(cardOf(replies[0]))).toContain('Contact iTeres Support now');
    noResetLink(replies);
  });

  it.each(NEAR_MISSES)('"%s" is not a safety case', async (text, heading) => {
    const bot = new BotHarness();
    const replies = await bot.say(text);
    const shown = visibleText(cardOf(replies[replies.length - 1]));
    expect(shown).toContain(heading);
    expect(shown).not.toMatch(/^Deny it/m);
  });

  it('an Outlook password loop gets the Outlook fix with one line that a reset is not the answer', async () => {
    const bot = new BotHarness();
    const replies = await bot.say(
      'Outlook on my laptop keeps asking for my password in a loop, do I need to reset it?',
    );
    const shown = visibleText(cardOf(replies[0]));
    expect(shown).toContain('Credential Manager');
    expect(shown.match(/not a reason to reset your password/g)).toHaveLength(1);
    noResetLink(replies);
  });

  it('answers a forgotten password with "MFA first" once, and IT support while self-service reset is off', async () => {
    const bot = new BotHarness();
    const replies = await bot.say('I forgot my password');
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    const text = visibleText(card);
    expect(text).toContain('Set up your authenticator before any password reset');
    expect(text.match(/Do not try to reset your password/g)).toHaveLength(1);
    expect(text).toContain('not switched on yet');
    expect(text).toContain('support@iteres.com');
    expect(JSON.stringify(card)).not.toContain('aka.ms/sspr');
  });

  it('points a forgotten password to the reset page, with its secondary verification, once it is enabled', async () => {
    const bot = new BotHarness({ SSPR_ENABLED: 'true', SSPR_URL: 'https://passwordreset.example.org' });
    const replies = await bot.say("I can't remember my password");
    const text = visibleText(cardOf(replies[replies.length - 1]));
    expect(text).toContain('https://passwordreset.example.org');
    expect(text).toContain('secondary verification');
    expect(text).toContain('Do not try to reset your password if you have not finished setting up');
    expect(text).not.toContain('not switched on yet');
  });
});
