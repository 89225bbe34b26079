import { cardActionFrom, messageFrom, type Person } from './activities';
import { buttonsOf } from './cards';
import type { FakeTeamsConnector } from './fakeTeamsConnector';
import { postActivity } from './http';
import type { RunningBot } from './server';

export type Button = ReturnType<typeof buttonsOf>[number];

/** A person chatting with a running bot through the fake Teams connector, in their 1:1 chat. */
export function chatAs(bot: RunningBot, connector: FakeTeamsConnector, person: Person) {
  const conversationId = `a:chat-${person.teamsId}`;
  const where = { person, serviceUrl: connector.serviceUrl, conversationId };
  return {
    /** Says `text`; resolves with the card of the bot's last reply (undefined without one). */
    async say(text: string): Promise<Record<string, unknown> | undefined> {
      const before = connector.delivered.get(conversationId)?.length ?? 0;
      await postActivity(bot.url, messageFrom(text, where));
      const replies = (connector.delivered.get(conversationId) ?? []).slice(before);
      const withCard = replies.filter((reply) => Array.isArray(reply.attachments)).at(-1);
      const attachments = withCard?.attachments as { content: Record<string, unknown> }[] | undefined;
      return attachments?.[0]?.content;
    },
    /** Presses a card button (with any inputs); resolves with the invoke response body. */
    async press(button: Pick<Button, 'verb' | 'data'>, inputs: Record<string, unknown> = {}) {
      const response = await postActivity(
        bot.url,
        cardActionFrom(
          button.verb as string,
          { ...button.data, ...inputs },
          { ...where, replyToId: 'card-1' },
        ),
      );
      return response.body as { statusCode: number; type: string; value: unknown };
    },
  };
}

/** The button with this title (fails the test when the card has none). */
export function buttonTitled(card: unknown, title: string): Button {
  const button = buttonsOf(card).find((candidate) => candidate.title === title);
  if (!button) throw new Error(`No "${title}" button on the card`);
  return button;
}
