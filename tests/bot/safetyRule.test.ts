import { buttonsOf, cardOf, visibleText } from '../helpers/cards';
import { BotHarness } from '../helpers/botHarness';

const REAUTH_MESSAGES = [
  'outlook popped up asking me to sign in again, should I reset my password?',
  'the thing on my phone keeps buzzing',
  'did my password expire?',
  'my session expired in teams',
  'I got an approval request on my authenticator',
  'Teams logged me out and wants my password again, do I need a new one?',
  'excel keeps asking me to approve a sign in',
  'a window popped up asking for my password, should I click forgot password?',
  'word wants me to verify my identity again',
  'do our passwords expire every 90 days?',
];

/** The rule above all: a prompt is approved (or denied and reported), never answered with a reset. */
describe('Safety rule: sign-in prompts, approval requests and "expired" passwords', () => {
  describe.each([
    ['self-service reset not yet enabled', {}],
    ['self-service reset enabled', { SSPR_ENABLED: 'true' }],
  ])('with %s', (_label, env) => {
    it.each(REAUTH_MESSAGES)('"%s" gets the do-not-reset warning first, and no reset link', async (text) => {
      const bot = new BotHarness(env);
      const replies = await bot.say(text);
      const card = cardOf(replies[0]);
      const body = (card?.body ?? []) as { style?: string; items?: { text?: string }[] }[];
      // The banner comes first on the card.
      expect(body[0].style).toBe('attention');
      expect(body[0].items?.[0].text).toContain('Do NOT reset your password');

      const shown = visibleText(card);
      expect(shown).toContain('no password expiration');
      expect(shown).toContain('Approve it in your authenticator');
      expect(shown).toContain('type the number shown on your screen');
      expect(shown).toContain('6-digit code');
      expect(shown).toContain('Deny it ("No, it\'s not me")');
      expect(shown).toContain('support@iteres.com');
      expect(shown).toMatch(/attackers/);

      const everything = JSON.stringify(replies);
      expect(everything).not.toContain('aka.ms/sspr');
      expect(everything).not.toMatch(/passwordreset/i);
      expect(buttonsOf(card).map((button) => button.data?.topicId)).not.toContain('sspr');
    });
  });

  it('answers a forgotten password with "MFA first" and IT support while self-service reset is off', async () => {
    const bot = new BotHarness();
    const replies = await bot.say('I forgot my password');
    expect(replies[0].text).toMatch(
      /You haven't finished setting up your authenticator yet, so don't reset your password now/,
    );
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    const text = visibleText(card);
    expect(text).toContain('Set up your authenticator before any password reset');
    expect(text).toContain('Do not try to reset your password before your MFA is set up');
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
    expect(text).toContain('Do not try to reset your password before your MFA is set up');
    expect(text).not.toContain('not switched on yet');
  });
});
