import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Activity } from 'botbuilder';
import { cardActionFrom, messageFrom, type Person } from '../helpers/activities';
import { invokeCard, postActivity } from '../helpers/http';
import type { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import type { RunningBot } from '../helpers/server';

/** A pino logger whose lines the test can read. */
export function capturedLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** Chat with a running bot through the fake Teams connector. */
export function chatWith(bot: RunningBot, connector: FakeTeamsConnector, person: Person) {
  const conversationId = `a:chat-${person.teamsId}`;
  const where = (replyToId?: string) => ({
    person,
    serviceUrl: connector.serviceUrl,
    conversationId,
    timezone: 'Europe/London',
    replyToId,
  });
  return {
    conversationId,
    /** Every message the bot posted in answer. */
    async say(text: string): Promise<Record<string, unknown>[]> {
      const before = connector.delivered.get(conversationId)?.length ?? 0;
      await postActivity(bot.url, messageFrom(text, where()));
      await new Promise((resolve) => setTimeout(resolve, 50));
      return (connector.delivered.get(conversationId) ?? []).slice(before);
    },
    async press(verb: string, data: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
      return invokeCard((await postActivity(bot.url, cardActionFrom(verb, data, where('card-1')))).body);
    },
    /** Messages posted after a pressed button (its follow-ups). */
    posted(): Record<string, unknown>[] {
      return connector.delivered.get(conversationId) ?? [];
    },
  };
}

export const cardIn = (activity: Partial<Activity> | Record<string, unknown>) =>
  ((activity as { attachments?: { content: Record<string, unknown> }[] }).attachments ?? [])[0]?.content;
