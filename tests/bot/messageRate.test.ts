import { MessageRate, SLOW_DOWN_REPLY } from '../../src/bot/messageRate';
import { ALICE, BOB, messageFrom } from '../helpers/activities';
import { BotHarness } from '../helpers/botHarness';

describe('One person sending messages as fast as a script', () => {
  it('gets answers for a burst, then one friendly "slow down", then silence; others are unaffected', async () => {
    const bot = new BotHarness({ USER_MESSAGE_BURST: '5', USER_MESSAGES_PER_MINUTE: '1' });
    const replies: string[] = [];
    for (let i = 0; i < 12; i++) {
      const turn = await bot.send(messageFrom('which authenticator app', { person: ALICE }));
      replies.push(turn.replies.length === 0 ? 'none' : String(turn.replies[0].text ?? 'card'));
    }
    expect(replies.slice(0, 5).every((reply) => reply !== 'none' && reply !== SLOW_DOWN_REPLY)).toBe(true);
    expect(replies[5]).toBe(SLOW_DOWN_REPLY);
    expect(replies.slice(6)).toEqual(Array(6).fill('none'));
    const bob = await bot.send(messageFrom('which authenticator app', { person: BOB }));
    expect(bob.replies.length).toBeGreaterThan(0);
    expect(bob.replies[0].text).not.toBe(SLOW_DOWN_REPLY);
  });

  it('refills with time', () => {
    let now = 0;
    const rate = new MessageRate({ burst: 2, perMinute: 60 }, () => now);
    expect([rate.decide('p'), rate.decide('p'), rate.decide('p'), rate.decide('p')]).toEqual([
      'answer',
      'answer',
      'slowDown',
      'ignore',
    ]);
    now += 1000;
    expect(rate.decide('p')).toBe('answer');
  });
});
