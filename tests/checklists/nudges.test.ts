import { messageFrom } from '../helpers/activities';
import { seedPeople } from '../helpers/broadcastFixtures';
import { visibleText } from '../helpers/cards';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { postActivity } from '../helpers/http';
import { startBot, type RunningBot } from '../helpers/server';

const HOUR = 60 * 60 * 1000;

/** Nudges for people who started and stopped: quiet period, working hours in their zone, three at most, opt-out. */
describe('Nudges', () => {
  let connector: FakeTeamsConnector;
  let bot: RunningBot;
  let now: Date;

  async function start(env: Record<string, string> = {}) {
    bot = await startBot(
      { ...env },
      { connectorTokens: { token: async () => undefined }, deliveryBackoff: () => 10, clock: () => now },
    );
  }
  const at = (iso: string) => (now = new Date(iso));
  const later = (ms: number) => (now = new Date(now.getTime() + ms));
  async function progress(person: string, ticked: string[], updatedAt: string) {
    const key = `progress/aad:aad-${person}`;
    await bot.app.store.put(
      key,
      {
        personKey: `aad:aad-${person}`,
        completed: Object.fromEntries(ticked.map((id) => [id, updatedAt])),
        completionOrder: ticked,
        updatedAt,
      },
      null,
    );
  }
  async function tickAndDeliver(): Promise<string[]> {
    const nudged = await bot.app.nudges.tick();
    for (
      let guard = 0;
      guard < 200 && (await bot.app.broadcasts.list()).some((status) => status.pending > 0);
      guard++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return nudged;
  }

  beforeEach(async () => {
    connector = new FakeTeamsConnector();
    await connector.start();
    at('2026-12-02T10:00:00Z'); // a Wednesday
  });
  afterEach(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('nudges someone who started and stopped, with their next step, once per quiet period and three times at most', async () => {
    await start();
    const [started, finished, untouched] = await seedPeople(bot.app, connector.serviceUrl, 3);
    const every =
      bot.app.assistant.guide
        .checklist('setup')
        ?.stages.flatMap((stage) => stage.steps.map((step) => step.id)) ?? [];
    await progress(started, ['install-authenticator'], '2026-11-29T10:00:00Z');
    await progress(finished, every, '2026-11-20T10:00:00Z');
    void untouched;

    expect(await tickAndDeliver()).toEqual([`aad:aad-${started}`]);
    const nudge = connector.delivered.get(`a:1on1-29:${started}`)?.[0] as {
      attachments: { content: unknown }[];
    };
    expect(visibleText(nudge.attachments[0].content)).toContain('A friendly reminder: your next setup step');
    expect(visibleText(nudge.attachments[0].content)).toContain(
      'Add your account to the authenticator and approve, step 1 of 5',
    );
    expect(visibleText(nudge.attachments[0].content)).toContain(
      'Type **stop reminders** to turn these reminders off.',
    );

    later(HOUR);
    expect(await tickAndDeliver()).toEqual([]);
    at('2026-12-04T11:00:00Z'); // Friday, two days on
    expect(await tickAndDeliver()).toEqual([`aad:aad-${started}`]);
    at('2026-12-06T11:00:00Z'); // Sunday: no nudges at the weekend
    expect(await tickAndDeliver()).toEqual([]);
    at('2026-12-07T11:00:00Z'); // Monday
    expect(await tickAndDeliver()).toEqual([`aad:aad-${started}`]);
    at('2026-12-09T11:00:00Z');
    expect(await tickAndDeliver()).toEqual([]);
    expect(connector.deliveriesTo(`a:1on1-29:${started}`)).toBe(3);
    expect(connector.delivered.has(`a:1on1-29:${finished}`)).toBe(false);
    expect(connector.delivered.has(`a:1on1-29:${untouched}`)).toBe(false);
  });

  it("waits for working hours in the person's own time zone", async () => {
    await start({ ORG_TIMEZONE: 'Europe/London' });
    const [london] = await seedPeople(bot.app, connector.serviceUrl, 1, 'ldn');
    await bot.app.conversations.record({
      conversationId: 'a:1on1-29:tokyo',
      conversationType: 'personal',
      serviceUrl: connector.serviceUrl,
      channelId: 'msteams',
      botId: '28:bot',
      userTeamsId: '29:tokyo',
      userAadObjectId: 'aad-tokyo',
      timezone: 'Asia/Tokyo',
    });
    await progress(london, ['install-authenticator'], '2026-11-28T10:00:00Z');
    await progress('tokyo', ['install-authenticator'], '2026-11-28T10:00:00Z');
    at('2026-12-02T02:00:00Z'); // 02:00 in London, 11:00 in Tokyo
    expect(await tickAndDeliver()).toEqual(['aad:aad-tokyo']);
    at('2026-12-02T18:30:00Z'); // 18:30 in London: after hours
    expect(await tickAndDeliver()).toEqual([]);
    at('2026-12-03T09:15:00Z');
    expect(await tickAndDeliver()).toEqual([`aad:aad-${london}`]);
  });

  it('stops for good when the person says "stop reminders"', async () => {
    await start();
    const [person] = await seedPeople(bot.app, connector.serviceUrl, 1);
    await progress(person, ['install-authenticator'], '2026-11-28T10:00:00Z');
    await postActivity(
      bot.url,
      messageFrom('stop reminders', {
        person: { teamsId: `29:${person}`, aadObjectId: `aad-${person}`, name: 'P' },
        serviceUrl: connector.serviceUrl,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reply = [...connector.delivered.values()].flat().at(-1) as { text?: string };
    expect(reply.text).toMatch(/won't send you any more reminders/);
    expect(await tickAndDeliver()).toEqual([]);
  });

  it('sends none when the quiet period is set to 0', async () => {
    await start({ NUDGE_QUIET_DAYS: '0' });
    const [person] = await seedPeople(bot.app, connector.serviceUrl, 1);
    await progress(person, ['install-authenticator'], '2026-11-01T10:00:00Z');
    expect(await tickAndDeliver()).toEqual([]);
  });
});
